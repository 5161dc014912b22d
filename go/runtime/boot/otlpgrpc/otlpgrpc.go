// Package otlpgrpc adds OTLP over gRPC to gotel's SDK bootstrap. gotel
// blank-imports it only into programs that already use google.golang.org/grpc
// or when asked at build time, so that other programs do not carry gRPC.
// Selection still follows OTEL_EXPORTER_OTLP_(TRACES_|METRICS_)PROTOCOL.
// The logs signal's exporter is in the subpackage logs, linked only into
// programs that also link gotel's log pipeline.
package otlpgrpc

import (
	"context"

	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"gotel.dev/runtime/boot"
	"gotel.dev/runtime/boot/otlpgrpc/internal/suppress"
)

func init() {
	boot.RegisterGRPC(boot.GRPCExporters{Traces: newTraces, Metrics: newMetrics})
}

func newTraces(ctx context.Context) (sdktrace.SpanExporter, error) {
	return otlptracegrpc.New(ctx, otlptracegrpc.WithDialOption(suppress.DialOptions...))
}

func newMetrics(ctx context.Context) (sdkmetric.Exporter, error) {
	return otlpmetricgrpc.New(ctx, otlpmetricgrpc.WithDialOption(suppress.DialOptions...))
}
