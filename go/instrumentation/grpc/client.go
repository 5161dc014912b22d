package grpc

import (
	"context"
	"sync/atomic"
	"time"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/stats"
)

// clientHandler is the stats handler and the pair of interceptors gotel
// adds to one ClientConn; the server address comes from the target it was
// made for.
//
// One client span covers one call, all its attempts: grpc runs the
// interceptors once per call, but calls the stats handler once per attempt
// (a transparent retry, or a retry the service config's policy asks for),
// each with its own End. So the interceptors start the span and end it when
// the call is over (a unary call's invoker returned; a stream's OnFinish,
// which grpc calls once, with the final status); TagRPC only counts the
// attempts.
type clientHandler struct {
	addr string
	port int
}

func newClientHandler(target string) *clientHandler {
	h := &clientHandler{}
	h.addr, h.port = targetAddress(target)
	return h
}

// clientState is one call's client span and, like serverState, the call's
// context.
type clientState struct {
	context.Context
	span     trace.Span
	start    time.Time
	method   string
	h        *clientHandler
	attempts atomic.Int32
	// perAttempt: started by TagRPC, not by gotel's interceptor (a call that
	// reached grpc without it), so it ends at its attempt's End.
	perAttempt bool
	ended      atomic.Bool
}

type clientKey struct{}

func (s *clientState) Value(key any) any {
	if _, ok := key.(clientKey); ok {
		return s
	}
	return s.Context.Value(key)
}

// start starts the call's span under ctx's span, else the goroutine's
// (gls.Parent), and puts its trace context into the outgoing metadata. nil
// for gotel's own calls (hook.Suppressed).
func (h *clientHandler) start(ctx context.Context, fullMethod string) *clientState {
	if hook.Suppressed(ctx) {
		return nil
	}
	in := get()
	st := &clientState{start: time.Now(), h: h}
	method, ok := splitMethod(fullMethod)
	st.method = method
	name := method
	if !ok {
		name = systemGRPC
	}
	ap := getAttrs()
	kv := append(*ap, attrSystem, keyRPCMethod.String(method))
	if h.addr != "" {
		kv = append(kv, keyServerAddress.String(h.addr))
		if h.port > 0 {
			kv = append(kv, keyServerPort.Int(h.port))
		}
	}
	sctx, span := in.tracer.Start(gls.Parent(ctx), name,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(kv...))
	putAttrs(ap, kv)
	st.span = span

	var c outgoingCarrier
	otel.GetTextMapPropagator().Inject(sctx, &c)
	if len(c.kv) > 0 {
		sctx = withTraceMetadata(sctx, c.kv)
	}
	st.Context = sctx
	return st
}

// withTraceMetadata adds the trace context's keys to the outgoing metadata.
// Usually the caller has none of them and they are appended (the caller's
// metadata is neither copied nor changed). When the caller put a
// traceparent (or another key of the propagator) there itself, gotel's
// replaces it, so that the server, which takes the first value of a key,
// continues this span.
func withTraceMetadata(ctx context.Context, kv []string) context.Context {
	if md, ok := metadata.FromOutgoingContext(ctx); ok {
		for i := 0; i < len(kv); i += 2 {
			if _, dup := md[kv[i]]; dup {
				for j := 0; j < len(kv); j += 2 {
					md[kv[j]] = []string{kv[j+1]}
				}
				return metadata.NewOutgoingContext(ctx, md)
			}
		}
	}
	return metadata.AppendToOutgoingContext(ctx, kv...)
}

// end ends the call's span once, with the status the program gets.
func (st *clientState) end(err error) {
	if st == nil || !st.ended.CompareAndSwap(false, true) {
		return
	}
	endTime := time.Now()
	code := codeOf(err)
	cn := codeName(code)
	ap := getAttrs()
	kv := append(*ap, keyRPCResponseStatusCode.String(cn))
	if err != nil {
		kv = append(kv, keyErrorType.String(cn))
		st.span.SetStatus(codes.Error, statusMessage(err))
	}
	st.span.SetAttributes(kv...)
	putAttrs(ap, kv)
	st.span.End(trace.WithTimestamp(endTime))

	in := get()
	if in.clientDur.Enabled(st.Context) {
		set := sets.get(setKey{method: st.method, addr: st.h.addr, port: st.h.port, code: code})
		in.clientDur.Record(st.Context, endTime.Sub(st.start).Seconds(), metric.WithAttributeSet(set))
	}
}

// unary is gotel's unary client interceptor, the last of the chain (next
// to grpc's invoker, which makes every attempt).
func (h *clientHandler) unary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	st := h.start(ctx, method)
	if st == nil {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	err := invoker(st, method, req, reply, cc, opts...)
	st.end(err)
	return err
}

// stream is gotel's stream client interceptor: the call ends when grpc
// calls OnFinish (status read, stream cancelled, connection closed), or
// with the error that kept the stream from being made.
func (h *clientHandler) stream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	st := h.start(ctx, method)
	if st == nil {
		return streamer(ctx, desc, cc, method, opts...)
	}
	// A new slice: the caller's spare capacity is not ours to write.
	all := make([]grpc.CallOption, 0, len(opts)+1)
	all = append(append(all, opts...), grpc.OnFinish(st.end))
	cs, err := streamer(st, desc, cc, method, all...)
	if err != nil {
		st.end(err)
	}
	return cs, err
}

func (h *clientHandler) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}

func (h *clientHandler) HandleConn(context.Context, stats.ConnStats) {}

// TagRPC runs on the caller's goroutine when an attempt starts. The call's
// span is in ctx, put there by gotel's interceptor: the attempt is counted.
// Without it (a call that did not pass the interceptor), the attempt gets a
// span of its own, started and ended here.
func (h *clientHandler) TagRPC(ctx context.Context, info *stats.RPCTagInfo) context.Context {
	if info == nil || hook.Suppressed(ctx) {
		return ctx
	}
	if st, _ := ctx.Value(clientKey{}).(*clientState); st != nil && st.h == h && !st.perAttempt {
		st.attempts.Add(1)
		return ctx
	}
	st := h.start(ctx, info.FullMethodName)
	st.perAttempt = true
	st.attempts.Store(1)
	return st
}

// Attributes of the event recorded on a call's span for each retry, as
// gRPC's own OpenTelemetry tracing names them on its attempt spans (gRFC
// A72).
var (
	keyPreviousAttempts = attribute.Key("previous-rpc-attempts")
	keyTransparentRetry = attribute.Key("transparent-retry")
	retryEventName      = "grpc.retry"
)

// HandleRPC records each retry as an event of the call's span, and ends a
// span of a single attempt at its End.
func (h *clientHandler) HandleRPC(ctx context.Context, rs stats.RPCStats) {
	st, _ := ctx.Value(clientKey{}).(*clientState)
	if st == nil {
		return
	}
	switch s := rs.(type) {
	case *stats.Begin:
		if n := st.attempts.Load(); n > 1 {
			st.span.AddEvent(retryEventName, trace.WithTimestamp(s.BeginTime), trace.WithAttributes(
				keyPreviousAttempts.Int(int(n-1)), keyTransparentRetry.Bool(s.IsTransparentRetryAttempt)))
		}
	case *stats.End:
		if st.perAttempt {
			st.end(s.Error)
		}
	}
}
