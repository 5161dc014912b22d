// Package logs builds gotel's log pipeline: the log SDK's LoggerProvider
// with a batch processor per exporter asked for in OTEL_LOGS_EXPORTER
// (otlp over http/protobuf, console). The hooks of the logging
// instrumentations import it and call Start before they emit their first
// record, so the log SDK is linked only into programs whose code reaches an
// instrumented logger, and built only in processes that log.
// gotel.dev/runtime/boot holds the configuration and flushes the provider
// at exit like the tracer and meter providers.
package logs

import (
	"context"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutlog"
	sdklog "go.opentelemetry.io/otel/sdk/log"

	"gotel.dev/runtime/boot"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/otlphttp"
)

func init() { boot.RegisterLogs(Start) }

var (
	once    sync.Once
	started atomic.Bool
)

// Start builds and installs the log pipeline the first time it is called,
// if the configuration asks for one (see boot.Logs). Later calls return at
// once. It must not be called while the caller holds a lock that exporting
// could need.
func Start() {
	if started.Load() {
		return
	}
	once.Do(build)
}

func build() {
	defer started.Store(true)
	s, ok := boot.Logs()
	if !ok {
		return
	}
	ctx := hook.Suppress(context.Background())
	opts := []sdklog.LoggerProviderOption{sdklog.WithResource(s.Resource)}
	n := 0
	for _, kind := range s.Exporters {
		var exp sdklog.Exporter
		switch kind {
		case "console":
			e, err := stdoutlog.New()
			if err != nil {
				boot.Warn("cannot create the console log exporter: " + err.Error())
				continue
			}
			exp = suppressed{e}
		default:
			e, err := otlphttp.NewLogExporter(ctx)
			if err != nil {
				boot.Warn("cannot create the otlp log exporter: " + err.Error())
				continue
			}
			exp = &otlpExporter{e: e}
		}
		// The batch processor reads OTEL_BLRP_* itself.
		opts = append(opts, sdklog.WithProcessor(sdklog.NewBatchProcessor(exp)))
		n++
	}
	if n == 0 {
		return
	}
	lp := sdklog.NewLoggerProvider(opts...)
	boot.AddLogs(lp, lp.Shutdown)
}

// suppressed marks the context of every call into an exporter with
// hook.Suppress, so that instrumented clients do not trace gotel's own
// traffic (as boot does for the span and metric exporters).
type suppressed struct{ sdklog.Exporter }

func (s suppressed) Export(ctx context.Context, records []sdklog.Record) error {
	return s.Exporter.Export(hook.Suppress(ctx), records)
}

func (s suppressed) Shutdown(ctx context.Context) error {
	return s.Exporter.Shutdown(hook.Suppress(ctx))
}

func (s suppressed) ForceFlush(ctx context.Context) error {
	return s.Exporter.ForceFlush(hook.Suppress(ctx))
}

// otlpExporter adapts otlphttp's exporter, which reads records through an
// interface so that otlphttp itself does not import the log SDK. The
// batch processor never calls Export concurrently, so one slice serves.
type otlpExporter struct {
	e    *otlphttp.LogExporter
	recs []otlphttp.LogRecord
}

func (x *otlpExporter) Export(ctx context.Context, records []sdklog.Record) error {
	recs := x.recs[:0]
	for i := range records {
		recs = append(recs, &records[i])
	}
	err := x.e.ExportLogs(hook.Suppress(ctx), recs)
	clear(recs) // keep no record alive past the call
	x.recs = recs[:0]
	return err
}

func (x *otlpExporter) Shutdown(ctx context.Context) error {
	return x.e.Shutdown(hook.Suppress(ctx))
}

func (x *otlpExporter) ForceFlush(ctx context.Context) error {
	return x.e.ForceFlush(hook.Suppress(ctx))
}
