// Package chi holds the hooks gotel weaves into chi v5
// (github.com/go-chi/chi/v5). chi runs on net/http, whose hooks give every
// request its server span; chi adds none of its own. Its hook gives that
// span chi's route pattern (http.route and the span name, "GET
// /users/{id}", the whole pattern across mounted sub-routers) and records
// on it a handler's panic that passes through chi's routing, so that one a
// middleware such as middleware.Recoverer recovers is still on the span —
// also one added to a route group only (With, Group), below the routing:
// the handler such a Recoverer wraps is wrapped to see the panic pass.
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

// RecovererBefore is woven at the start of middleware.Recoverer, which
// wraps next to recover its panics; a Recoverer a route group uses sits
// below routeHTTP, where RouteAfter sees no panic. next is wrapped in turn,
// by a handler that sees a panic pass (hook.PeekPanic does not stop it) and
// records it on the server span; Recoverer then recovers it unchanged. The
// program never sees next again, only what Recoverer returns.
func RecovererBefore(_ *hook.Context, next *http.Handler) {
	if next == nil || *next == nil || hook.PeekPanic == nil {
		return
	}
	h := *next
	*next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if peek := hook.PeekPanic; peek != nil {
				if v, ok := peek(); ok && r != nil {
					if sp := serverspan.From(r.Context()); sp != nil {
						sp.RecordPanic(v, debug.Stack())
					}
				}
			}
		}()
		h.ServeHTTP(w, r)
	})
}
