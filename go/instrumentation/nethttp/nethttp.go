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
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/instr"
	"gotel.dev/runtime/instr/httpconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/nethttp"

// InstrumentationName is the switch name of these hooks (rules.yaml's
// instrumentation), for hook.Enabled.
const InstrumentationName = "nethttp"

// instruments are the tracer and histograms of the current global
// providers (gotel.dev/runtime/instr follows a provider change: a program
// or a test that replaces the global providers is followed).
type instruments struct {
	tracer    trace.Tracer
	serverDur metric.Float64Histogram
	clientDur metric.Float64Histogram
}

var scope = instr.New(ScopeName, httpconv.SchemaURL, func(t trace.Tracer, m metric.Meter) *instruments {
	return &instruments{
		tracer:    t,
		serverDur: instr.Histogram(m, httpconv.ServerDurationName, httpconv.ServerDurationDesc, httpconv.DurationUnit, httpconv.DurationBuckets...),
		clientDur: instr.Histogram(m, httpconv.ClientDurationName, httpconv.ClientDurationDesc, httpconv.DurationUnit, httpconv.DurationBuckets...),
	}
})

// get returns the instruments for the global providers.
func get() *instruments { return scope.Get() }
