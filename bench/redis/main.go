// Per-command cost of tracing go-redis v9 against the machine's Redis
// (127.0.0.1:6379): run with -mode none (plain build: no tracing, or a
// gotel build: gotel's hook) or -mode redisotel (plain build with
// redisotel's tracing and metrics hooks). Every mode installs the same SDK
// (always sample, batch processor, an exporter that drops the spans, a
// manual metric reader) so that only the instrumentation differs; a gotel
// build sends its spans and measurements to that SDK too.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/redis/go-redis/extra/redisotel/v9"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

func main() {
	testing.Init()
	mode := flag.String("mode", "none", "none or redisotel")
	label := flag.String("label", "", "name printed with the result")
	flag.Parse()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(discard{}))
	otel.SetTracerProvider(tp)
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	otel.SetMeterProvider(mp)
	defer tp.Shutdown(context.Background())

	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	if *mode == "redisotel" {
		if err := redisotel.InstrumentTracing(rdb); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := redisotel.InstrumentMetrics(rdb); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	ctx := context.Background()
	key := fmt.Sprintf("gotel:bench:%d", os.Getpid())
	if err := rdb.Set(ctx, key, "v", 0).Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer rdb.Del(ctx, key)
	get := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			rdb.Get(ctx, key)
		}
	})
	pipe := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
				p.Get(ctx, key)
				p.Get(ctx, key)
				p.Incr(ctx, key+":n")
				return nil
			})
		}
	})
	rdb.Del(ctx, key+":n")
	fmt.Printf("%s GET %d ns/op %d allocs/op %d B/op\n", *label, get.NsPerOp(), get.AllocsPerOp(), get.AllocedBytesPerOp())
	fmt.Printf("%s PIPELINE3 %d ns/op %d allocs/op %d B/op\n", *label, pipe.NsPerOp(), pipe.AllocsPerOp(), pipe.AllocedBytesPerOp())
}
