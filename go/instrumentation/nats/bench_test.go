package nats

import (
	"context"
	"testing"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"gotel.dev/runtime/hook"
)

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

// The hooks' cost around a real publish, as the weave calls them.
func BenchmarkPublishHooks(b *testing.B) {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(discard{})))
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())))
	nc, err := nats.Connect("nats://" + natsAddr)
	if err != nil {
		b.Skip(err)
	}
	defer nc.Close()
	data := make([]byte, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var hc hook.Context
		var hdr []byte
		PublishBefore(&hc, nc, "gotel.bench.unit", "", false, &hdr, data)
		PublishAfter(&hc, nil)
	}
}
