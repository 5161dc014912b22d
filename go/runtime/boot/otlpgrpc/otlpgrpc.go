// Package otlpgrpc adds OTLP over gRPC to gotel's SDK bootstrap. gotel
// blank-imports it only into programs that already use google.golang.org/grpc
// or when asked at build time, so that other programs do not carry gRPC.
// Selection still follows OTEL_EXPORTER_OTLP_(TRACES_|METRICS_)PROTOCOL.
package otlpgrpc

import (
	"context"

	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"

	"gotel.dev/runtime/boot"
	"gotel.dev/runtime/hook"
)

func init() {
	boot.RegisterGRPC(boot.GRPCExporters{Traces: newTraces, Metrics: newMetrics})
}

// The exporters' calls are marked with hook.Suppress so that the grpc
// instrumentation does not trace gotel's own exports. boot already marks the
// context it passes to the exporter; the interceptors also cover calls whose
// context the exporter derives on its own.
var suppress = []grpc.DialOption{
	grpc.WithChainUnaryInterceptor(suppressUnary),
	grpc.WithChainStreamInterceptor(suppressStream),
}

func suppressUnary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return invoker(hook.Suppress(ctx), method, req, reply, cc, opts...)
}

func suppressStream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return streamer(hook.Suppress(ctx), desc, cc, method, opts...)
}

func newTraces(ctx context.Context) (sdktrace.SpanExporter, error) {
	opts := make([]otlptracegrpc.Option, 0, len(suppress))
	for _, o := range suppress {
		opts = append(opts, otlptracegrpc.WithDialOption(o))
	}
	return otlptracegrpc.New(ctx, opts...)
}

func newMetrics(ctx context.Context) (sdkmetric.Exporter, error) {
	opts := make([]otlpmetricgrpc.Option, 0, len(suppress))
	for _, o := range suppress {
		opts = append(opts, otlpmetricgrpc.WithDialOption(o))
	}
	return otlpmetricgrpc.New(ctx, opts...)
}
