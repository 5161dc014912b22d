// Package logrus holds gotel's hooks for github.com/sirupsen/logrus
// (rules.yaml): every entry written inside a span gets trace_id, span_id
// and trace_flags fields, and every entry is emitted to the OpenTelemetry
// logs signal. See docs/instrumentation/logrus.md.
package logrus

import (
	"context"
	"fmt"
	"go.opentelemetry.io/otel/log/global"
	"sort"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/boot"
	_ "gotel.dev/runtime/boot/logs" // the log pipeline boot.StartLogs builds
	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
)

// ScopeName is the instrumentation scope of the exported records.
const ScopeName = "gotel.dev/instrumentation/logrus"

// Field keys of the correlation (the specification's names for non-OTLP
// log formats).
const (
	KeyTraceID    = "trace_id"
	KeySpanID     = "span_id"
	KeyTraceFlags = "trace_flags"
)

// LogBefore is woven into (*logrus.Entry).log of logrus v1.9.
func LogBefore(c *hook.Context, e **logrus.Entry, level logrus.Level, msg string) {
	before(e, level, msg)
}

// LogBeforeV110 is woven into (*logrus.Entry).log from logrus v1.10.
func LogBeforeV110(c *hook.Context, e **logrus.Entry, level logrus.Level, panicAfter bool, msg string) {
	before(e, level, msg)
}

// before emits the entry and, inside a span, hands the body a copy of the
// entry with the correlation fields: the program's Entry (often reused,
// from WithFields) and its Data map are never written.
func before(pe **logrus.Entry, level logrus.Level, msg string) {
	e := *pe
	if e == nil || e.Logger == nil {
		return
	}
	ctx := e.Context
	sc := trace.SpanContext{}
	if ctx != nil {
		sc = trace.SpanContextFromContext(ctx)
	}
	fromCtx := sc.IsValid()
	if !fromCtx {
		sc = gls.Current()
	}
	if lg := exportLogger(ctx, severity(level)); lg != nil {
		emit(lg, ctx, e, level, msg, sc, fromCtx)
	}
	if !sc.IsValid() {
		return
	}
	cp := e.Dup()
	tid, sid := sc.TraceID(), sc.SpanID()
	cp.Data[KeyTraceID] = tid.String()
	cp.Data[KeySpanID] = sid.String()
	cp.Data[KeyTraceFlags] = sc.TraceFlags().String()
	*pe = cp
}

// severity maps logrus levels to OpenTelemetry severity numbers.
func severity(l logrus.Level) otellog.Severity {
	switch l {
	case logrus.TraceLevel:
		return otellog.SeverityTrace
	case logrus.DebugLevel:
		return otellog.SeverityDebug
	case logrus.InfoLevel:
		return otellog.SeverityInfo
	case logrus.WarnLevel:
		return otellog.SeverityWarn
	case logrus.ErrorLevel:
		return otellog.SeverityError
	case logrus.FatalLevel:
		return otellog.SeverityFatal
	case logrus.PanicLevel:
		return otellog.SeverityFatal2
	}
	return otellog.SeverityUndefined
}

func emit(lg otellog.Logger, ctx context.Context, e *logrus.Entry, level logrus.Level, msg string, sc trace.SpanContext, fromCtx bool) {
	// A String method of the program's that panics must not reach the
	// program from here.
	defer func() { _ = recover() }()
	var rec otellog.Record
	t := e.Time
	if t.IsZero() {
		t = time.Now()
	}
	rec.SetTimestamp(t)
	rec.SetSeverity(severity(level))
	rec.SetSeverityText(level.String())
	rec.SetBody(attribute.StringValue(msg))
	if len(e.Data) > 0 {
		keys := make([]string, 0, len(e.Data))
		for k := range e.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		kvs := make([]attribute.KeyValue, 0, len(keys))
		for _, k := range keys {
			kvs = append(kvs, attribute.KeyValue{Key: attribute.Key(k), Value: value(e.Data[k])})
		}
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

func value(v any) attribute.Value {
	switch x := v.(type) {
	case string:
		return attribute.StringValue(x)
	case bool:
		return attribute.BoolValue(x)
	case int:
		return attribute.IntValue(x)
	case int64:
		return attribute.Int64Value(x)
	case int32:
		return attribute.Int64Value(int64(x))
	case uint32:
		return attribute.Int64Value(int64(x))
	case float64:
		return attribute.Float64Value(x)
	case float32:
		return attribute.Float64Value(float64(x))
	case time.Duration:
		return attribute.Int64Value(int64(x))
	case error:
		return attribute.StringValue(x.Error())
	case fmt.Stringer:
		return attribute.StringValue(x.String())
	case nil:
		return attribute.Value{}
	default:
		return attribute.StringValue(fmt.Sprint(x))
	}
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
