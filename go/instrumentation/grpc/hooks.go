package grpc

import (
	"context"

	"gotel.dev/runtime/hook"

	"google.golang.org/grpc"
)

// NewServerBefore is woven at the start of grpc.NewServer. It returns the
// program's options in a new slice (appending in place could write into
// spare capacity of the caller's slice) with gotel's interceptors first —
// so that they come before the program's chained ones, next to the
// handler — and gotel's stats handler last, after the program's own, so
// that its span is the one in the handler's context even when an otelgrpc
// handler extracted the caller's context before it.
func NewServerBefore(c *hook.Context, opt *[]grpc.ServerOption) {
	h := &serverHandler{}
	out := make([]grpc.ServerOption, 0, len(*opt)+3)
	out = append(out, grpc.ChainUnaryInterceptor(unaryServerInterceptor), grpc.ChainStreamInterceptor(streamServerInterceptor))
	out = append(out, *opt...)
	out = append(out, grpc.StatsHandler(h))
	*opt = out
	c.SetData(h)
	serverActive.Store(true)
}

// NewServerAfter is woven at the return of grpc.NewServer: the handler
// learns its server, whose registered methods tell a known rpc.method
// from one to report as _OTHER.
func NewServerAfter(c *hook.Context, s *grpc.Server) {
	if h, _ := c.Data().(*serverHandler); h != nil {
		h.srv.Store(s)
	}
}

// clientOption is gotel's WithStatsHandler option, recognisable among a
// ClientConn's options: DialContext hands its options on to NewClient (from
// v1.63), and both are woven. Embedding the interface gives the struct the
// unexported apply method, so grpc takes it like any DialOption.
type clientOption struct {
	grpc.DialOption
}

// NewClientBefore is woven at the start of grpc.NewClient. gotel's stats
// handler comes first: an otelgrpc client handler after it then writes
// gotel's span context, not the caller's, into the metadata. gotel's
// interceptors come last, so they are the innermost of the chain, next to
// grpc's invoker: a program's interceptor that calls its invoker twice makes
// two calls, two spans.
func NewClientBefore(_ *hook.Context, target string, opts *[]grpc.DialOption) {
	addClient(target, opts)
}

// DialContextBefore is woven at the start of grpc.DialContext, which Dial
// calls.
func DialContextBefore(_ *hook.Context, _ context.Context, target string, opts *[]grpc.DialOption) {
	addClient(target, opts)
}

func addClient(target string, opts *[]grpc.DialOption) {
	for _, o := range *opts {
		if _, ok := o.(clientOption); ok {
			return
		}
	}
	h := newClientHandler(target)
	out := make([]grpc.DialOption, 0, len(*opts)+3)
	out = append(out, clientOption{grpc.WithStatsHandler(h)})
	out = append(out, *opts...)
	*opts = append(out, clientOption{grpc.WithChainUnaryInterceptor(h.unary)},
		clientOption{grpc.WithChainStreamInterceptor(h.stream)})
	clientActive.Store(true)
}
