package rtmetrics

import (
	"context"
	"math"
	"runtime/metrics"
	"sync"
	"time"

	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// histogramDefs are the histograms the runtime keeps, exported as the
// conventions name them.
var histogramDefs = []struct{ key, name, desc string }{
	{"/sched/latencies:seconds", "go.schedule.duration",
		"The time goroutines have spent in the scheduler in a runnable state before actually running."},
	{"/sched/pauses/total/gc:seconds", "go.memory.gc.pause.duration",
		"Distribution of individual GC-related stop-the-world pause latencies. This is the time from deciding to stop the world until the world is started again."},
}

// Producer hands the runtime's histograms to one metric reader (pass it
// with sdkmetric.WithProducer). Each reader needs its own: with delta
// temporality it remembers what it last reported.
type Producer struct {
	delta bool

	mu      sync.Mutex
	samples []metrics.Sample
	start   time.Time  // start of the current cumulative or delta interval
	last    [][]uint64 // bucket counts last reported, per histogram (delta only)
}

// NewProducer returns a Producer that reports with the temporality the
// reader's exporter asks for histograms.
func NewProducer(t metricdata.Temporality) *Producer {
	p := &Producer{delta: t == metricdata.DeltaTemporality, start: time.Now(),
		samples: make([]metrics.Sample, len(histogramDefs)), last: make([][]uint64, len(histogramDefs))}
	for i, d := range histogramDefs {
		p.samples[i].Name = d.key
	}
	return p
}

// Produce implements sdkmetric.Producer.
func (p *Producer) Produce(context.Context) ([]metricdata.ScopeMetrics, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	metrics.Read(p.samples)
	now := time.Now()
	temporality := metricdata.CumulativeTemporality
	if p.delta {
		temporality = metricdata.DeltaTemporality
	}
	sm := metricdata.ScopeMetrics{Scope: instrumentation.Scope{Name: ScopeName, SchemaURL: schemaURL}}
	for i, d := range histogramDefs {
		v := p.samples[i].Value
		if v.Kind() != metrics.KindFloat64Histogram {
			continue // not kept by this Go release
		}
		h := v.Float64Histogram()
		counts := make([]uint64, len(h.Counts))
		copy(counts, h.Counts) // Read reuses h's memory next time
		if p.delta {
			cur := append([]uint64(nil), counts...)
			if prev := p.last[i]; len(prev) == len(counts) {
				for j := range counts {
					counts[j] -= prev[j]
				}
			}
			p.last[i] = cur
		}
		sm.Metrics = append(sm.Metrics, metricdata.Metrics{
			Name: d.name, Description: d.desc, Unit: "s",
			Data: metricdata.Histogram[float64]{
				Temporality: temporality,
				DataPoints:  []metricdata.HistogramDataPoint[float64]{point(h.Buckets, counts, p.start, now)},
			},
		})
	}
	if p.delta {
		p.start = now
	}
	if len(sm.Metrics) == 0 {
		return nil, nil
	}
	return []metricdata.ScopeMetrics{sm}, nil
}

// point converts a runtime histogram (counts[i] in [buckets[i],
// buckets[i+1]), the outer boundaries possibly infinite) to an OTLP
// explicit-bucket point (bucket i in (bounds[i-1], bounds[i]]): the inner
// boundaries are the bounds. The runtime keeps no sum, so it is estimated
// from each bucket's middle (its finite edge for the outer buckets).
func point(buckets []float64, counts []uint64, start, now time.Time) metricdata.HistogramDataPoint[float64] {
	var n uint64
	var sum float64
	for i, c := range counts {
		if c == 0 {
			continue
		}
		n += c
		lo, hi := buckets[i], buckets[i+1]
		mid := (lo + hi) / 2
		if math.IsInf(lo, 0) {
			mid = hi
		} else if math.IsInf(hi, 0) {
			mid = lo
		}
		sum += float64(c) * mid
	}
	return metricdata.HistogramDataPoint[float64]{
		StartTime: start, Time: now, Count: n, Sum: sum,
		Bounds: buckets[1 : len(buckets)-1], BucketCounts: counts,
	}
}
