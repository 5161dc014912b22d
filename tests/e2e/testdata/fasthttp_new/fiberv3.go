package main

import (
	"net"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/recover"
)

// fiber v3, like fiber v2 in main.go: a route with a parameter whose
// handler calls the net/http server, and a panic the recover middleware
// stops.
func init() {
	extraApps = append(extraApps, func(nhAddr string) []string {
		ln := listen()
		app := fiber.New()
		app.Use(recover.New())
		app.Get("/v3/users/:id", func(c fiber.Ctx) error {
			got := fetch("http://" + nhAddr + "/nh/inner")
			return c.SendString("user " + c.Params("id") + " (" + got + ")")
		})
		app.Get("/v3/panic", func(c fiber.Ctx) error {
			panic("v3 handler panicked")
		})
		go app.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true})
		addr := "http://" + ln.Addr().(*net.TCPAddr).String()
		return []string{addr + "/v3/users/7", addr + "/v3/panic"}
	})
}
