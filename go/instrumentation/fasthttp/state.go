package fasthttp

import (
	"sync"

	"github.com/valyala/fasthttp"
)

// Accessors of unexported RequestCtx state, registered by the file the
// fasthttp/ctx-access rule injects into fasthttp. No initializers on
// purpose: fasthttp initialises before this package (which imports it), and
// an initializer would overwrite what its init registered.
var (
	ctxStateOf    func(ctx *fasthttp.RequestCtx) *interface{}
	timeoutStatus func(ctx *fasthttp.RequestCtx) int
)

// registerCtxAccess is called from the injected file (its name is part of
// the contract with inject/state.go.txt).
func registerCtxAccess(state func(*fasthttp.RequestCtx) *interface{}, timeout func(*fasthttp.RequestCtx) int) {
	ctxStateOf, timeoutStatus = state, timeout
}

var _ = registerCtxAccess // referenced only through go:linkname

// Without the inject (this package's own tests, a plain build) the state
// is kept in a map instead.
var fallback sync.Map // *fasthttp.RequestCtx -> *serverState

func setState(ctx *fasthttp.RequestCtx, st *serverState) {
	if f := ctxStateOf; f != nil {
		*f(ctx) = st
		return
	}
	fallback.Store(ctx, st)
}

func clearState(ctx *fasthttp.RequestCtx) {
	if f := ctxStateOf; f != nil {
		*f(ctx) = nil
		return
	}
	fallback.Delete(ctx)
}

func stateOf(ctx *fasthttp.RequestCtx) *serverState {
	if ctx == nil {
		return nil
	}
	if f := ctxStateOf; f != nil {
		st, _ := (*f(ctx)).(*serverState)
		return st
	}
	v, _ := fallback.Load(ctx)
	st, _ := v.(*serverState)
	return st
}

func timedOutStatus(ctx *fasthttp.RequestCtx) int {
	if f := timeoutStatus; f != nil {
		return f(ctx)
	}
	return 0
}
