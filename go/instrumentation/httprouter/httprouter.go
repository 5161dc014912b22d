// Package httprouter holds the hook gotel weaves into httprouter
// (github.com/julienschmidt/httprouter). httprouter runs on net/http, whose
// hooks give every request its server span; the hook gives that span the
// route's path ("GET /users/:id", http.route and the span name) and records
// on it a handler's panic, which Router.PanicHandler may then recover.
package httprouter

import (
	"net/http"
	"runtime/debug"

	"github.com/julienschmidt/httprouter"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// HandleBefore is woven at the start of (*httprouter.Router).Handle, through
// which every route is added (GET, POST, …, Handler, HandlerFunc,
// ServeFiles). httprouter keeps no route in the request, so the handle is
// wrapped with one that knows its path: it reports it as the route when
// called and sees a panic pass (hook.PeekPanic does not stop it).
// Router.Lookup returns the wrapper, which behaves as the handle.
func HandleBefore(_ *hook.Context, _ *httprouter.Router, _ string, path string, handle *httprouter.Handle) {
	if handle == nil || *handle == nil {
		return
	}
	h := *handle
	*handle = func(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {
		var sp serverspan.Span
		if r != nil && r.URL != nil {
			if sp = serverspan.From(r.Context()); sp != nil {
				sp.Route(path, r.URL.Path)
			}
		}
		if sp != nil {
			defer func() {
				if peek := hook.PeekPanic; peek != nil {
					if v, ok := peek(); ok {
						sp.RecordPanic(v, debug.Stack())
					}
				}
			}()
		}
		h(w, r, ps)
	}
}
