package boot

import (
	"context"
	"strings"
	"sync"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"gotel.dev/runtime/otlphttp"
)

// GRPCExporters builds OTLP/gRPC exporters. Package
// gotel.dev/runtime/boot/otlpgrpc registers one when it is linked, so that
// programs that do not use gRPC do not carry it.
type GRPCExporters struct {
	Traces  func(context.Context) (sdktrace.SpanExporter, error)
	Metrics func(context.Context) (sdkmetric.Exporter, error)
}

// grpcWait holds the exporters of the signals that asked for OTLP/gRPC.
// Package initialisation runs boot before otlpgrpc (otlpgrpc imports boot),
// so boot cannot know at its init whether gRPC is linked. It installs lazy
// exporters and decides at the first of: otlpgrpc registering, main.main
// starting (MainBefore), or the first export or flush.
type grpcWait struct {
	traces, metrics       bool               // which signals wait
	tracesVar, metricsVar string             // variable that asked, for the message; "" when guessed
	guess                 string             // the endpoint on port 4317 that made gotel guess gRPC
	metricRef             sdkmetric.Exporter // OTLP/HTTP; the fallback
	resolved              bool
	spanExp               sdktrace.SpanExporter
	metricExp             sdkmetric.Exporter
}

var grpcReg struct {
	mu        sync.Mutex
	factories *GRPCExporters
	wait      *grpcWait
	guessSaid string // the endpoint of the guess line printed, if any
}

// RegisterGRPC makes OTLP/gRPC available to boot. Only package otlpgrpc
// calls it, from its init.
func RegisterGRPC(e GRPCExporters) {
	grpcReg.mu.Lock()
	grpcReg.factories = &e
	grpcReg.mu.Unlock()
	resolveGRPC()
}

// resolveGRPC builds the waiting exporters once: with gRPC when registered,
// else with http/protobuf after one line on stderr.
func resolveGRPC() {
	grpcReg.mu.Lock()
	defer grpcReg.mu.Unlock()
	w := grpcReg.wait
	if w == nil || w.resolved {
		return
	}
	w.resolved = true
	ctx := context.Background()
	f := grpcReg.factories
	if w.guess != "" {
		warn(grpcGuessMessage(w.guess, f != nil))
		grpcReg.guessSaid = w.guess
	}
	if f == nil && (w.traces && w.tracesVar != "" || w.metrics && w.metricsVar != "") {
		warn(grpcMissingMessage(w))
	}
	var err error
	if w.traces {
		if f != nil && f.Traces != nil {
			w.spanExp, err = f.Traces(ctx)
		} else {
			w.spanExp, err = otlphttp.NewTraceExporter(ctx)
		}
		if err != nil {
			warn("cannot create the OTLP trace exporter: " + err.Error())
			w.spanExp = nil
		}
	}
	if w.metrics {
		err = nil
		if f != nil && f.Metrics != nil {
			w.metricExp, err = f.Metrics(ctx)
		} else {
			w.metricExp = w.metricRef
		}
		if err != nil {
			warn("cannot create the OTLP metric exporter: " + err.Error())
			w.metricExp = nil
		}
	}
}

// grpcGuessMessage is the one line for an endpoint on the OTLP/gRPC port
// with no protocol set: what gotel does, and what to set.
func grpcGuessMessage(endpoint string, linked bool) string {
	msg := endpoint + " is the OTLP/gRPC port, but OTEL_EXPORTER_OTLP_PROTOCOL is not set (the default is http/protobuf, port 4318); "
	if linked {
		return msg + "exporting with grpc; set OTEL_EXPORTER_OTLP_PROTOCOL=grpc to say so"
	}
	return msg + "this binary was built without OTLP/gRPC, so it exports with http/protobuf, which a gRPC port refuses: set OTEL_EXPORTER_OTLP_PROTOCOL=grpc and build with GOTEL_OTLP_GRPC=1, or use port 4318"
}

// grpcMissingMessage names the signals whose variable asked for grpc; a
// guessed signal has its own message.
func grpcMissingMessage(w *grpcWait) string {
	var vars, signals []string
	if w.traces && w.tracesVar != "" {
		vars = append(vars, w.tracesVar+"=grpc")
		signals = append(signals, "traces")
	}
	if w.metrics && w.metricsVar != "" {
		if !contains(vars, w.metricsVar+"=grpc") {
			vars = append(vars, w.metricsVar+"=grpc")
		}
		signals = append(signals, "metrics")
	}
	return noGRPCMessage(vars, signals)
}

// noGRPCMessage is the line for signals that asked for grpc (through vars)
// in a binary without OTLP/gRPC.
func noGRPCMessage(vars, signals []string) string {
	return strings.Join(vars, ", ") + ": this binary was built without OTLP/gRPC (gotel links it when the program uses google.golang.org/grpc, or with GOTEL_OTLP_GRPC=1 at build time); exporting " + strings.Join(signals, " and ") + " with http/protobuf"
}

func waitedSpans() sdktrace.SpanExporter {
	resolveGRPC()
	grpcReg.mu.Lock()
	defer grpcReg.mu.Unlock()
	if w := grpcReg.wait; w != nil && w.spanExp != nil {
		return w.spanExp
	}
	return nil
}

func waitedMetrics() sdkmetric.Exporter {
	resolveGRPC()
	grpcReg.mu.Lock()
	defer grpcReg.mu.Unlock()
	if w := grpcReg.wait; w != nil && w.metricExp != nil {
		return w.metricExp
	}
	return nil
}

// lazySpans is the trace exporter of a signal waiting for gRPC.
type lazySpans struct{}

func (lazySpans) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if e := waitedSpans(); e != nil {
		return e.ExportSpans(ctx, spans)
	}
	return nil
}

func (lazySpans) Shutdown(ctx context.Context) error {
	if e := waitedSpans(); e != nil {
		return e.Shutdown(ctx)
	}
	return nil
}

// lazyMetrics is the metric exporter of a signal waiting for gRPC. The
// periodic reader asks for temporality and aggregation when instruments are
// created, possibly before the decision; both OTLP exporters answer them from
// the same OTEL_EXPORTER_OTLP_METRICS_* variables, so ref (the OTLP/HTTP
// exporter, used for export only as the fallback) answers for either.
type lazyMetrics struct{ ref sdkmetric.Exporter }

func (l lazyMetrics) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	if l.ref == nil {
		return sdkmetric.DefaultTemporalitySelector(k)
	}
	return l.ref.Temporality(k)
}

func (l lazyMetrics) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	if l.ref == nil {
		return sdkmetric.DefaultAggregationSelector(k)
	}
	return l.ref.Aggregation(k)
}

func (lazyMetrics) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	if e := waitedMetrics(); e != nil {
		return e.Export(ctx, rm)
	}
	return nil
}

func (lazyMetrics) ForceFlush(ctx context.Context) error {
	if e := waitedMetrics(); e != nil {
		return e.ForceFlush(ctx)
	}
	return nil
}

func (l lazyMetrics) Shutdown(ctx context.Context) error {
	e := waitedMetrics()
	if l.ref != nil && l.ref != e {
		_ = l.ref.Shutdown(ctx)
	}
	if e != nil {
		return e.Shutdown(ctx)
	}
	return nil
}
