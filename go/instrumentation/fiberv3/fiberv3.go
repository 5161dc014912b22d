// Package fiberv3 holds the hooks gotel weaves into github.com/gofiber/fiber/v3.
// fiber serves on fasthttp, whose gotel hooks start the request's server
// span; these hooks add fiber's knowledge to that span through
// gotel.dev/instrumentation/fasthttp's framework API: the template of the
// route that handled the request (http.route, the span name) and a panic
// of a handler, recorded as it unwinds through fiber's frames, before
// fiber's recover middleware (or the program's own) stops it.
package fiberv3

import (
	"reflect"

	"github.com/gofiber/fiber/v3"

	gfasthttp "gotel.dev/instrumentation/fasthttp"
	"gotel.dev/runtime/hook"
)

// NextBefore is woven at the start of (*fiber.App).next; it keeps the Ctx
// for NextAfter.
func NextBefore(hc *hook.Context, _ *fiber.App, c *fiber.DefaultCtx) {
	if c != nil {
		hc.SetData(fiber.Ctx(c))
	}
}

// NextCustomBefore is woven at the start of (*fiber.App).nextCustom, the
// next of apps with a custom Ctx type.
func NextCustomBefore(hc *hook.Context, _ *fiber.App, c fiber.CustomCtx) {
	if c != nil {
		hc.SetData(fiber.Ctx(c))
	}
}

// NextAfter is woven at the return of (*fiber.App).next and nextCustom.
// When it matched a route, c.Route() is the last route matched: the
// innermost call returns first, so the first route set is the most
// specific one. Routes added by Use (middleware prefixes) are not route
// templates of the request.
func NextAfter(hc *hook.Context, matched bool, _ error) {
	c, _ := hc.Data().(fiber.Ctx)
	if c == nil {
		return
	}
	rc := c.RequestCtx()
	if hc.Panicking() {
		gfasthttp.RecordPanic(rc, hc.PanicValue())
	}
	if !matched {
		return
	}
	if r := c.Route(); r != nil && !isUse(r) {
		gfasthttp.SetRoute(rc, r.Path)
	}
}

// CtxNextBefore is woven at the start of (*fiber.DefaultCtx).Next.
func CtxNextBefore(hc *hook.Context, c *fiber.DefaultCtx) {
	if c != nil {
		hc.SetData(c)
	}
}

// CtxNextAfter sees a panic of a handler that a middleware of the same
// route (app.Get("/x", h, recover.New())) may recover before it reaches
// App.next.
func CtxNextAfter(hc *hook.Context, _ error) {
	if !hc.Panicking() {
		return
	}
	if c, _ := hc.Data().(*fiber.DefaultCtx); c != nil {
		gfasthttp.RecordPanic(c.RequestCtx(), hc.PanicValue())
	}
}

// useField is the index of Route.use (unexported: set on the routes Use
// registers), -1 if this fiber has none.
var useField = func() int {
	f, ok := reflect.TypeOf(fiber.Route{}).FieldByName("use")
	if !ok || len(f.Index) != 1 || f.Type.Kind() != reflect.Bool {
		return -1
	}
	return f.Index[0]
}()

func isUse(r *fiber.Route) bool {
	if useField < 0 {
		return false
	}
	return reflect.ValueOf(r).Elem().Field(useField).Bool()
}
