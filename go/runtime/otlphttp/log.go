package otlphttp

import (
	"context"
	"os"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/trace"
)

// LogRecord is what the exporter reads of a log record: the methods of the
// log SDK's *Record (go.opentelemetry.io/otel/sdk/log). The package names
// an interface instead of the SDK type so that it does not import the log
// SDK, which only programs that emit logs link (gotel.dev/runtime/boot/logs
// adapts).
type LogRecord interface {
	Timestamp() time.Time
	ObservedTimestamp() time.Time
	Severity() log.Severity
	SeverityText() string
	Body() attribute.Value
	WalkAttributes(f func(attribute.KeyValue) bool)
	DroppedAttributes() int
	TraceID() trace.TraceID
	SpanID() trace.SpanID
	TraceFlags() trace.TraceFlags
	EventName() string
	Resource() *resource.Resource
	InstrumentationScope() instrumentation.Scope
}

// LogExporter sends log records as OTLP/HTTP protobuf. Like TraceExporter
// it holds nothing between calls.
type LogExporter struct {
	c *client
}

// NewLogExporter returns a log exporter configured from the
// OTEL_EXPORTER_OTLP_* (LOGS) environment variables.
func NewLogExporter(ctx context.Context) (*LogExporter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg := loadConfig(sigLogs, os.Getenv)
	for _, w := range cfg.warnings {
		otel.Handle(w)
	}
	return newLogExporter(cfg), nil
}

func newLogExporter(cfg config) *LogExporter {
	return &LogExporter{c: newClient(cfg, "log records")}
}

var logBatches = sync.Pool{New: func() any { return new(logBatch) }}

// ExportLogs encodes records into one ExportLogsServiceRequest and posts
// it, retrying transient failures within ctx and the configured timeout.
func (e *LogExporter) ExportLogs(ctx context.Context, records []LogRecord) error {
	if e.c.closed.Load() {
		return errShutdown
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(records) == 0 {
		return nil
	}
	b := logBatches.Get().(*logBatch)
	b.encodeLogs(records)
	reusable, err := e.c.send(ctx, b.enc.b)
	if !reusable || cap(b.enc.b) > maxPooledBuf {
		b.enc.b = nil
	}
	b.reset()
	logBatches.Put(b)
	return err
}

// Shutdown aborts in-flight exports and makes later ones fail.
func (e *LogExporter) Shutdown(ctx context.Context) error {
	return e.c.shutdown(ctx)
}

// ForceFlush returns at once: the exporter buffers nothing.
func (e *LogExporter) ForceFlush(ctx context.Context) error {
	return ctx.Err()
}
