// Package chi holds the hooks gotel weaves into chi v5
// (github.com/go-chi/chi/v5). chi runs on net/http, whose hooks give every
// request its server span; chi adds none of its own. Its hook gives that
// span chi's route pattern (http.route and the span name, "GET
// /users/{id}", the whole pattern across mounted sub-routers) and records
// on it a handler's panic that passes through chi's routing, so that one a
// middleware such as middleware.Recoverer recovers is still on the span.
package chi

import (
	"net/http"
	"runtime/debug"

	"github.com/go-chi/chi/v5"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// RouteBefore is woven at the start of (*chi.Mux).routeHTTP, the end of
// every Mux's middleware chain, where it finds the route and calls its
// handler: a router starts.
func RouteBefore(c *hook.Context, _ *chi.Mux, _ http.ResponseWriter, r *http.Request) {
	if r == nil {
		return
	}
	if sp := serverspan.From(r.Context()); sp != nil {
		sp.Enter()
		c.SetData(r)
	}
}

// RouteAfter is woven at the return of routeHTTP: the route context holds
// the patterns matched so far (those of the routers that mounted this one
// included), and a panic of the handler is passing through here on its way
// to a recovering middleware (or to net/http).
func RouteAfter(c *hook.Context) {
	r, _ := c.Data().(*http.Request)
	if r == nil {
		return
	}
	sp := serverspan.From(r.Context())
	if sp == nil {
		return
	}
	if c.Panicking() {
		// The stack still shows the panicking handler here.
		sp.RecordPanic(c.PanicValue(), debug.Stack())
	}
	route, path := "", ""
	if rctx := chi.RouteContext(r.Context()); rctx != nil && len(rctx.RoutePatterns) > 0 {
		route = rctx.RoutePattern()
	}
	if r.URL != nil {
		path = r.URL.Path
	}
	sp.Leave(route, path)
}
