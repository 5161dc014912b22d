// Package gls is the goroutine context: the span a goroutine works for,
// for hooks that find no span in a context.Context (a request made with
// http.Get inside a handler, a query without a context, work handed to a
// new goroutine).
//
// Each goroutine holds a small state, kept by the runtime in a field gotel
// adds to its g (rules runtime/gls_* in go/runtime/rules.yaml): a pointer to
// the Entry it works for, which a new goroutine inherits from its creator;
// a list of spare entries of its own; and a flag the runtime sets when it
// hands the current entry to a new goroutine. An exited goroutine loses
// all of it. Server and consumer hooks Enter a span for the duration of the
// work and Exit after.
//
// An Entry holds the span's context, not the span itself, so a goroutine
// that outlives its request does not keep the span (or the request) alive;
// and a flag that Exit sets. A goroutine started during request A
// therefore counts as A's work only while A runs: once A has ended, work
// it does — for a later request B, say, in a pool of workers started by A —
// finds no parent here and starts its own trace, instead of joining A's
// finished one.
//
// An entry that no other goroutine received (the runtime's flag is unset
// at Exit) goes back to the goroutine's spare list, and its next Enter
// reuses it: a goroutine allocates an entry per nesting level once, not
// one per span. An entry that was handed out is never reused — a goroutine
// holding it would see another span in it — it only ends.
//
// In a plain build (gotel.dev/runtime/gls/bind not linked, as in this
// module's own tests) there is no goroutine context: Enter returns nil and
// Current finds nothing.
package gls

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"go.opentelemetry.io/otel/trace"
)

// Entry is one span a goroutine works for.
type Entry struct {
	sc    trace.SpanContext
	ended atomic.Bool
	// lent is the goroutine's flag as Enter found it (the outer entry's),
	// which Exit puts back.
	lent bool
	// prev is the goroutine's entry before Enter, which Exit puts back; in
	// the spare list, the next spare entry.
	prev *Entry
	// lazy is set for an entry made by Handoff, whose span starts later.
	lazy *lazy
}

// slot mirrors the runtime's per-goroutine state (type gotelGLS in
// go/runtime/inject/gls.go.txt).
type slot struct {
	cur         *Entry
	free        *Entry
	hand, outer *Entry
	lent        bool
	carry       bool
}

// The runtime's accessor of the current goroutine's slot, bound by package
// bind in instrumented builds.
var slotOf func() unsafe.Pointer

// Bind installs the runtime's accessor. Only package bind calls it, from
// its init, before any goroutine of the program but the main one runs.
func Bind(s func() unsafe.Pointer) {
	slotOf = s
}

// BindSingle gives the goroutine context one slot that every goroutine
// shares: for tests of hooks that run on one goroutine, in builds where
// package bind is not linked.
func BindSingle() {
	s := new(slot)
	Bind(func() unsafe.Pointer { return unsafe.Pointer(s) })
}

// Enter makes sc the current goroutine's span until Exit; goroutines it
// starts meanwhile inherit it. It returns nil (and Exit does nothing) when
// sc is invalid or there is no goroutine context.
func Enter(sc trace.SpanContext) *Entry {
	if slotOf == nil || !sc.IsValid() {
		return nil
	}
	s := (*slot)(slotOf())
	e := s.free
	if e != nil {
		s.free = e.prev
	} else {
		e = new(Entry)
	}
	e.sc, e.lent, e.prev = sc, s.lent, s.cur
	s.cur, s.lent = e, false
	return e
}

// Exit ends e — no goroutine gets it as a parent from now on — and gives
// the current goroutine back the entry it had before Enter. It must run on
// the goroutine that called Enter, once, innermost Enter first.
func (e *Entry) Exit() {
	if e == nil {
		return
	}
	s := (*slot)(slotOf())
	if s.cur == e && !s.lent {
		// Nobody else ever held e: it becomes a spare, without the trace
		// state it would keep alive.
		s.cur, s.lent = e.prev, e.lent
		e.sc, e.prev, s.free = trace.SpanContext{}, s.free, e
		return
	}
	if !e.sc.IsValid() || e.ended.Load() {
		return // a spare, or ended: Exit called twice
	}
	// Handed out (or, against the contract, not the innermost entry):
	// goroutines may hold e, which ends and is never reused. The flag stays
	// set when e was not the current entry, so that no entry this goroutine
	// may have handed out meanwhile is taken for unshared.
	e.ended.Store(true)
	s.lent = e.lent || s.cur != e
	s.cur = e.prev
	// The entries outside e are no business of the goroutines holding e.
	e.prev = nil
}

