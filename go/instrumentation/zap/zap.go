// Package zap holds gotel's hook for go.uber.org/zap (rules.yaml): every
// entry written inside a span gets trace_id, span_id and trace_flags
// fields, and every entry is emitted to the OpenTelemetry logs signal.
// See docs/instrumentation/zap.md.
package zap

import (
	"context"
	"encoding/hex"
	"fmt"
	"go.opentelemetry.io/otel/log/global"
	"math"
	"sort"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"

	"gotel.dev/runtime/boot"
	_ "gotel.dev/runtime/boot/logs" // the log pipeline boot.StartLogs builds
	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
)

// ScopeName is the instrumentation scope of the exported records.
const ScopeName = "gotel.dev/instrumentation/zap"

// Field keys of the correlation (the specification's names for non-OTLP
// log formats).
const (
	KeyTraceID    = "trace_id"
	KeySpanID     = "span_id"
	KeyTraceFlags = "trace_flags"
)

// WriteBefore is woven into (*zapcore.CheckedEntry).Write. zap passes no
// context: the span is the goroutine's. The fields slice is the caller's
// (a variadic argument), so correlation fields go into a copy.
func WriteBefore(c *hook.Context, ce **zapcore.CheckedEntry, fields *[]zapcore.Field) {
	e := *ce
	if e == nil {
		return
	}
	sc := gls.Current()
	with := takeWith(e)
	if lg := exportLogger(severity(e.Level)); lg != nil && !bridged(e) {
		emit(lg, e.Entry, with, *fields, sc)
	}
	if !sc.IsValid() {
		return
	}
	f := *fields
	nf := make([]zapcore.Field, len(f), len(f)+3)
	copy(nf, f)
	// Both ids in one string: one allocation instead of two.
	var hexIDs [2*len(trace.TraceID{}) + 2*len(trace.SpanID{})]byte
	tid, sid := sc.TraceID(), sc.SpanID()
	n := hex.Encode(hexIDs[:], tid[:])
	hex.Encode(hexIDs[n:], sid[:])
	ids := string(hexIDs[:])
	*fields = append(nf,
		zapcore.Field{Key: KeyTraceID, Type: zapcore.StringType, String: ids[:n]},
		zapcore.Field{Key: KeySpanID, Type: zapcore.StringType, String: ids[n:]},
		zapcore.Field{Key: KeyTraceFlags, Type: zapcore.StringType, String: flagsString(sc.TraceFlags())},
	)
}

// flagsString is TraceFlags.String without its allocation for the two
// values every span has.
func flagsString(f trace.TraceFlags) string {
	switch f {
	case trace.FlagsSampled:
		return "01"
	case 0:
		return "00"
	}
	return f.String()
}

// severity maps zap's levels to OpenTelemetry severity numbers.
func severity(l zapcore.Level) otellog.Severity {
	switch {
	case l <= zapcore.DebugLevel:
		return otellog.SeverityDebug
	case l == zapcore.InfoLevel:
		return otellog.SeverityInfo
	case l == zapcore.WarnLevel:
		return otellog.SeverityWarn
	case l == zapcore.ErrorLevel:
		return otellog.SeverityError
	case l == zapcore.DPanicLevel:
		return otellog.SeverityError2
	case l == zapcore.PanicLevel:
		return otellog.SeverityError3
	default:
		return otellog.SeverityFatal
	}
}

// emit sends one entry to the logs signal. Field values are taken as
// zap's map encoder renders them.
func emit(lg otellog.Logger, ent zapcore.Entry, with *withAttrs, fields []zapcore.Field, sc trace.SpanContext) {
	// A MarshalLogObject or String method of the program's that panics must
	// not reach the program from here.
	defer func() { _ = recover() }()
	var rec otellog.Record
	rec.SetTimestamp(ent.Time)
	rec.SetSeverity(severity(ent.Level))
	rec.SetSeverityText(ent.Level.CapitalString())
	rec.SetBody(attribute.StringValue(ent.Message))
	// The Logger's With fields first, then the call's, as zap writes them.
	// A typical entry's attributes fit on the stack; the record copies them.
	var buf [8]attribute.KeyValue
	kvs := buf[:0]
	if with != nil {
		kvs = append(kvs, with.kvs...)
	}
	kvs = appendFields(kvs, fields)
	if len(kvs) > 0 {
		rec.AddAttributes(kvs...)
	}
	ctx := context.Background()
	if sc.IsValid() {
		ctx = trace.ContextWithSpanContext(ctx, sc)
	}
	lg.Emit(ctx, rec)
}

