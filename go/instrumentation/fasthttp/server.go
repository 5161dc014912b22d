package fasthttp

import (
	"context"
	"net"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/valyala/fasthttp"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/httpconv"
)

// serverState is the state of one request's server span, from the
// wrapper's start to its end. Framework hooks reach it through the
// RequestCtx (SetRoute, RecordPanic), possibly from a goroutine of a
// TimeoutHandler, hence the mutex.
type serverState struct {
	ctx    context.Context // carries the span
	span   trace.Span
	start  time.Time
	method string
	other  bool
	scheme string
	proto  string

	mu       sync.Mutex
	route    string
	panicked string // error.type of a panic RecordPanic recorded
}

// ServeBefore is woven at the start of (*fasthttp.Server).Serve, which
// ListenAndServe, ServeTLS and the package-level Serve functions reach.
func ServeBefore(_ *hook.Context, s *fasthttp.Server, _ net.Listener) { wrapHandler(s) }

// ServeConnBefore is woven at the start of (*fasthttp.Server).ServeConn.
func ServeConnBefore(_ *hook.Context, s *fasthttp.Server, _ net.Conn) { wrapHandler(s) }

var wrapMu sync.Mutex

// wrapperPC is the code pointer of the wrapping closure (every closure of
// one function literal shares it): a Handler with it is already wrapped.
var wrapperPC = reflect.ValueOf(wrap(nil)).Pointer()

// wrapHandler replaces s.Handler by a wrapper that traces each request,
// once per Server: Serve may run several times (several listeners) and
// ServeConn once per connection. Every path to the server's request loop
// passes here first, so the loop's reads of s.Handler happen after this
// write (through wrapMu, or the go statement that starts the loop).
func wrapHandler(s *fasthttp.Server) {
	if s == nil {
		return
	}
	wrapMu.Lock()
	defer wrapMu.Unlock()
	h := s.Handler
	if h == nil || reflect.ValueOf(h).Pointer() == wrapperPC {
		return
	}
	s.Handler = wrap(h)
}

// wrap must not be inlined: an inlined copy would make closures with
// other code pointers than wrapperPC.
//
//go:noinline
func wrap(h fasthttp.RequestHandler) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		st := startServer(ctx)
		if st == nil {
			h(ctx)
			return
		}
		g := gls.Enter(st.span.SpanContext())
		done := false
		defer func() {
			// Runs on the same goroutine as Enter; leaves a panic alone
			// (fasthttp does not recover one: the program then dies as
			// without gotel).
			g.Exit()
			endServer(ctx, st, !done)
		}()
		h(ctx)
		done = true
	}
}

// headerCarrier reads the trace context from a request's headers.
type headerCarrier struct{ h *fasthttp.RequestHeader }

func (c headerCarrier) Get(key string) string { return string(c.h.Peek(key)) }
func (c headerCarrier) Set(string, string)    {}
func (c headerCarrier) Keys() []string {
	var keys []string
	c.h.VisitAll(func(k, _ []byte) { keys = append(keys, string(k)) })
	return keys
}

