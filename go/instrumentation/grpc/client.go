package grpc

import (
	"context"
	"sync/atomic"
	"time"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/stats"
)

// clientHandler is the stats handler gotel adds to one ClientConn; the
// server address comes from the target it was made for.
type clientHandler struct {
	addr string
	port int
}

func newClientHandler(target string) *clientHandler {
	h := &clientHandler{}
	h.addr, h.port = targetAddress(target)
	return h
}

// clientState is one RPC's client span and, like serverState, the RPC's
// context.
type clientState struct {
	context.Context
	span   trace.Span
	start  time.Time
	method string
	ended  atomic.Bool
}

type clientKey struct{}

func (s *clientState) Value(key any) any {
	if _, ok := key.(clientKey); ok {
		return s
	}
	return s.Context.Value(key)
}

func (h *clientHandler) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}

func (h *clientHandler) HandleConn(context.Context, stats.ConnStats) {}

// TagRPC runs on the caller's goroutine when an RPC (unary or stream)
// starts. The span's parent is the caller's context, else the goroutine's
// span (gls.Parent); the span's context goes into the outgoing metadata.
func (h *clientHandler) TagRPC(ctx context.Context, info *stats.RPCTagInfo) context.Context {
	if info == nil || hook.Suppressed(ctx) {
		return ctx
	}
	in := get()
	st := &clientState{start: time.Now()}
	method, ok := splitMethod(info.FullMethodName)
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
		sctx = metadata.AppendToOutgoingContext(sctx, c.kv...)
	}
	st.Context = sctx
	return st
}

// HandleRPC ends the span at the RPC's End. With transparent retries grpc
// reports an End per attempt; the first one ends the span.
func (h *clientHandler) HandleRPC(ctx context.Context, rs stats.RPCStats) {
	end, ok := rs.(*stats.End)
	if !ok {
		return
	}
	st, _ := ctx.Value(clientKey{}).(*clientState)
	if st == nil || !st.ended.CompareAndSwap(false, true) {
		return
	}
	endTime := end.EndTime
	if endTime.IsZero() {
		endTime = time.Now()
	}
	code := codeOf(end.Error)
	cn := codeName(code)
	ap := getAttrs()
	kv := append(*ap, keyRPCResponseStatusCode.String(cn))
	if end.Error != nil {
		kv = append(kv, keyErrorType.String(cn))
		st.span.SetStatus(codes.Error, statusMessage(end.Error))
	}
	st.span.SetAttributes(kv...)
	putAttrs(ap, kv)
	st.span.End(trace.WithTimestamp(endTime))

	in := get()
	if in.clientDur.Enabled(st.Context) {
		set := sets.get(setKey{method: st.method, addr: h.addr, port: h.port, code: code})
		in.clientDur.Record(st.Context, endTime.Sub(st.start).Seconds(), metric.WithAttributeSet(set))
	}
}
