package otlphttp

import (
	"context"
	"os"
	"sync"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// TraceExporter sends spans as OTLP/HTTP protobuf. It holds no spans
// between calls: ForceFlush has nothing to do.
type TraceExporter struct {
	c *client
}

var _ sdktrace.SpanExporter = (*TraceExporter)(nil)

// NewTraceExporter returns a span exporter configured from the
// OTEL_EXPORTER_OTLP_* environment variables (see docs/configuration.md).
// Invalid settings are reported through otel.Handle and ignored, as the
// specification asks; no connection is made until the first export.
func NewTraceExporter(ctx context.Context) (sdktrace.SpanExporter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg := loadConfig(sigTraces, os.Getenv)
	for _, w := range cfg.warnings {
		otel.Handle(w)
	}
	return newTraceExporter(cfg), nil
}

func newTraceExporter(cfg config) *TraceExporter {
	return &TraceExporter{c: newClient(cfg, "spans")}
}

var traceBatches = sync.Pool{New: func() any { return new(traceBatch) }}

// ExportSpans encodes spans into one ExportTraceServiceRequest and posts
// it, retrying transient failures within ctx and the configured timeout.
func (e *TraceExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if e.c.closed.Load() {
		return errShutdown
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(spans) == 0 {
		return nil
	}
	b := traceBatches.Get().(*traceBatch)
	b.encodeTraces(spans)
	reusable, err := e.c.send(ctx, b.enc.b)
	if !reusable || cap(b.enc.b) > maxPooledBuf {
		b.enc.b = nil // still referenced by the transport, or too big to keep
	}
	b.reset()
	traceBatches.Put(b)
	return err
}

// Shutdown aborts in-flight exports and makes later ones fail. Repeated
// calls are no-ops.
func (e *TraceExporter) Shutdown(ctx context.Context) error {
	return e.c.shutdown(ctx)
}

// ForceFlush returns at once: the exporter buffers nothing.
func (e *TraceExporter) ForceFlush(ctx context.Context) error {
	return ctx.Err()
}
