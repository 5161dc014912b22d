// Package slogbench measures one slog record written inside a span: the
// plain program, the same program built with gotel (correlation attributes
// plus export to the logs signal), and the contrib otelslog bridge doing
// the export by hand. Every variant that exports emits into the same SDK
// pipeline: a batch processor whose exporter discards.
package slogbench

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"go.opentelemetry.io/contrib/bridges/otelslog"
	"go.opentelemetry.io/otel"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/trace"
)

type discard struct{}

func (discard) Export(context.Context, []sdklog.Record) error { return nil }
func (discard) Shutdown(context.Context) error                { return nil }
func (discard) ForceFlush(context.Context) error              { return nil }

var provider = sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(discard{})))

func init() {
	// The program's own provider: under gotel, gotel's records go to it
	// (and gotel builds no pipeline of its own), so both exporting
	// variants pay the same SDK path.
	otel.SetLoggerProvider(provider)
}

func spanCtx() context.Context {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
		SpanID:     trace.SpanID{1, 2, 3, 4, 5, 6, 7, 8},
		TraceFlags: trace.FlagsSampled,
	})
	return trace.ContextWithSpanContext(context.Background(), sc)
}

func bench(b *testing.B, l *slog.Logger) {
	ctx := spanCtx()
	b.ReportAllocs()
	for b.Loop() {
		l.InfoContext(ctx, "request handled", "user", "alice", "status", 200, "bytes", 5120)
	}
}

// BenchmarkJSON: the program's JSON handler (under gotel: correlation
// attributes and export added).
func BenchmarkJSON(b *testing.B) {
	bench(b, slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

// BenchmarkJSONOtelslog: the same JSON output plus export through the
// contrib bridge (slog.NewMultiHandler), as a program would do by hand.
// Its JSON carries no correlation fields.
func BenchmarkJSONOtelslog(b *testing.B) {
	h := otelslog.NewHandler("bench", otelslog.WithLoggerProvider(provider))
	bench(b, slog.New(slog.NewMultiHandler(slog.NewJSONHandler(io.Discard, nil), h)))
}

// BenchmarkOtelslog: export through the bridge alone (no JSON output).
func BenchmarkOtelslog(b *testing.B) {
	bench(b, slog.New(otelslog.NewHandler("bench", otelslog.WithLoggerProvider(provider))))
}

// correlated adds the trace context to the records of the handler it
// wraps, the way a program without gotel would by hand to get the fields
// gotel adds (the names of the specification's non-OTLP log formats).
type correlated struct{ slog.Handler }

func (c correlated) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()),
			slog.String("span_id", sc.SpanID().String()),
			slog.String("trace_flags", sc.TraceFlags().String()))
	}
	return c.Handler.Handle(ctx, r)
}

// BenchmarkJSONCorrelatedOtelslog: what gotel does, by hand — the JSON
// line with the correlation fields, and export through the bridge.
func BenchmarkJSONCorrelatedOtelslog(b *testing.B) {
	h := otelslog.NewHandler("bench", otelslog.WithLoggerProvider(provider))
	bench(b, slog.New(slog.NewMultiHandler(correlated{slog.NewJSONHandler(io.Discard, nil)}, h)))
}
