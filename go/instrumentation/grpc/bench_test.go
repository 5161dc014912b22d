package grpc

import (
	"context"
	"testing"

	"google.golang.org/protobuf/types/known/wrapperspb"
)

// BenchmarkUnary: one unary call on loopback between a server and a
// client built with gotel's hooks (bench/grpc compares with otelgrpc).
func BenchmarkUnary(b *testing.B) {
	t := &testing.T{}
	addr := serve(t, newServer)
	cc := newClient(t, addr)
	ctx := context.Background()
	in, out := wrapperspb.String("hi"), new(wrapperspb.StringValue)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := cc.Invoke(ctx, "/test.Echo/Unary", in, out); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	spans.Reset()
}
