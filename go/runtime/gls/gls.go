// Package gls is the goroutine context: the span a goroutine works for,
// for hooks that find no span in a context.Context (a request made with
// http.Get inside a handler, a query without a context, work handed to a
// new goroutine).
//
// Each goroutine holds one pointer, kept by the runtime in a field gotel adds
// to its g (rules runtime/gls_* in go/runtime/rules.yaml): a new goroutine
// starts with its creator's pointer, and an exited one loses it. Server and
// consumer hooks Enter a span for the duration of the work and Exit after.
//
// What the pointer designates is an Entry: the span's context, not the span
// itself, so a goroutine that outlives its request does not keep the span
// (or the request) alive; and a flag that Exit sets. A goroutine started
// during request A therefore counts as A's work only while A runs: once A
// has ended, work it does — for a later request B, say, in a pool of
// workers started by A — finds no parent here and starts its own trace,
// instead of joining A's finished one.
//
// In a plain build (gotel.dev/runtime/gls/bind not linked, as in this
// module's own tests) there is no goroutine context: Enter returns nil and
// Current finds nothing.
package gls

import (
	"context"
	"sync/atomic"
	"unsafe"

	"go.opentelemetry.io/otel/trace"
)

// Entry is one span a goroutine works for.
type Entry struct {
	sc    trace.SpanContext
	ended atomic.Bool
	prev  unsafe.Pointer // the goroutine's pointer before Enter, put back by Exit
}

// The runtime's accessors of the current goroutine's pointer, bound by
// package bind in instrumented builds.
var (
	get func() unsafe.Pointer
	set func(unsafe.Pointer)
)

// Bind installs the runtime's accessors. Only package bind calls it, from
// its init, before any goroutine of the program but the main one runs.
func Bind(g func() unsafe.Pointer, s func(unsafe.Pointer)) {
	get, set = g, s
}

// Enter makes sc the current goroutine's span until Exit; goroutines it
// starts meanwhile inherit it. It returns nil (and Exit does nothing) when
// sc is invalid or there is no goroutine context.
func Enter(sc trace.SpanContext) *Entry {
	if set == nil || !sc.IsValid() {
		return nil
	}
	e := &Entry{sc: sc, prev: get()}
	set(unsafe.Pointer(e))
	return e
}

// Exit ends e — no goroutine gets it as a parent from now on — and gives
// the current goroutine back the value it had before Enter. It must run on
// the goroutine that called Enter.
func (e *Entry) Exit() {
	if e == nil {
		return
	}
	e.ended.Store(true)
	set(e.prev)
}

// Current is the span context of the span the current goroutine works for,
// or the zero SpanContext when there is none (or it has ended).
func Current() trace.SpanContext {
	if get == nil {
		return trace.SpanContext{}
	}
	// The pointers a goroutine can hold are Entries made by Enter, or nil.
	e := (*Entry)(get())
	if e == nil || e.ended.Load() {
		return trace.SpanContext{}
	}
	return e.sc
}

// Parent is the context a hook starts its span under: ctx itself when it
// carries a valid span context (an explicit context always wins), else ctx
// with the goroutine's current span context, else ctx.
func Parent(ctx context.Context) context.Context {
	if trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	if sc := Current(); sc.IsValid() {
		return trace.ContextWithSpanContext(ctx, sc)
	}
	return ctx
}
