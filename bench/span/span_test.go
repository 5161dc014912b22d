package span

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Every span is sampled and ended; none is exported (no span processor),
// so the numbers are the cost of making spans, for both variants alike.
func init() {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample())))
}

var sink error

func BenchmarkPlain(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		sink = Plain(ctx, i)
	}
}

func BenchmarkDirective(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = Directive(ctx, i)
	}
}

func BenchmarkManual(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = Manual(ctx, i)
	}
}
