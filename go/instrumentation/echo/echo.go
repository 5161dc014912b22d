// Package echo holds the hooks gotel weaves into echo v4
// (github.com/labstack/echo/v4). echo runs on net/http, whose hooks give
// every request its server span; echo adds none of its own. Its hooks give
// that span echo's route template (http.route and the span name, "GET
// /users/:id") and record on it a handler's panic, which the Recover
// middleware then recovers.
package echo

import (
	"runtime/debug"

	"github.com/labstack/echo/v4"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// FindBefore is woven at the start of (*echo.Router).Find, which routes
// every request an Echo serves; it keeps the request's echo.Context.
func FindBefore(c *hook.Context, _ *echo.Router, _ string, _ string, ec echo.Context) {
	if ec != nil {
		c.SetData(ec)
	}
}

// FindAfter is woven at the return of Find: the context's Path is the
// matched route template ("" when nothing matched), reported before the
// handler runs.
func FindAfter(c *hook.Context) {
	ec, _ := c.Data().(echo.Context)
	if ec == nil || ec.Path() == "" {
		return
	}
	r := ec.Request()
	if r == nil || r.URL == nil {
		return
	}
	if sp := serverspan.From(r.Context()); sp != nil {
		sp.Route(ec.Path(), r.URL.Path)
	}
}

// AddBefore is woven at the start of (*echo.Echo).add, through which every
// route of an Echo and of its groups is added. The handler is wrapped, below
// every middleware (Recover included), to see a panic pass: it records the
// panic on the server span and lets it go on unchanged (hook.PeekPanic does
// not recover it). Router.Routes and Reverse do not show handlers, so the
// program sees no difference.
func AddBefore(_ *hook.Context, _ *echo.Echo, _, _, _ string, handler *echo.HandlerFunc, _ []echo.MiddlewareFunc) {
	if handler == nil || *handler == nil || hook.PeekPanic == nil {
		return
	}
	h := *handler
	*handler = func(ec echo.Context) error {
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

func recordPanic(ec echo.Context, v any) {
	if ec == nil {
		return
	}
	if r := ec.Request(); r != nil {
		if sp := serverspan.From(r.Context()); sp != nil {
			sp.RecordPanic(v, debug.Stack())
		}
	}
}
