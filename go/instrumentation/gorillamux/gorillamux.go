// Package gorillamux holds the hook gotel weaves into gorilla/mux
// (github.com/gorilla/mux). gorilla/mux runs on net/http, whose hooks give
// every request its server span; the hook gives that span the matched
// route's path template (http.route and the span name, "GET /users/{id}",
// subrouter prefixes included).
package gorillamux

import (
	"net/http"

	"github.com/gorilla/mux"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// RouteBefore is woven at the start of mux's requestWithRoute, which
// (*mux.Router).ServeHTTP calls with the matched route before it calls the
// route's handler. A route without a path template (matched by host or
// method alone) gives no route.
func RouteBefore(_ *hook.Context, r *http.Request, route *mux.Route) {
	if r == nil || r.URL == nil || route == nil {
		return
	}
	sp := serverspan.From(r.Context())
	if sp == nil {
		return
	}
	if tmpl, err := route.GetPathTemplate(); err == nil {
		sp.Route(tmpl, r.URL.Path)
	}
}
