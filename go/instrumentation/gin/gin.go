// Package gin holds the hooks gotel weaves into gin (github.com/gin-gonic/gin).
// gin runs on net/http, whose hooks give every request its server span; gin
// adds none of its own. Its hooks give that span gin's route template
// (http.route and the span name, "GET /users/:id") and record on it a
// handler's panic that gin's recovery middleware recovered.
package gin

import (
	"io"
	"runtime/debug"

	"github.com/gin-gonic/gin"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// RouteBefore is woven at the start of (*gin.Engine).handleHTTPRequest,
// which routes every request an Engine serves: a router starts (its match
// is known only when the handlers have run, see RouteAfter).
func RouteBefore(c *hook.Context, _ *gin.Engine, gc *gin.Context) {
	if gc == nil || gc.Request == nil {
		return
	}
	if sp := serverspan.From(gc.Request.Context()); sp != nil {
		sp.Enter()
		c.SetData(gc)
	}
}

// RouteAfter is woven at the return of handleHTTPRequest, before the Engine
// puts its Context back into its pool: FullPath is the matched route
// template ("" when none matched), the request's path the one gin routed.
func RouteAfter(c *hook.Context) {
	gc, _ := c.Data().(*gin.Context)
	if gc == nil || gc.Request == nil {
		return
	}
	if sp := serverspan.From(gc.Request.Context()); sp != nil {
		path := ""
		if gc.Request.URL != nil {
			path = gc.Request.URL.Path
		}
		sp.Leave(gc.FullPath(), path)
	}
}

// RecoveryBefore is woven at the start of gin.CustomRecoveryWithWriter, which
// gin.Recovery, RecoveryWithWriter and CustomRecovery all build their
// middleware with. The recovery function it is given is called with the
// panic value once the middleware recovered it; it is wrapped to record the
// panic on the server span first. The wrapper stays inside the middleware
// (the program never sees it) and calls the program's function unchanged.
func RecoveryBefore(_ *hook.Context, _ io.Writer, handle *gin.RecoveryFunc) {
	if handle == nil || *handle == nil {
		return
	}
	orig := *handle
	*handle = func(gc *gin.Context, err any) {
		if gc != nil && gc.Request != nil {
			if sp := serverspan.From(gc.Request.Context()); sp != nil {
				// Still inside the recovering deferred call: the stack
				// shows the panicking handler.
				sp.RecordPanic(err, debug.Stack())
			}
		}
		orig(gc, err)
	}
}
