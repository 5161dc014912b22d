package fasthttp

import (
	"runtime/debug"

	"github.com/valyala/fasthttp"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/instr/httpconv"
)

// The API of framework hooks on fasthttp (gotel.dev/instrumentation/fiberv2,
// fiberv3): the framework adds what it knows to the one server span the
// fasthttp hooks started for the request, instead of starting its own.

// ServerSpanActive reports whether the request of ctx has a server span
// started by these hooks.
func ServerSpanActive(ctx *fasthttp.RequestCtx) bool { return stateOf(ctx) != nil }

// SetRoute makes route (a template such as /users/:id) the request's
// http.route and the span's name "METHOD route". The first call wins: the
// framework's innermost, most specific match reports first.
func SetRoute(ctx *fasthttp.RequestCtx, route string) {
	st := stateOf(ctx)
	if st == nil || route == "" {
		return
	}
	st.mu.Lock()
	if st.route == "" {
		st.route = route
	}
	st.mu.Unlock()
}

// RecordPanic records a panic of the request's handler that a framework is
// about to recover (or that unwinds through it): an exception event and an
// error status, once per request however many frames it passes.
func RecordPanic(ctx *fasthttp.RequestCtx, v any) {
	st := stateOf(ctx)
	if st == nil {
		return
	}
	st.mu.Lock()
	first := st.panicked == ""
	errType := httpconv.ErrorType(v)
	if first {
		st.panicked = errType
	}
	st.mu.Unlock()
	if !first {
		return
	}
	msg := httpconv.PanicMessage(v)
	st.span.AddEvent(httpconv.ExceptionEventName, trace.WithAttributes(
		httpconv.KeyExceptionType.String(errType),
		httpconv.KeyExceptionMessage.String(msg),
		httpconv.KeyExceptionStacktrace.String(string(debug.Stack())),
	))
	st.span.SetStatus(codes.Error, msg)
}
