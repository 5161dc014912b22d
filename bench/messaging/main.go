// Per-message cost of tracing publishes of nats.go and amqp091-go against
// the machine's NATS (127.0.0.1:4222) and RabbitMQ (127.0.0.1:5672): the
// plain build (no tracing) against a gotel build (a producer span, the
// trace context in the headers, the duration and sent-count metrics). Both
// install the same SDK (always sample, batch processor, an exporter that
// drops the spans, a manual metric reader), so that only the
// instrumentation differs.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/nats-io/nats.go"
	amqp "github.com/rabbitmq/amqp091-go"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	testing.Init()
	label := flag.String("label", "", "name printed with the result")
	flag.Parse()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(discard{}))
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())))
	defer tp.Shutdown(context.Background())
	data := make([]byte, 64)
	subj := fmt.Sprintf("gotel.bench.%d", os.Getpid())

	nc, err := nats.Connect("nats://127.0.0.1:4222")
	if err != nil {
		fail(err)
	}
	defer nc.Close()
	pub := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := nc.Publish(subj, data); err != nil {
				b.Fatal(err)
			}
		}
		nc.Flush()
	})
	hdr := nats.Header{"app": []string{"bench"}}
	pubMsg := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := nc.PublishMsg(&nats.Msg{Subject: subj, Header: hdr, Data: data}); err != nil {
				b.Fatal(err)
			}
		}
		nc.Flush()
	})

	conn, err := amqp.Dial("amqp://guest:guest@127.0.0.1:5672/")
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	// To a queue nobody declared: the broker drops the messages instead of
	// keeping them.
	rpub := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := ch.PublishWithContext(ctx, "", subj, false, false, amqp.Publishing{Headers: amqp.Table{"app": "bench"}, Body: data}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, r := range []struct {
		name string
		res  testing.BenchmarkResult
	}{{"NATS_PUBLISH", pub}, {"NATS_PUBLISHMSG", pubMsg}, {"RABBIT_PUBLISH", rpub}} {
		fmt.Printf("%s %s %d ns/op %d allocs/op %d B/op\n", *label, r.name, r.res.NsPerOp(), r.res.AllocsPerOp(), r.res.AllocedBytesPerOp())
	}
}
