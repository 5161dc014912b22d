// Package slog holds gotel's hooks for log/slog (rules.yaml): every record
// of every slog.Logger, and the log package's output once slog.SetDefault
// has routed it to a slog handler, gets the active span's trace_id,
// span_id and trace_flags as attributes, and is emitted to the
// OpenTelemetry logs signal. See docs/instrumentation/slog.md.
package slog

import (
	"context"
	"go.opentelemetry.io/otel/log/global"
	"log/slog"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/boot"
	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
)

// ScopeName is the instrumentation scope of the exported records.
const ScopeName = "gotel.dev/instrumentation/slog"

// The attribute keys of the correlation fields: the names the OpenTelemetry
// specification gives for logs formats that are not OTLP ("Trace Context in
// Non-OTLP Log Formats").
const (
	KeyTraceID    = "trace_id"
	KeySpanID     = "span_id"
	KeyTraceFlags = "trace_flags"
)

// How it works. The hooks run at the entry of (*slog.Logger).log and
// logAttrs, through which every slog.Logger method and package function
// passes before it calls its handler, and of the log package's
// handlerWriter. When there is something to do (a span is active, or the
// logs signal wants the record), the hook replaces the receiver the body
// sees with a Logger (or writer) whose handler is a wrapper around the
// program's: the body then runs unchanged — level check, source position,
// record — and calls the wrapper, which emits the record, adds the
// attributes and passes it on. The program's Logger is never modified, the
// wrapper never leaves the call, and wrappers are pooled: no allocation
// beyond the attributes' text.

// wrapper is one pooled stand-in: a Logger made once, whose handler is h.
type wrapper struct {
	logger *slog.Logger
	h      handler
}

var wrappers = sync.Pool{New: func() any {
	w := new(wrapper)
	w.logger = slog.New(&w.h)
	return w
}}

// handler wraps the program's handler for one call.
type handler struct {
	inner   slog.Handler
	sc      trace.SpanContext // the active span; zero when none
	fromCtx bool              // sc came from the call's context
	lg      otellog.Logger    // nil when the record is not exported
	with    *withChain        // the Logger's With/WithGroup attributes
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	if h.lg != nil {
		emit(ctx, h, &r)
	}
	if h.sc.IsValid() {
		tid, sid := hexIDs(h.sc)
		r.AddAttrs(
			slog.String(KeyTraceID, tid),
			slog.String(KeySpanID, sid),
			slog.String(KeyTraceFlags, flagsText(h.sc.TraceFlags())),
		)
	}
	return h.inner.Handle(ctx, r)
}

// lastIDs caches the hex text of the last span's ids: the records of one
// request usually come one after another, and the text is then shared
// instead of allocated for each record.
type idText struct {
	tid trace.TraceID
	sid trace.SpanID
	t   string
	s   string
}

var lastIDs atomic.Pointer[idText]

func hexIDs(sc trace.SpanContext) (string, string) {
	tid, sid := sc.TraceID(), sc.SpanID()
	if p := lastIDs.Load(); p != nil && p.tid == tid && p.sid == sid {
		return p.t, p.s
	}
	p := &idText{tid: tid, sid: sid, t: tid.String(), s: sid.String()}
	lastIDs.Store(p)
	return p.t, p.s
}

// WithAttrs and WithGroup are not reached: the stand-in Logger lives only
// for one call of log or logAttrs, which call neither.
func (h *handler) WithAttrs(as []slog.Attr) slog.Handler { return h.inner.WithAttrs(as) }
func (h *handler) WithGroup(name string) slog.Handler    { return h.inner.WithGroup(name) }

// active returns the span a record belongs to: the context's when it
// carries one (an explicit context wins), else the goroutine's.
func active(ctx context.Context) (sc trace.SpanContext, fromCtx bool) {
	if ctx != nil {
		if sc = trace.SpanContextFromContext(ctx); sc.IsValid() {
			return sc, true
		}
	}
	return gls.Current(), false
}

// LogBefore is woven into (*slog.Logger).log.
func LogBefore(c *hook.Context, l **slog.Logger, ctx context.Context, level slog.Level, msg string, args []any) {
	before(c, l, ctx, level)
}

// LogAfter releases what LogBefore took.
func LogAfter(c *hook.Context) { release(c) }

// LogAttrsBefore is woven into (*slog.Logger).logAttrs.
func LogAttrsBefore(c *hook.Context, l **slog.Logger, ctx context.Context, level slog.Level, msg string, attrs []slog.Attr) {
	before(c, l, ctx, level)
}

