// Package logs builds gotel's log pipeline: the log SDK's LoggerProvider
// with a batch processor per exporter asked for in OTEL_LOGS_EXPORTER
// (otlp over http/protobuf, or over gRPC where
// gotel.dev/runtime/boot/otlpgrpc/logs is linked; console). The hooks of the logging
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
			if s.GRPC {
				exp = newGRPCWait()
				break
			}
			e, err := newHTTP(ctx)
			if err != nil {
				continue
			}
			exp = e
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

func newHTTP(ctx context.Context) (sdklog.Exporter, error) {
	e, err := otlphttp.NewLogExporter(ctx)
	if err != nil {
		boot.Warn("cannot create the otlp log exporter: " + err.Error())
		return nil, err
	}
	return &otlpExporter{e: e}, nil
}

// The OTLP/gRPC log exporter lives in gotel.dev/runtime/boot/otlpgrpc/logs,
// which gotel links only into programs that link both OTLP/gRPC and this
// package. It registers from its init, which runs after this package's, and
// a record can be emitted (and the pipeline built) during an earlier
// package's init: a pipeline that asks for gRPC therefore gets an exporter
// that decides at the first of registration, the pipeline being built after
// main.main started, and the first export, flush or shutdown.

var (
	grpcNew  atomic.Pointer[func(context.Context) (sdklog.Exporter, error)]
	grpcWait atomic.Pointer[grpcExporter] // the exporter still deciding, if any
)

// RegisterGRPC makes OTLP/gRPC available to the log pipeline. Only package
// gotel.dev/runtime/boot/otlpgrpc/logs calls it, from its init.
func RegisterGRPC(newExporter func(context.Context) (sdklog.Exporter, error)) {
	grpcNew.Store(&newExporter)
	if w := grpcWait.Load(); w != nil {
		w.get()
	}
}

// grpcExporter is the otlp exporter of a pipeline that asked for gRPC: the
// OTLP/gRPC one where registered, else OTLP/HTTP (one line says so).
type grpcExporter struct {
	once sync.Once
	exp  sdklog.Exporter // nil when it could not be created
}

func newGRPCWait() *grpcExporter {
	w := &grpcExporter{}
	if grpcNew.Load() != nil || boot.MainStarted() {
		w.get()
	} else {
		grpcWait.Store(w)
	}
	return w
}

func (w *grpcExporter) get() sdklog.Exporter {
	w.once.Do(w.decide)
	return w.exp
}

func (w *grpcExporter) decide() {
	grpcWait.CompareAndSwap(w, nil)
	ctx := hook.Suppress(context.Background())
	f := grpcNew.Load()
	boot.LogsGRPCSettled(f != nil)
	if f == nil {
		w.exp, _ = newHTTP(ctx)
		return
	}
	e, err := (*f)(ctx)
	if err != nil {
		boot.Warn("cannot create the otlp log exporter: " + err.Error())
		return
	}
	w.exp = suppressed{e}
}

func (w *grpcExporter) Export(ctx context.Context, records []sdklog.Record) error {
	if e := w.get(); e != nil {
		return e.Export(ctx, records)
	}
	return nil
}

func (w *grpcExporter) Shutdown(ctx context.Context) error {
	if e := w.get(); e != nil {
		return e.Shutdown(ctx)
	}
	return nil
}

func (w *grpcExporter) ForceFlush(ctx context.Context) error {
	if e := w.get(); e != nil {
		return e.ForceFlush(ctx)
	}
	return nil
}
