package boot

import (
	"context"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/otlphttp"
)

// suppressSpans marks the context of every call into the exporter with
// hook.Suppress. The exporters hand that context to the HTTP request or gRPC
// call they make, so the net/http and grpc instrumentation see the mark and
// do not trace gotel's own traffic. otlphttp marks its requests itself; the
// wrapper makes the guarantee hold for every exporter boot builds (the
// official OTLP/gRPC ones too) without relying on each of them.
type suppressSpans struct{ sdktrace.SpanExporter }

func (s suppressSpans) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	return s.SpanExporter.ExportSpans(hook.Suppress(ctx), spans)
}

func (s suppressSpans) Shutdown(ctx context.Context) error {
	return s.SpanExporter.Shutdown(hook.Suppress(ctx))
}

// suppressMetrics does the same for metric exporters.
type suppressMetrics struct{ sdkmetric.Exporter }

func (s suppressMetrics) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	return s.Exporter.Export(hook.Suppress(ctx), rm)
}

func (s suppressMetrics) ForceFlush(ctx context.Context) error {
	return s.Exporter.ForceFlush(hook.Suppress(ctx))
}

func (s suppressMetrics) Shutdown(ctx context.Context) error {
	return s.Exporter.Shutdown(hook.Suppress(ctx))
}

// newSpanExporter builds one trace exporter of a kind other than OTLP/gRPC.
// OTLP over http/protobuf is gotel's own otlphttp, which does not link gRPC
// or google.golang.org/protobuf as the official exporter does.
func newSpanExporter(ctx context.Context, kind string) (sdktrace.SpanExporter, error) {
	if kind == kindConsole {
		return stdouttrace.New()
	}
	return otlphttp.NewTraceExporter(ctx)
}

func newMetricExporter(ctx context.Context, kind string) (sdkmetric.Exporter, error) {
	if kind == kindConsole {
		return stdoutmetric.New()
	}
	return otlphttp.NewMetricExporter(ctx)
}
