// fasthttp serves a fasthttp server, fiber v2 (and, in fasthttp_new, fiber
// v3) apps and a net/http server on loopback, and has them call each other:
// fasthttp client → net/http server and net/http client → fasthttp server
// from inside handlers (no context: the parent comes from the goroutine),
// fiber routes with parameters, a panic fiber's recover middleware stops,
// a 503, a request with a malformed traceparent, and client failures (a
// server that is down, a timeout). main requests each path once, prints
// what it got and exits, so that the plain and the instrumented build can
// be compared line by line.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/valyala/fasthttp"
)

// extraApps is set by fasthttp_new's fiberv3.go: more apps to start, each
// returning the paths main requests.
var extraApps []func(nethttpAddr string) []string

func listen() net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	return ln
}

// fetch sends a GET with fasthttp's client, outside any span.
func fetch(url string) string {
	req := fasthttp.AcquireRequest()
	resp := fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(url)
	err := fasthttp.DoTimeout(req, resp, 10*time.Second)
	if err != nil {
		return "err=" + err.Error()
	}
	return fmt.Sprintf("%d %s", resp.StatusCode(), resp.Body())
}

// rawGet sends a request by hand, with headers no client would set.
func rawGet(addr, path, traceparent string) string {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return "err=" + err.Error()
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\ntraceparent: %s\r\nConnection: close\r\n\r\n", path, addr, traceparent)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return "err=" + err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, b)
}

func main() {
	nhLn, fhLn, f2Ln := listen(), listen(), listen()
	nhAddr, fhAddr := nhLn.Addr().String(), fhLn.Addr().String()
	downLn := listen()
	downAddr := downLn.Addr().String()
	downLn.Close() // nothing listens there any more

	// net/http: a leaf, and a handler that calls the fasthttp server with
	// net/http's client (http.Get: no context).
	mux := http.NewServeMux()
	mux.HandleFunc("/nh/inner", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "inner")
	})
	mux.HandleFunc("/nh/call", func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get("http://" + fhAddr + "/fh/leaf")
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Fprintf(w, "called %d %s", resp.StatusCode, b)
	})
	go http.Serve(nhLn, mux)

	// fasthttp, a plain handler.
	slow := make(chan struct{})
	fh := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		switch string(ctx.Path()) {
		case "/fh/hello":
			// fasthttp's client (no context) and, from a goroutine,
			// net/http's: both children of this request's span.
			got := fetch("http://" + nhAddr + "/nh/inner")
			done := make(chan string)
			go func() {
				resp, err := http.Get("http://" + nhAddr + "/nh/inner?from=goroutine")
				if err != nil {
					done <- err.Error()
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				done <- string(b)
			}()
			fmt.Fprintf(ctx, "hello (%s) (%s)", got, <-done)
		case "/fh/leaf", "/fh/foreign":
			ctx.WriteString("leaf")
		case "/fh/fail":
			ctx.Error("unavailable", 503)
		case "/fh/slow":
			select {
			case <-slow:
			case <-time.After(5 * time.Second):
			}
			ctx.WriteString("late")
		default:
			ctx.Error("not found", 404)
		}
	}}
	go fh.Serve(fhLn)

	// fiber v2.
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(recover.New())
	app.Get("/v2/users/:id", func(c *fiber.Ctx) error {
		got := fetch("http://" + nhAddr + "/nh/inner")
		return c.SendString("user " + c.Params("id") + " (" + got + ")")
	})
	app.Get("/v2/panic", func(c *fiber.Ctx) error {
		panic("v2 handler panicked")
	})
	go app.Listener(f2Ln)
	f2Addr := f2Ln.Addr().String()

	paths := []string{
		"http://" + fhAddr + "/fh/hello",
		"http://" + fhAddr + "/fh/fail",
		"http://" + nhAddr + "/nh/call",
		"http://" + f2Addr + "/v2/users/42",
		"http://" + f2Addr + "/v2/panic",
		"http://" + f2Addr + "/v2/nowhere",
		"http://" + downAddr + "/down",
	}
	for _, start := range extraApps {
		paths = append(paths, start(nhAddr)...)
	}
	for _, p := range paths {
		fmt.Printf("== %s: %s\n", p[strings.LastIndex(p, ":"):][strings.Index(p[strings.LastIndex(p, ":"):], "/"):], strings.ReplaceAll(fetch(p), downAddr, "DOWN"))
	}
	fmt.Println("== /fh/foreign:", rawGet(fhAddr, "/fh/foreign", "00-not-a-trace-context-01"))

	// A timeout: fasthttp returns ErrTimeout while the handler still runs.
	req := fasthttp.AcquireRequest()
	req.SetRequestURI("http://" + fhAddr + "/fh/slow")
	err := fasthttp.DoTimeout(req, nil, 100*time.Millisecond)
	fmt.Println("== /fh/slow: err =", err, err == fasthttp.ErrTimeout)
	close(slow)
	fmt.Println("done")
}
