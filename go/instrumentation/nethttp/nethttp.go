// Package nethttp holds the hooks gotel weaves into net/http: one server
// span per request served by an http.Server (HTTP/1 and HTTP/2), one client
// span per request sent by an http.Transport, and the HTTP duration
// histograms, all following the stable HTTP semantic conventions.
//
// The hooks are called by generated code (see docs/architecture.md and
// rules.yaml); they use the global OpenTelemetry providers and propagator,
// which the gotel SDK bootstrap sets.
package nethttp

import (
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/nethttp"

// InstrumentationName is the switch name of these hooks (rules.yaml's
// instrumentation), for hook.Enabled.
const InstrumentationName = "nethttp"

// instruments are the tracer and histograms of the current global
// providers. They are looked up again when a provider changes, so that a
// program (or a test) that replaces the global providers is followed.
type instruments struct {
	tp        trace.TracerProvider
	mp        metric.MeterProvider
	tracer    trace.Tracer
	serverDur metric.Float64Histogram
	clientDur metric.Float64Histogram
}

var current atomic.Pointer[instruments]

// get returns the instruments for the global providers; two atomic loads
// and two comparisons on the common path.
func get() *instruments {
	tp := otel.GetTracerProvider()
	mp := otel.GetMeterProvider()
	if in := current.Load(); in != nil && sameProvider(in.tp, tp) && sameProvider(in.mp, mp) {
		return in
	}
	// A provider gotel did not install may be the program's own SDK.
	hook.ProvidersChanged()
	in := &instruments{tp: tp, mp: mp}
	in.tracer = tp.Tracer(ScopeName, trace.WithSchemaURL(schemaURL))
	m := mp.Meter(ScopeName, metric.WithSchemaURL(schemaURL))
	in.serverDur = histogram(m, serverDurationName, serverDurationDesc)
	in.clientDur = histogram(m, clientDurationName, clientDurationDesc)
	current.Store(in)
	return in
}

// histogram creates a duration histogram; on error a no-op one, because
// metrics are best effort and must never stop a request.
func histogram(m metric.Meter, name, desc string) metric.Float64Histogram {
	h, err := m.Float64Histogram(name, metric.WithDescription(desc), metric.WithUnit(durationUnit),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	if err != nil || h == nil {
		return noop.Float64Histogram{}
	}
	return h
}

// sameProvider compares two providers; a provider whose dynamic type is not
// comparable would make == panic, so that case counts as "changed" (the
// instruments are then looked up on every call, which is correct, only
// slower).
func sameProvider(a, b any) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}