// Current is the span context of the span the current goroutine works for,
// or the zero SpanContext when there is none (or it has ended).
func Current() trace.SpanContext {
	if slotOf == nil {
		return trace.SpanContext{}
	}
	s := (*slot)(slotOf())
	e := s.cur
	if e != nil && e == s.hand && e.ended.Load() {
		// The message handed over has been dealt with: the goroutine works
		// for what it did before it took it.
		e = s.outer
	}
	if e == nil || e.ended.Load() {
		return trace.SpanContext{}
	}
	if e.lazy != nil {
		return e.lazy.get(false)
	}
	return e.sc
}

// Parent is the context a hook starts its span under: ctx itself when it
// carries a valid span context (an explicit context always wins), else ctx
// with the goroutine's current span context, else ctx. The goroutine is
// asked first: without a span there, ctx is not searched.
func Parent(ctx context.Context) context.Context {
	sc := Current()
	if !sc.IsValid() || trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	return trace.ContextWithSpanContext(ctx, sc)
}

// Hand-over: a library that delivers messages through a channel of its own
// (a relay goroutine feeding the channel the program ranges over) makes the
// goroutine that takes a message work for the message's process span,
// although no hook runs in that goroutine. The relay calls Carry once;
// before each send it Offers a Handoff entry; the runtime gives the entry
// to the goroutine that receives that send (rules runtime/gls_send and
// gls_recv). The span itself starts when the receiver has the message —
// when the relay's send returns and it calls Resolve, or earlier if the
// receiver asks for its parent first — so it does not include the time the
// message waited for the program. Once the entry has Ended, the receiver
// works for what it worked for before again.

// lazy is the span of a Handoff entry, started once.
type lazy struct {
	state atomic.Uint32 // lazyNew, lazyStarting, lazyStarted
	start func() trace.SpanContext
	sc    trace.SpanContext
}

const (
	lazyNew = iota
	lazyStarting
	lazyStarted
)

// startingWait bounds how long the program's goroutine yields to the one
// starting the span. The relay starts it the moment its send returns,
// which is when the receiver starts running the program's code: a call it
// makes at once finds the span starting, microseconds from started, and
// given nothing would start its own span in a new trace. Only a starter
// the system stopped for longer leaves it without a parent.
const startingWait = 5 * time.Millisecond

// get starts the span unless it is started or starting. While another
// goroutine is starting it, get yields until it is started: without end
// when wait is set (the relay), at most startingWait otherwise, then
// returns the zero SpanContext (the program never blocks here).
func (l *lazy) get(wait bool) trace.SpanContext {
	var deadline time.Time
	for {
		switch l.state.Load() {
		case lazyStarted:
			return l.sc
		case lazyNew:
			if l.state.CompareAndSwap(lazyNew, lazyStarting) {
				l.sc = l.run()
				l.state.Store(lazyStarted)
				return l.sc
			}
		default:
			if !wait {
				if deadline.IsZero() {
					deadline = time.Now().Add(startingWait)
				} else if time.Now().After(deadline) {
					return trace.SpanContext{}
				}
			}
			runtime.Gosched()
		}
	}
}

func (l *lazy) run() (sc trace.SpanContext) {
	defer func() { _ = recover() }()
	start := l.start
	l.start = nil
	return start()
}

// Handoff returns an entry whose span start begins, at most once. start
// must not ask for the goroutine context (gls.Parent): it may run on the
// goroutine that received the entry. Never nil, also in a plain build.
func Handoff(start func() trace.SpanContext) *Entry {
	return &Entry{lazy: &lazy{start: start}}
}

// Resolve starts a Handoff entry's span if no goroutine has yet (waiting
// for one that is starting it) and returns its span context.
func (e *Entry) Resolve() trace.SpanContext {
	if e == nil || e.lazy == nil {
		return trace.SpanContext{}
	}
	return e.lazy.get(true)
}

// End ends a Handoff entry, from any goroutine: no goroutine gets it as a
// parent from now on.
func (e *Entry) End() {
	if e != nil {
		e.ended.Store(true)
	}
}

// Carry makes every send of the calling goroutine on an unbuffered channel
// hand its current entry to the receiver, and clears that entry (a relay
// must not hand over what the goroutine that started it worked for).
func Carry() {
	if slotOf != nil {
		s := (*slot)(slotOf())
		s.carry, s.cur, s.lent = true, nil, false
	}
}

// Offer makes e, a Handoff entry (or nil: nothing), the calling carrying
// goroutine's current entry, for its next send.
func Offer(e *Entry) {
	if slotOf != nil {
		(*slot)(slotOf()).cur = e
	}
}
