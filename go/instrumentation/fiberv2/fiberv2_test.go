package fiberv2

import (
	"errors"
	"net/http/httptest"
	"testing"
	"unsafe"

	"github.com/gofiber/fiber/v2"
	fiberrecover "github.com/gofiber/fiber/v2/middleware/recover"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	gfasthttp "gotel.dev/instrumentation/fasthttp"
	"gotel.dev/runtime/hook"
)

// The tests run a real fiber app through fasthttp's ServeConn (App.Test)
// with the fasthttp hooks applied, and call the fiber hooks from inside
// handlers where woven code would: App.next's After once a route matched,
// Ctx.Next's After while a panic unwinds.

type ctxMirror struct {
	data   any
	panicV any
	flags  uint32
}

const flagPanicking = 1 << 1

// nextReturned runs the hooks of an App.next that matched c's current
// route.
func nextReturned(app *fiber.App, c *fiber.Ctx) {
	var m ctxMirror
	hc := (*hook.Context)(unsafe.Pointer(&m))
	NextBefore(hc, app, c)
	NextAfter(hc, true, nil)
}

// panicThroughNext panics with v as a handler run by c.Next would, the
// woven Ctx.Next's After seeing the panic.
func panicThroughNext(c *fiber.Ctx, v any) {
	var m ctxMirror
	hc := (*hook.Context)(unsafe.Pointer(&m))
	CtxNextBefore(hc, c)
	defer func() {
		r := recover()
		m.panicV, m.flags = r, m.flags|flagPanicking
		CtxNextAfter(hc, nil)
		panic(r)
	}()
	panic(v)
}

func TestRouteAndRecoveredPanic(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans)))

	app := fiber.New()
	app.Use(func(c *fiber.Ctx) error {
		nextReturned(app, c) // a Use route: not the request's template
		return c.Next()
	})
	app.Get("/users/:id", func(c *fiber.Ctx) error {
		nextReturned(app, c)
		return c.SendString(c.Params("id"))
	})
	app.Get("/panic", fiberrecover.New(), func(c *fiber.Ctx) error {
		nextReturned(app, c)
		panicThroughNext(c, errors.New("boom"))
		return nil
	})
	gfasthttp.ServeConnBefore(nil, app.Server(), nil)

	for path, status := range map[string]int{"/users/42": 200, "/panic": 500, "/nowhere": 404} {
		resp, err := app.Test(httptest.NewRequest("GET", path, nil), 5000)
		if err != nil || resp.StatusCode != status {
			t.Fatalf("%s: %v %v", path, resp, err)
		}
	}
	byPath := map[string]tracetest.SpanStub{}
	for _, s := range spans.GetSpans() {
		for _, a := range s.Attributes {
			if a.Key == "url.path" {
				if _, dup := byPath[a.Value.AsString()]; dup {
					t.Errorf("two spans for %s", a.Value.AsString())
				}
				byPath[a.Value.AsString()] = s
			}
		}
	}
	route := func(s tracetest.SpanStub) string {
		for _, a := range s.Attributes {
			if a.Key == "http.route" {
				return a.Value.AsString()
			}
		}
		return ""
	}
	if s := byPath["/users/42"]; s.Name != "GET /users/:id" || route(s) != "/users/:id" {
		t.Errorf("/users/42: name %q route %q", s.Name, route(s))
	}
	if s := byPath["/nowhere"]; s.Name != "GET" || route(s) != "" {
		t.Errorf("/nowhere: name %q route %q (a Use route is no template)", s.Name, route(s))
	}
	s := byPath["/panic"]
	if s.Name != "GET /panic" || s.Status.Code != codes.Error || s.Status.Description != "boom" || len(s.Events) != 1 || s.Events[0].Name != "exception" {
		t.Errorf("/panic: name %q status %v events %v", s.Name, s.Status, s.Events)
	}
}
