package grpc

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"gotel.dev/runtime/gls"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
)

// serverHandler is the stats handler gotel adds to one grpc.Server.
type serverHandler struct {
	srv     atomic.Pointer[grpc.Server]
	once    sync.Once
	methods map[string]bool // "package.Service/Method" of the registered services
}

// unknownMessage is the span status description of an RPC for a method the
// server does not have, which grpc answers UNIMPLEMENTED without reporting
// the RPC's end to stats handlers.
const unknownMessage = "unknown service or method"

// known reports whether method is one the server registered. Services are
// registered before Serve (grpc refuses them after), so the set read at the
// first RPC is final.
func (h *serverHandler) known(method string) bool {
	h.once.Do(func() {
		s := h.srv.Load()
		if s == nil {
			return
		}
		h.methods = map[string]bool{}
		for svc, info := range s.GetServiceInfo() {
			for _, m := range info.Methods {
				h.methods[svc+"/"+m.Name] = true
			}
		}
	})
	if h.methods == nil {
		return true // no server to ask: keep the name
	}
	return h.methods[method]
}

// serverState is one RPC's server span. It is also the RPC's context (it
// embeds the context carrying the span and answers serverKey itself),
// which saves a context node per call.
type serverState struct {
	context.Context
	span   trace.Span
	start  time.Time
	method string // rpc.method: the name, or _OTHER
	addr   string
	port   int
	ended  atomic.Bool

	unknown bool        // a method the server did not register
	handled atomic.Bool // an interceptor ran: a handler (UnknownServiceHandler) serves it
}

type serverKey struct{}

func (s *serverState) Value(key any) any {
	if _, ok := key.(serverKey); ok {
		return s
	}
	return s.Context.Value(key)
}

func serverStateFrom(ctx context.Context) *serverState {
	if s, ok := ctx.(*serverState); ok {
		return s
	}
	s, _ := ctx.Value(serverKey{}).(*serverState)
	return s
}

func (h *serverHandler) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}

func (h *serverHandler) HandleConn(context.Context, stats.ConnStats) {}

// TagRPC starts the server span when the RPC's headers arrive, on the
// transport's goroutine; the interceptors make it the handler goroutine's
// span later. Its parent is the trace context of the incoming metadata
// (none, or an invalid one: a new trace).
func (h *serverHandler) TagRPC(ctx context.Context, info *stats.RPCTagInfo) context.Context {
	if info == nil {
		return ctx
	}
	in := get()
	st := &serverState{start: time.Now()}
	pctx := otel.GetTextMapPropagator().Extract(ctx, incomingCarrier{ctx})

	method, ok := splitMethod(info.FullMethodName)
	name := method
	other := !ok || !h.known(method)
	if other {
		st.method, name = methodOther, systemGRPC
		st.unknown = ok
	} else {
		st.method = method
	}

	ap := getAttrs()
	kv := append(*ap, attrSystem, keyRPCMethod.String(st.method))
	if other {
		kv = append(kv, keyRPCMethodOriginal.String(info.FullMethodName))
	}
	p, _ := peer.FromContext(ctx)
	if v := metadata.ValueFromIncomingContext(ctx, ":authority"); len(v) > 0 {
		st.addr, st.port = splitHostPort(v[len(v)-1])
	}
	if st.addr == "" && p != nil && p.LocalAddr != nil {
		st.addr, st.port = addrOf(p.LocalAddr)
	}
	if st.addr != "" {
		kv = append(kv, keyServerAddress.String(st.addr))
		if st.port > 0 {
			kv = append(kv, keyServerPort.Int(st.port))
		}
	}
	if p != nil && p.Addr != nil {
		if a, port := addrOf(p.Addr); a != "" {
			kv = append(kv, keyNetworkPeerAddress.String(a))
			if port > 0 {
				kv = append(kv, keyNetworkPeerPort.Int(port))
			}
		}
	}
	pctx, st.span = in.tracer.Start(pctx, name,
		trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(kv...))
	putAttrs(ap, kv)
	st.Context = pctx
	return st
}

// HandleRPC ends the span at the RPC's End (grpc reports it once the
// handler has returned and the status is sent, or the RPC failed). An RPC
// for a method the server lacks gets no End: its span ends when grpc sends
// the UNIMPLEMENTED status, unless an UnknownServiceHandler served it.
func (h *serverHandler) HandleRPC(ctx context.Context, rs stats.RPCStats) {
	switch x := rs.(type) {
	case *stats.End:
		if st := serverStateFrom(ctx); st != nil {
			st.finish(x.EndTime, codeOf(x.Error), x.Error)
		}
	case *stats.OutTrailer:
		if st := serverStateFrom(ctx); st != nil && st.unknown && !st.handled.Load() {
			st.finish(time.Time{}, grpccodes.Unimplemented, status.Error(grpccodes.Unimplemented, unknownMessage))
		}
	}
}

func (st *serverState) finish(endTime time.Time, code grpccodes.Code, err error) {
	if !st.ended.CompareAndSwap(false, true) {
		return
	}
	if endTime.IsZero() {
		endTime = time.Now()
	}
	cn := codeName(code)
	ap := getAttrs()
	kv := append(*ap, keyRPCResponseStatusCode.String(cn))
	if serverError(code) {
		kv = append(kv, keyErrorType.String(cn))
		st.span.SetStatus(codes.Error, statusMessage(err))
	}
	st.span.SetAttributes(kv...)
	putAttrs(ap, kv)
	st.span.End(trace.WithTimestamp(endTime))

	in := get()
	if in.serverDur.Enabled(st.Context) {
		set := sets.get(setKey{method: st.method, addr: st.addr, port: st.port, code: code, server: true})
		in.serverDur.Record(st.Context, endTime.Sub(st.start).Seconds(), metric.WithAttributeSet(set))
	}
}

// The interceptors run on the handler's goroutine, right before the
// handler: its span becomes the goroutine's for the handler's duration, so
// work without the context (and goroutines it starts) is its child.
func unaryServerInterceptor(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	st := serverStateFrom(ctx)
	if st == nil {
		return handler(ctx, req)
	}
	st.handled.Store(true)
	e := gls.Enter(st.span.SpanContext())
	defer e.Exit()
	return handler(ctx, req)
}

func streamServerInterceptor(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	var st *serverState
	if ss != nil {
		st = serverStateFrom(ss.Context())
	}
	if st == nil {
		return handler(srv, ss)
	}
	st.handled.Store(true)
	e := gls.Enter(st.span.SpanContext())
	defer e.Exit()
	return handler(srv, ss)
}

// codeOf is the status code grpc sends for err: a handler may return a
// context's error, which grpc turns into CANCELLED or DEADLINE_EXCEEDED.
func codeOf(err error) grpccodes.Code {
	if err == nil {
		return grpccodes.OK
	}
	if s, ok := status.FromError(err); ok {
		return s.Code()
	}
	return status.FromContextError(err).Code()
}

func statusMessage(err error) string {
	if err == nil {
		return ""
	}
	if s, ok := status.FromError(err); ok {
		return s.Message()
	}
	return status.FromContextError(err).Message()
}

func addrOf(a net.Addr) (string, int) {
	switch x := a.(type) {
	case *net.TCPAddr:
		return x.IP.String(), x.Port
	case *net.UnixAddr:
		return x.Name, -1
	}
	return splitHostPort(a.String())
}
