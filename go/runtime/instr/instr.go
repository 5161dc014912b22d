// Package instr gives instrumentation hooks their tracer and metric
// instruments for the current global OpenTelemetry providers, looked up
// again when a provider changes (the program installing its own SDK, a test
// replacing them), with two atomic loads and two comparisons on the common
// path. Every go/instrumentation module uses it instead of caching
// providers itself.
package instr

import (
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

// Scope is one instrumentation scope: a tracer and the instruments T that
// build creates from the scope's meter.
type Scope[T any] struct {
	name, version, schemaURL string
	build                    func(trace.Tracer, metric.Meter) *T
	cur                      atomic.Pointer[entry[T]]
}

type entry[T any] struct {
	tp  trace.TracerProvider
	mp  metric.MeterProvider
	val *T
}

// New returns a Scope named name (the instrumentation module's path), whose
// telemetry follows schemaURL. build is called once per provider pair; it
// must not fail (use Histogram and friends, which fall back to no-ops).
func New[T any](name, schemaURL string, build func(trace.Tracer, metric.Meter) *T) *Scope[T] {
	return &Scope[T]{name: name, schemaURL: schemaURL, build: build}
}

// Get returns the instruments for the current global providers.
func (s *Scope[T]) Get() *T {
	tp := otel.GetTracerProvider()
	mp := otel.GetMeterProvider()
	if e := s.cur.Load(); e != nil && same(e.tp, tp) && same(e.mp, mp) {
		return e.val
	}
	// A provider gotel did not install may be the program's own SDK.
	hook.ProvidersChanged()
	t := tp.Tracer(s.name, trace.WithSchemaURL(s.schemaURL))
	m := mp.Meter(s.name, metric.WithSchemaURL(s.schemaURL))
	e := &entry[T]{tp: tp, mp: mp, val: s.build(t, m)}
	s.cur.Store(e)
	return e.val
}

// same compares two providers; a dynamic type that is not comparable would
// make == panic, so it counts as changed (looked up on every call: correct,
// only slower).
func same(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return a == b
}

// Histogram creates a float64 histogram in unit with explicit bucket
// boundaries; on error a no-op one, because metrics are best effort and
// must never stop the program's work.
func Histogram(m metric.Meter, name, desc, unit string, buckets ...float64) metric.Float64Histogram {
	opts := []metric.Float64HistogramOption{metric.WithDescription(desc), metric.WithUnit(unit)}
	if len(buckets) > 0 {
		opts = append(opts, metric.WithExplicitBucketBoundaries(buckets...))
	}
	h, err := m.Float64Histogram(name, opts...)
	if err != nil || h == nil {
		return noop.Float64Histogram{}
	}
	return h
}

// Counter creates an int64 counter; on error a no-op one.
func Counter(m metric.Meter, name, desc, unit string) metric.Int64Counter {
	c, err := m.Int64Counter(name, metric.WithDescription(desc), metric.WithUnit(unit))
	if err != nil || c == nil {
		return noop.Int64Counter{}
	}
	return c
}

// DurationBuckets are the bucket boundaries, in seconds, that the semantic
// conventions advise for client and server operation durations.
var DurationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
