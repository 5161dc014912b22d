// Per-call cost of tracing a unary gRPC call on loopback, server and
// client in this process: run with -mode none (plain build: no tracing;
// a gotel build: gotel's stats handlers on both sides) or -mode otelgrpc
// (plain build with otelgrpc's stats handlers on the server and the
// client). Every mode installs the same SDK (always sample, batch
// processor, an exporter that drops the spans, a manual metric reader) so
// that only the instrumentation differs.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

func unary(_ any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
	in := new(wrapperspb.StringValue)
	if err := dec(in); err != nil {
		return nil, err
	}
	return in, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	testing.Init()
	mode := flag.String("mode", "none", "none or otelgrpc")
	label := flag.String("label", "", "name printed with the result")
	flag.Parse()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(discard{}))
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())))
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	defer tp.Shutdown(context.Background())

	var sopts []grpc.ServerOption
	copts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if *mode == "otelgrpc" {
		sopts = append(sopts, grpc.StatsHandler(otelgrpc.NewServerHandler()))
		copts = append(copts, grpc.WithStatsHandler(otelgrpc.NewClientHandler()))
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	s := grpc.NewServer(sopts...)
	s.RegisterService(&grpc.ServiceDesc{
		ServiceName: "bench.Echo", HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{{MethodName: "Unary", Handler: unary}},
	}, nil)
	go s.Serve(lis)
	defer s.Stop()
	cc, err := grpc.NewClient(lis.Addr().String(), copts...)
	if err != nil {
		fail(err)
	}
	defer cc.Close()

	ctx := context.Background()
	in := wrapperspb.String("ping")
	if err := cc.Invoke(ctx, "/bench.Echo/Unary", in, new(wrapperspb.StringValue)); err != nil {
		fail(err)
	}
	res := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		out := new(wrapperspb.StringValue)
		for i := 0; i < b.N; i++ {
			if err := cc.Invoke(ctx, "/bench.Echo/Unary", in, out); err != nil {
				b.Fatal(err)
			}
		}
	})
	fmt.Printf("%s UNARY %d ns/op %d allocs/op %d B/op\n", *label, res.NsPerOp(), res.AllocsPerOp(), res.AllocedBytesPerOp())
}
