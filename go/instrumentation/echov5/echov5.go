// Package echov5 holds the hooks gotel weaves into echo v5
// (github.com/labstack/echo/v5). echo runs on net/http, whose hooks give
// every request its server span; echo adds none of its own. Its hooks give
// that span echo's route template (http.route and the span name, "GET
// /users/:id") and record on it a handler's panic, which the Recover
// middleware then recovers.
package echov5

import (
	"runtime/debug"

	"github.com/labstack/echo/v5"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// RouteBefore is woven at the start of (*echo.DefaultRouter).Route, which
// routes every request of an Echo with the default router; it keeps the
// request's *echo.Context.
func RouteBefore(c *hook.Context, _ *echo.DefaultRouter, ec *echo.Context) {
	if ec != nil {
		c.SetData(ec)
	}
}

// RouteAfter is woven at the return of Route: the context's Path is the
// matched route template ("" when nothing matched), reported before the
// handler runs.
func RouteAfter(c *hook.Context, _ echo.HandlerFunc) {
	ec, _ := c.Data().(*echo.Context)
	if ec == nil {
		return
	}
	route := ec.Path()
	r := ec.Request()
	if route == "" || r == nil || r.URL == nil {
		return
	}
	if sp := serverspan.From(r.Context()); sp != nil {
		sp.Route(route, r.URL.Path)
	}
}

// AddBefore is woven at the start of (*echo.Echo).add, through which every
// route of an Echo and of its groups is added. The handler is wrapped, below
// every middleware (Recover included), to see a panic pass: it records the
// panic on the server span and lets it go on unchanged (hook.PeekPanic does
// not recover it).
func AddBefore(_ *hook.Context, _ *echo.Echo, route *echo.Route) {
	if route == nil || route.Handler == nil || hook.PeekPanic == nil {
		return
	}
	h := route.Handler
	route.Handler = func(ec *echo.Context) error {
		defer func() {
			if peek := hook.PeekPanic; peek != nil {
				if v, ok := peek(); ok {
					recordPanic(ec, v)
				}
			}
		}()
		return h(ec)
	}
}

func recordPanic(ec *echo.Context, v any) {
	if ec == nil {
		return
	}
	if r := ec.Request(); r != nil {
		if sp := serverspan.From(r.Context()); sp != nil {
			sp.RecordPanic(v, debug.Stack())
		}
	}
}
