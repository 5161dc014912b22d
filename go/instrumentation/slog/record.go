package slog

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"
)

var kvPool = sync.Pool{New: func() any { s := make([]attribute.KeyValue, 0, 8); return &s }}

// flagsText is trace_flags as two hex digits without an allocation for the
// usual values.
func flagsText(f trace.TraceFlags) string {
	switch f {
	case 0:
		return "00"
	case trace.FlagsSampled:
		return "01"
	}
	return f.String()
}

// severity maps a slog level to the OpenTelemetry severity number: the
// four named levels land on DEBUG (5), INFO (9), WARN (13) and ERROR (17),
// levels in between on the numbers in between, as the specification's
// mapping for slog (and the contrib otelslog bridge) does.
func severity(l slog.Level) otellog.Severity {
	s := int64(l) + 9
	if s < int64(otellog.SeverityTrace1) {
		return otellog.SeverityTrace1
	}
	if s > int64(otellog.SeverityFatal4) {
		return otellog.SeverityFatal4
	}
	return otellog.Severity(s)
}

// emit sends r to the logs signal: body the message, the record's
// attributes, severity, and the span as the record's trace context.
// The attributes and groups of the Logger's With and WithGroup calls
// surround the record's own (nest).
func emit(ctx context.Context, h *handler, r *slog.Record) {
	// A LogValue or String method of the program's that panics must not
	// reach the program from here: slog's own handlers recover too.
	defer func() { _ = recover() }()
	var rec otellog.Record
	rec.SetTimestamp(r.Time)
	rec.SetSeverity(severity(r.Level))
	rec.SetSeverityText(r.Level.String())
	rec.SetBody(attribute.StringValue(r.Message))
	if r.NumAttrs() > 0 || h.with != nil {
		// The closure makes the slice escape: a pooled one saves an
		// allocation per record (AddAttributes copies the values).
		p := kvPool.Get().(*[]attribute.KeyValue)
		kvs := (*p)[:0]
		r.Attrs(func(a slog.Attr) bool {
			kvs = appendAttr(kvs, "", a)
			return true
		})
		out := kvs
		if h.with != nil {
			out = nest(nil, h.with.segs, kvs)
		}
		rec.AddAttributes(out...)
		clear(kvs)
		*p = kvs[:0]
		kvPool.Put(p)
	}
	if !h.fromCtx && h.sc.IsValid() {
		if ctx == nil {
			ctx = context.Background()
		}
		ctx = trace.ContextWithSpanContext(ctx, h.sc)
	}
	h.lg.Emit(ctx, rec)
}

// appendAttr converts one slog attribute as slog's handlers would print
// it: values resolved, empty attributes dropped, groups nested (a group
// with an empty key inlined).
func appendAttr(dst []attribute.KeyValue, prefix string, a slog.Attr) []attribute.KeyValue {
	v := a.Value.Resolve()
	if a.Key == "" && v.Kind() != slog.KindGroup {
		return dst
	}
	key := attribute.Key(a.Key)
	switch v.Kind() {
	case slog.KindString:
		return append(dst, key.String(v.String()))
	case slog.KindInt64:
		return append(dst, key.Int64(v.Int64()))
	case slog.KindUint64:
		if u := v.Uint64(); u <= math.MaxInt64 {
			return append(dst, key.Int64(int64(u)))
		} else {
			return append(dst, key.String(strconv.FormatUint(u, 10)))
		}
	case slog.KindFloat64:
		return append(dst, key.Float64(v.Float64()))
	case slog.KindBool:
		return append(dst, key.Bool(v.Bool()))
	case slog.KindDuration:
		return append(dst, key.Int64(int64(v.Duration())))
	case slog.KindTime:
		return append(dst, key.String(v.Time().Format(time.RFC3339Nano)))
	case slog.KindGroup:
		g := v.Group()
		if len(g) == 0 {
			return dst
		}
		if a.Key == "" {
			for _, m := range g {
				dst = appendAttr(dst, prefix, m)
			}
			return dst
		}
		var members []attribute.KeyValue
		for _, m := range g {
			members = appendAttr(members, "", m)
		}
		return append(dst, attribute.Map(a.Key, members...))
	default:
		switch x := v.Any().(type) {
		case nil:
			return append(dst, attribute.KeyValue{Key: key})
		case error:
			return append(dst, key.String(x.Error()))
		case []byte:
			return append(dst, attribute.ByteSlice(a.Key, x))
		case fmt.Stringer:
			return append(dst, key.String(x.String()))
		default:
			return append(dst, key.String(fmt.Sprintf("%+v", x)))
		}
	}
}