// LogAttrsAfter releases what LogAttrsBefore took.
func LogAttrsAfter(c *hook.Context) { release(c) }

func before(c *hook.Context, l **slog.Logger, ctx context.Context, level slog.Level) {
	if *l == nil {
		return // the body fails as it would without gotel
	}
	sc, fromCtx := active(ctx)
	inner := (*l).Handler()
	lg := exportLogger(ctx, severity(level))
	if lg != nil && isBridge(inner) {
		lg = nil // the program's own bridge exports the record
	}
	if !sc.IsValid() && lg == nil {
		return
	}
	w := wrappers.Get().(*wrapper)
	w.h = handler{inner: inner, sc: sc, fromCtx: fromCtx, lg: lg}
	if lg != nil {
		w.h.with = chainOf(*l)
	}
	*l = w.logger
	c.SetData(w)
}

// bridgePkg is the contrib bridge whose handler emits records to the
// OpenTelemetry logs signal itself (a variable for the tests).
var bridgePkg = "go.opentelemetry.io/contrib/bridges/otelslog"

type verdict struct {
	t      reflect.Type
	bridge bool
}

// lastVerdict remembers the last handler type looked at: a program
// usually logs through one.
var lastVerdict atomic.Pointer[verdict]

// isBridge reports whether h is the otelslog bridge's handler, whose
// records gotel then leaves to it (exporting them too would send each
// twice). A bridge behind another handler (a fan-out) is not seen.
func isBridge(h slog.Handler) bool {
	t := reflect.TypeOf(h)
	if v := lastVerdict.Load(); v != nil && v.t == t {
		return v.bridge
	}
	v := &verdict{t: t}
	if t != nil {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		v.bridge = t.PkgPath() == bridgePkg
	}
	lastVerdict.Store(v)
	return v.bridge
}

func release(c *hook.Context) {
	if w, ok := c.Data().(*wrapper); ok {
		w.h = handler{}
		wrappers.Put(w)
	}
}

// writerSwap is registered by the file gotel injects into log/slog
// (inject/writer.go.txt); nil in a build without it.
var writerSwap func(w unsafe.Pointer, h slog.Handler) (slog.Handler, unsafe.Pointer)

func registerWriterSwap(f func(w unsafe.Pointer, h slog.Handler) (slog.Handler, unsafe.Pointer)) {
	writerSwap = f
}

var _ = registerWriterSwap // referenced only through go:linkname

// WriterBefore is woven into (*slog.handlerWriter).Write, which the log
// package writes to once slog.SetDefault installed a handler. w points to
// the receiver variable (a *handlerWriter). The log package passes no
// context: the span is the goroutine's.
func WriterBefore(c *hook.Context, w unsafe.Pointer, buf []byte) {
	swap := writerSwap
	pw := (*unsafe.Pointer)(w)
	if swap == nil || *pw == nil {
		return
	}
	sc := gls.Current()
	// The writer's level is not known here; the log SDK applies its own
	// filter when the record is emitted.
	lg := exportLogger(context.Background(), 0)
	if !sc.IsValid() && lg == nil {
		return
	}
	wr := wrappers.Get().(*wrapper)
	inner, copied := swap(*pw, &wr.h)
	if copied == nil {
		wrappers.Put(wr)
		return
	}
	wr.h = handler{inner: inner, sc: sc, lg: lg}
	*pw = copied
	c.SetData(wr)
}

// WriterAfter releases what WriterBefore took.
func WriterAfter(c *hook.Context, n int, err error) { release(c) }

// The logger records are emitted to, for the current global provider.
type current struct {
	lp otellog.LoggerProvider
	lg otellog.Logger
}

var cur atomic.Pointer[current]

// exportLogger returns the OpenTelemetry logger records go to, or nil when
// none would take a record of severity sev (no provider installed, the
// logs signal off). The first call builds gotel's log pipeline.
func exportLogger(ctx context.Context, sev otellog.Severity) otellog.Logger {
	boot.StartLogs()
	lp := global.GetLoggerProvider()
	c := cur.Load()
	if c == nil || !same(c.lp, lp) {
		// A provider gotel did not install may be the program's own SDK.
		hook.ProvidersChanged()
		c = &current{lp: lp, lg: lp.Logger(ScopeName)}
		cur.Store(c)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if !c.lg.Enabled(ctx, otellog.EnabledParameters{Severity: sev}) {
		return nil
	}
	return c.lg
}

func same(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return a == b
}
