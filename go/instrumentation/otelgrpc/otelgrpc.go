// Package otelgrpc holds the hooks gotel weaves into
// go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc
// so that a program installing otelgrpc's stats handlers gets one server
// span and one client span per RPC, gotel's, instead of two.
//
// otelgrpc's handlers consult their filter when an RPC starts: an RPC the
// filter rejects gets no span and no metric from them (they still carry
// the trace context in the metadata, which then is gotel's span's). The
// hooks append such a filter to the options of NewServerHandler and
// NewClientHandler when gotel's grpc instrumentation is switched on; the
// filter rejects an RPC as long as gotel's grpc hooks have added their own
// handler to this program's servers (or clients), so that an otelgrpc
// handler keeps its spans wherever gotel's grpc weave did not happen.
package otelgrpc

import (
	gotelgrpc "gotel.dev/instrumentation/grpc"
	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc/stats"
)

// ServerHandlerBefore is woven at the start of otelgrpc.NewServerHandler.
func ServerHandlerBefore(_ *hook.Context, opts *[]otelgrpc.Option) {
	if hook.Enabled(gotelgrpc.InstrumentationName) {
		*opts = withFilter(*opts, serverFilter)
	}
}

// ClientHandlerBefore is woven at the start of otelgrpc.NewClientHandler.
func ClientHandlerBefore(_ *hook.Context, opts *[]otelgrpc.Option) {
	if hook.Enabled(gotelgrpc.InstrumentationName) {
		*opts = withFilter(*opts, clientFilter)
	}
}

func serverFilter(*stats.RPCTagInfo) bool { return !gotelgrpc.ServerActive() }

func clientFilter(*stats.RPCTagInfo) bool { return !gotelgrpc.ClientActive() }

// withFilter returns opts plus a WithFilter option in a new slice: appending
// in place could write into spare capacity of the caller's slice.
func withFilter(opts []otelgrpc.Option, f otelgrpc.Filter) []otelgrpc.Option {
	out := make([]otelgrpc.Option, len(opts), len(opts)+1)
	copy(out, opts)
	return append(out, otelgrpc.WithFilter(f))
}