// appendFields appends fields as zap's map encoder renders them, in key
// order (the encoder keeps a map: a repeated key keeps its last value).
// Fields of scalar types, almost all fields, are converted directly, which
// allocates nothing; any other field sends all of them through the encoder.
func appendFields(dst []attribute.KeyValue, fields []zapcore.Field) []attribute.KeyValue {
	start := len(dst)
	for i := range fields {
		f := &fields[i]
		if f.Type == zapcore.SkipType {
			continue
		}
		v, ok := scalar(f)
		if !ok {
			return appendEncoded(dst[:start], fields)
		}
		dst = insertSorted(dst, start, attribute.KeyValue{Key: attribute.Key(f.Key), Value: v})
	}
	return dst
}

// scalar converts a field the way value converts what the map encoder
// stores for it; ok is false for the types it leaves to the encoder.
func scalar(f *zapcore.Field) (v attribute.Value, ok bool) {
	switch f.Type {
	case zapcore.StringType:
		return attribute.StringValue(f.String), true
	case zapcore.BoolType:
		return attribute.BoolValue(f.Integer == 1), true
	case zapcore.Int64Type, zapcore.DurationType:
		return attribute.Int64Value(f.Integer), true
	case zapcore.Int32Type:
		return attribute.Int64Value(int64(int32(f.Integer))), true
	case zapcore.Int16Type:
		return attribute.Int64Value(int64(int16(f.Integer))), true
	case zapcore.Int8Type:
		return attribute.Int64Value(int64(int8(f.Integer))), true
	case zapcore.Uint32Type:
		return attribute.Int64Value(int64(uint32(f.Integer))), true
	case zapcore.Uint16Type:
		return attribute.Int64Value(int64(uint16(f.Integer))), true
	case zapcore.Uint8Type:
		return attribute.Int64Value(int64(uint8(f.Integer))), true
	case zapcore.Float64Type:
		return attribute.Float64Value(math.Float64frombits(uint64(f.Integer))), true
	case zapcore.Float32Type:
		return attribute.Float64Value(float64(math.Float32frombits(uint32(f.Integer)))), true
	}
	return attribute.Value{}, false
}

// insertSorted puts kv into dst[start:], kept sorted by key; an equal key
// is replaced.
func insertSorted(dst []attribute.KeyValue, start int, kv attribute.KeyValue) []attribute.KeyValue {
	i := len(dst)
	for i > start && dst[i-1].Key > kv.Key {
		i--
	}
	if i > start && dst[i-1].Key == kv.Key {
		dst[i-1] = kv
		return dst
	}
	dst = append(dst, attribute.KeyValue{})
	copy(dst[i+1:], dst[i:])
	dst[i] = kv
	return dst
}

// appendEncoded renders fields through zap's map encoder.
func appendEncoded(dst []attribute.KeyValue, fields []zapcore.Field) []attribute.KeyValue {
	enc := zapcore.NewMapObjectEncoder()
	for i := range fields {
		fields[i].AddTo(enc)
	}
	keys := make([]string, 0, len(enc.Fields))
	for k := range enc.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		dst = append(dst, attribute.KeyValue{Key: attribute.Key(k), Value: value(enc.Fields[k])})
	}
	return dst
}

// value converts what zap's map encoder stored.
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
	case int16:
		return attribute.Int64Value(int64(x))
	case int8:
		return attribute.Int64Value(int64(x))
	case uint32:
		return attribute.Int64Value(int64(x))
	case uint16:
		return attribute.Int64Value(int64(x))
	case uint8:
		return attribute.Int64Value(int64(x))
	case float64:
		return attribute.Float64Value(x)
	case float32:
		return attribute.Float64Value(float64(x))
	case time.Duration:
		return attribute.Int64Value(int64(x))
	case time.Time:
		return attribute.StringValue(x.Format(time.RFC3339Nano))
	case []byte:
		return attribute.ByteSliceValue(x)
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

// exportLogger returns the logger records go to, or nil when no provider
// takes records of severity sev. The first call builds gotel's pipeline.
func exportLogger(sev otellog.Severity) otellog.Logger {
	boot.StartLogs()
	lp := global.GetLoggerProvider()
	c := cur.Load()
	if c == nil || !same(c.lp, lp) {
		hook.ProvidersChanged()
		c = &current{lp: lp, lg: lp.Logger(ScopeName)}
		cur.Store(c)
	}
	if !c.lg.Enabled(context.Background(), otellog.EnabledParameters{Severity: sev}) {
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
