package span

import (
	"context"
	"sort"
	"testing"
	"time"

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

// BenchmarkInterleaved alternates batches of the three variants, so that a
// shared machine's load falls on all of them alike; per variant it reports
// the median and the fastest batch (ns per call). The fastest batch is the
// cost with the least interference (no preemption, rarely a GC pause).
func BenchmarkInterleaved(b *testing.B) {
	const batch = 1000
	ctx := context.Background()
	variants := []struct {
		name string
		f    func(context.Context, int) error
	}{{"directive", Directive}, {"manual", Manual}, {"plain", Plain}}
	per := make([][]float64, len(variants))
	for done := 0; done < b.N; done += batch {
		for v, x := range variants {
			t0 := time.Now()
			for i := 0; i < batch; i++ {
				sink = x.f(ctx, i)
			}
			per[v] = append(per[v], float64(time.Since(t0).Nanoseconds())/batch)
		}
	}
	for v, x := range variants {
		sort.Float64s(per[v])
		b.ReportMetric(per[v][len(per[v])/2], x.name+"-median-ns")
		b.ReportMetric(per[v][0], x.name+"-min-ns")
	}
	b.ReportMetric(0, "ns/op")
}
