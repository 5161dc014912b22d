// Package fasthttp holds the hooks gotel weaves into github.com/valyala/fasthttp:
// one server span per request a fasthttp.Server serves, one client span per
// request a HostClient sends (every fasthttp client ends there), and the
// HTTP duration histograms, following the stable HTTP semantic conventions
// as gotel's net/http instrumentation does (gotel.dev/runtime/instr/httpconv
// holds the shared part).
//
// fasthttp has no context.Context on either side: the server span is the
// handler goroutine's span (gls.Enter), and a client span's parent is the
// goroutine's span (gls.Parent).
package fasthttp

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/instr"
	"gotel.dev/runtime/instr/httpconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/fasthttp"

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

func get() *instruments { return scope.Get() }

// methodOf normalises a method given as bytes without allocating for the
// known ones (a switch on string(b) does not copy).
func methodOf(b []byte) (value string, other bool) {
	switch string(b) {
	case "":
		return "GET", false
	case "GET":
		return "GET", false
	case "HEAD":
		return "HEAD", false
	case "POST":
		return "POST", false
	case "PUT":
		return "PUT", false
	case "DELETE":
		return "DELETE", false
	case "CONNECT":
		return "CONNECT", false
	case "OPTIONS":
		return "OPTIONS", false
	case "TRACE":
		return "TRACE", false
	case "PATCH":
		return "PATCH", false
	case "QUERY":
		return "QUERY", false
	}
	return "_OTHER", true
}

// protoOf is network.protocol.version: fasthttp speaks HTTP/1.x only.
func protoOf(http11 bool) string {
	if http11 {
		return "1.1"
	}
	return "1.0"
}
