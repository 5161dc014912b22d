// Package grpc holds the hooks gotel weaves into google.golang.org/grpc:
// one server span per RPC a grpc.Server serves and one client span per RPC
// a ClientConn sends, unary and streaming alike, the RPC call-duration
// histograms, and the trace context carried in the RPC's metadata, all
// following the RPC semantic conventions (semconv.go).
//
// The hooks act where the program builds servers and clients (NewServer,
// NewClient, DialContext): they add gotel's own stats handler — grpc calls
// it at the start and the end of every RPC, including those the server
// rejects before any handler runs — and interceptors: on servers they make
// the RPC's span the handler goroutine's span too; on clients they make one
// span per call, however many attempts grpc makes. The program's own
// options, interceptors and stats handlers are kept in their order.
package grpc

import (
	"sync/atomic"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/instr"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/grpc"

// InstrumentationName is the switch name of these hooks (rules.yaml).
const InstrumentationName = "grpc"

type instruments struct {
	tracer    trace.Tracer
	serverDur metric.Float64Histogram
	clientDur metric.Float64Histogram
}

var scope = instr.New(ScopeName, schemaURL, func(t trace.Tracer, m metric.Meter) *instruments {
	return &instruments{
		tracer:    t,
		serverDur: instr.Histogram(m, serverDurationName, serverDurationDesc, durationUnit, instr.DurationBuckets...),
		clientDur: instr.Histogram(m, clientDurationName, clientDurationDesc, durationUnit, instr.DurationBuckets...),
	}
})

func get() *instruments { return scope.Get() }

// Set once a woven NewServer or NewClient has run: from then on gotel traces
// that side of gRPC in this process, and otelgrpc's handlers step aside
// (go/instrumentation/otelgrpc). The switch is read at start-up, so a
// hook that ran means the instrumentation is on.
var serverActive, clientActive atomic.Bool

// ServerActive reports whether gotel gives this program's gRPC servers
// their server spans.
func ServerActive() bool { return serverActive.Load() }

// ClientActive reports whether gotel gives this program's gRPC clients
// their client spans.
func ClientActive() bool { return clientActive.Load() }