func startServer(ctx *fasthttp.RequestCtx) *serverState {
	if ctx == nil {
		return nil
	}
	in := get()
	start := time.Now()
	req := &ctx.Request
	parent := otel.GetTextMapPropagator().Extract(context.Background(), headerCarrier{&req.Header})

	m, other := methodOf(req.Header.Method())
	scheme := "http"
	if ctx.IsTLS() {
		scheme = "https"
	}
	proto := protoOf(req.Header.IsHTTP11())

	ap := httpconv.GetAttrs()
	kv := append(*ap, httpconv.KeyHTTPRequestMethod.String(m))
	if other {
		kv = append(kv, httpconv.KeyHTTPRequestMethodOriginal.String(string(req.Header.Method())))
	}
	kv = append(kv,
		httpconv.KeyURLScheme.String(scheme),
		httpconv.KeyURLPath.String(string(ctx.Path())),
		httpconv.KeyNetworkProtocolVersion.String(proto),
	)
	if q := ctx.URI().QueryString(); len(q) > 0 {
		kv = append(kv, httpconv.KeyURLQuery.String(httpconv.RedactQuery(string(q))))
	}
	if host, port := httpconv.SplitHostPort(string(req.Header.Host())); host != "" {
		if port < 0 {
			port = httpconv.DefaultPort(scheme)
		}
		kv = append(kv, httpconv.KeyServerAddress.String(host))
		if port > 0 {
			kv = append(kv, httpconv.KeyServerPort.Int(port))
		}
	}
	if ua := req.Header.UserAgent(); len(ua) > 0 {
		kv = append(kv, httpconv.KeyUserAgentOriginal.String(string(ua)))
	}
	peerHost, peerPort := peerOf(ctx.RemoteAddr())
	if ca := httpconv.ClientAddress(string(req.Header.Peek("Forwarded")), string(req.Header.Peek("X-Forwarded-For")), peerHost); ca != "" {
		kv = append(kv, httpconv.KeyClientAddress.String(ca))
	}
	if peerHost != "" {
		kv = append(kv, httpconv.KeyNetworkPeerAddress.String(peerHost))
		if peerPort >= 0 {
			kv = append(kv, httpconv.KeyNetworkPeerPort.Int(peerPort))
		}
	}

	sctx, span := in.tracer.Start(parent, httpconv.SpanName(m, other, ""),
		trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(kv...))
	*ap = kv
	httpconv.PutAttrs(ap)

	st := &serverState{ctx: sctx, span: span, start: start, method: m, other: other, scheme: scheme, proto: proto}
	setState(ctx, st)
	return st
}

// peerOf splits the connection's remote address; a TCP address needs no
// string parsing.
func peerOf(a net.Addr) (string, int) {
	switch x := a.(type) {
	case nil:
		return "", -1
	case *net.TCPAddr:
		if x.IP == nil {
			return "", -1
		}
		return x.IP.String(), x.Port
	}
	return httpconv.SplitHostPort(a.String())
}

func endServer(ctx *fasthttp.RequestCtx, st *serverState, panicking bool) {
	end := time.Now()
	span := st.span
	status := timedOutStatus(ctx)
	timedOut := status != 0
	if !timedOut && !ctx.Hijacked() && !panicking {
		status = ctx.Response.StatusCode()
	}
	// A TimeoutHandler's goroutine may still reach the state through the
	// RequestCtx, which fasthttp then no longer reuses: leave it there.
	if !timedOut {
		clearState(ctx)
	}

	st.mu.Lock()
	route, recorded := st.route, st.panicked
	st.mu.Unlock()

	ap := httpconv.GetAttrs()
	kv := *ap
	errType := ""
	if status > 0 {
		kv = append(kv, httpconv.KeyHTTPResponseStatusCode.Int(status))
	}
	if route != "" {
		kv = append(kv, httpconv.KeyHTTPRoute.String(route))
		span.SetName(httpconv.SpanName(st.method, st.other, route))
	}
	switch {
	case recorded != "":
		// A framework recovered a panic of the handler (RecordPanic).
		errType = recorded
	case panicking:
		// The handler panicked through fasthttp, which does not recover:
		// the program is about to die; the value is out of reach here.
		errType = "panic"
		span.SetStatus(codes.Error, "handler panicked")
	case status >= 500:
		errType = strconv.Itoa(status)
		// The conventions leave the description empty for status codes.
		span.SetStatus(codes.Error, "")
	}
	if errType != "" {
		kv = append(kv, httpconv.KeyErrorType.String(errType))
	}
	span.SetAttributes(kv...)
	span.End()

	if in := get(); in.serverDur.Enabled(st.ctx) {
		kv = append(kv,
			httpconv.KeyHTTPRequestMethod.String(st.method),
			httpconv.KeyURLScheme.String(st.scheme),
			httpconv.KeyNetworkProtocolVersion.String(st.proto),
		)
		in.serverDur.Record(st.ctx, end.Sub(st.start).Seconds(), metric.WithAttributeSet(attribute.NewSet(kv...)))
	}
	*ap = kv
	httpconv.PutAttrs(ap)
}
