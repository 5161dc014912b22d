// Package suppress holds the dial options of gotel's OTLP/gRPC exporters.
package suppress

import (
	"context"

	"google.golang.org/grpc"

	"gotel.dev/runtime/hook"
)

// DialOptions mark the context of every call of an exporter's connection
// with hook.Suppress, so that the grpc instrumentation does not trace
// gotel's own exports. boot already marks the context it passes to the
// exporter; the interceptors also cover calls whose context the exporter
// derives on its own.
var DialOptions = []grpc.DialOption{
	grpc.WithChainUnaryInterceptor(unary),
	grpc.WithChainStreamInterceptor(stream),
}

func unary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return invoker(hook.Suppress(ctx), method, req, reply, cc, opts...)
}

func stream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return streamer(hook.Suppress(ctx), desc, cc, method, opts...)
}
