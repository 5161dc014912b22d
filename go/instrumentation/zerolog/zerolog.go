// Package zerolog holds gotel's hook for github.com/rs/zerolog
// (rules.yaml): every event written inside a span gets trace_id, span_id
// and trace_flags fields, and every event is emitted to the OpenTelemetry
// logs signal. See docs/instrumentation/zerolog.md.
package zerolog

import (
	"bytes"
	"context"
	"encoding/json"
	"go.opentelemetry.io/otel/log/global"
	"sort"
	"sync/atomic"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/boot"
	_ "gotel.dev/runtime/boot/logs" // the log pipeline boot.StartLogs builds
	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
)

// ScopeName is the instrumentation scope of the exported records.
const ScopeName = "gotel.dev/instrumentation/zerolog"

// Field keys of the correlation (the specification's names for non-OTLP
// log formats).
const (
	KeyTraceID    = "trace_id"
	KeySpanID     = "span_id"
	KeyTraceFlags = "trace_flags"
)

// eventState is registered by the file gotel injects into zerolog; nil in
// a build without it (then nothing is exported: the level is unknown).
var eventState func(e *zerolog.Event) (zerolog.Level, []byte)

func registerEventAccessor(f func(e *zerolog.Event) (zerolog.Level, []byte)) { eventState = f }

var _ = registerEventAccessor // referenced only through go:linkname

// ctxOf is the event's context (Event.Ctx, in the zerolog versions that
// have it).
func ctxOf(e *zerolog.Event) context.Context {
	if g, ok := any(e).(interface{ GetCtx() context.Context }); ok {
		return g.GetCtx()
	}
	return nil
}

// MsgBefore is woven into (*zerolog.Event).msg: the event is complete but
// for its message, which msg appends after the fields added here.
func MsgBefore(c *hook.Context, pe **zerolog.Event, msg string) {
	e := *pe
	if e == nil {
		return
	}
	ctx := ctxOf(e)
	var sc trace.SpanContext
	if ctx != nil {
		sc = trace.SpanContextFromContext(ctx)
	}
	fromCtx := sc.IsValid()
	if !fromCtx {
		sc = gls.Current()
	}
	if f := eventState; f != nil {
		level, buf := f(e)
		if lg := exportLogger(ctx, severity(level)); lg != nil {
			emit(lg, ctx, level, buf, msg, sc, fromCtx)
		}
	}
	if sc.IsValid() {
		tid, sid := sc.TraceID(), sc.SpanID()
		e.Str(KeyTraceID, tid.String()).Str(KeySpanID, sid.String()).Str(KeyTraceFlags, sc.TraceFlags().String())
	}
}

func severity(l zerolog.Level) otellog.Severity {
	switch l {
	case zerolog.TraceLevel:
		return otellog.SeverityTrace
	case zerolog.DebugLevel:
		return otellog.SeverityDebug
	case zerolog.InfoLevel, zerolog.NoLevel:
		return otellog.SeverityInfo
	case zerolog.WarnLevel:
		return otellog.SeverityWarn
	case zerolog.ErrorLevel:
		return otellog.SeverityError
	case zerolog.FatalLevel:
		return otellog.SeverityFatal
	case zerolog.PanicLevel:
		return otellog.SeverityFatal2
	}
	return otellog.SeverityUndefined
}

func emit(lg otellog.Logger, ctx context.Context, level zerolog.Level, buf []byte, msg string, sc trace.SpanContext, fromCtx bool) {
	defer func() { _ = recover() }()
	var rec otellog.Record
	rec.SetSeverity(severity(level))
	if level != zerolog.NoLevel {
		rec.SetSeverityText(level.String())
	}
	rec.SetBody(attribute.StringValue(msg))
	if kvs := fields(buf); len(kvs) > 0 {
		rec.AddAttributes(kvs...)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if !fromCtx && sc.IsValid() {
		ctx = trace.ContextWithSpanContext(ctx, sc)
	}
	lg.Emit(ctx, rec)
}

// fields decodes the event's JSON fields (zerolog's default encoding; with
// the binary_log build tag the buffer is CBOR and no attributes are
// exported). The level field is the record's severity, not an attribute.
func fields(buf []byte) []attribute.KeyValue {
	if len(buf) < 2 || buf[0] != '{' {
		return nil
	}
	doc := make([]byte, 0, len(buf)+1)
	doc = append(append(doc, buf...), '}')
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	if d.Decode(&m) != nil {
		return nil
	}
	delete(m, zerolog.LevelFieldName)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	kvs := make([]attribute.KeyValue, 0, len(keys))
	for _, k := range keys {
		kvs = append(kvs, attribute.KeyValue{Key: attribute.Key(k), Value: value(m[k])})
	}
	return kvs
}

func value(v any) attribute.Value {
	switch x := v.(type) {
	case string:
		return attribute.StringValue(x)
	case bool:
		return attribute.BoolValue(x)
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return attribute.Int64Value(i)
		}
		if f, err := x.Float64(); err == nil {
			return attribute.Float64Value(f)
		}
		return attribute.StringValue(x.String())
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		kvs := make([]attribute.KeyValue, 0, len(keys))
		for _, k := range keys {
			kvs = append(kvs, attribute.KeyValue{Key: attribute.Key(k), Value: value(x[k])})
		}
		return attribute.MapValue(kvs...)
	case []any:
		vs := make([]attribute.Value, len(x))
		for i, e := range x {
			vs[i] = value(e)
		}
		return attribute.SliceValue(vs...)
	}
	return attribute.Value{}
}

type current struct {
	lp otellog.LoggerProvider
	lg otellog.Logger
}

var cur atomic.Pointer[current]

func exportLogger(ctx context.Context, sev otellog.Severity) otellog.Logger {
	boot.StartLogs()
	lp := global.GetLoggerProvider()
	c := cur.Load()
	if c == nil || !same(c.lp, lp) {
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
