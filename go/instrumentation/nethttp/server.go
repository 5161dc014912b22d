package nethttp

import (
	"context"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/httpconv"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// serverState is the per-request state of a server span. It is also the
// request's new context (it embeds the context carrying the span and answers
// stateKey itself), which saves a context node per request and lets the mux
// hook find it from whatever copy of the request reaches the ServeMux. It
// escapes into the user's handler, so it is never pooled.
type serverState struct {
	context.Context

	span  trace.Span
	start time.Time
	w     http.ResponseWriter
	orig  *http.Request // the request net/http owns
	req   *http.Request // the copy, with this context, given to the handler

	method string
	other  bool
	scheme string
	proto  string

	mu    sync.Mutex // route may be set from a handler's goroutine (TimeoutHandler)
	route string

	gls *gls.Entry // the span as the handler goroutine's context, until ServerAfter
}

type stateKey struct{}

func (s *serverState) Value(key any) any {
	if _, ok := key.(stateKey); ok {
		return s
	}
	return s.Context.Value(key)
}

// ServerSpanActive reports whether ctx is (or derives from) the context of a
// request whose server span ServerBefore started. Other instrumentations of
// the same request (otelhttp's middleware) then add no server span of their
// own.
func ServerSpanActive(ctx context.Context) bool {
	_, ok := ctx.Value(stateKey{}).(*serverState)
	return ok
}

func (s *serverState) setRouteOnce(route string) {
	s.mu.Lock()
	if s.route == "" {
		s.route = route
	}
	s.mu.Unlock()
}

func (s *serverState) getRoute() string {
	s.mu.Lock()
	r := s.route
	s.mu.Unlock()
	return r
}

// ServerBefore is woven at the start of net/http's serverHandler.ServeHTTP,
// through which every request of an http.Server passes, for HTTP/1 and for
// HTTP/2 (the bundled server and x/net/http2 reach it through
// initALPNRequest / unencryptedHTTP2Request). It starts the server span
// (parented by the trace context in the request headers) and hands the
// handler a copy of the request whose context carries the span.
// The receiver is serverHandler, which cannot be named here, hence any.
func ServerBefore(c *hook.Context, _ any, w http.ResponseWriter, req **http.Request) {
	r := *req
	if r == nil || r.URL == nil || w == nil {
		return
	}
	in := get()
	start := time.Now()
	ctx := otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))

	m, other := httpconv.Method(r.Method)
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	proto := httpconv.ProtoVersion(r.ProtoMajor, r.ProtoMinor)

	ap := httpconv.GetAttrs()
	kv := append(*ap, httpconv.KeyHTTPRequestMethod.String(m))
	if other {
		kv = append(kv, httpconv.KeyHTTPRequestMethodOriginal.String(r.Method))
	}
	kv = append(kv,
		httpconv.KeyURLScheme.String(scheme),
		httpconv.KeyURLPath.String(r.URL.Path),
		httpconv.KeyNetworkProtocolVersion.String(proto),
	)
	if r.URL.RawQuery != "" {
		kv = append(kv, httpconv.KeyURLQuery.String(httpconv.RedactQuery(r.URL.RawQuery)))
	}
	if host, port := httpconv.SplitHostPort(r.Host); host != "" {
		if port < 0 {
			port = httpconv.DefaultPort(scheme)
		}
		kv = append(kv, httpconv.KeyServerAddress.String(host))
		if port > 0 {
			kv = append(kv, httpconv.KeyServerPort.Int(port))
		}
	}
	if ua := r.Header.Get("User-Agent"); ua != "" {
		kv = append(kv, httpconv.KeyUserAgentOriginal.String(ua))
	}
	peerHost, _ := httpconv.SplitHostPort(r.RemoteAddr)
	if ca := httpconv.ClientAddress(r.Header.Get("Forwarded"), r.Header.Get("X-Forwarded-For"), peerHost); ca != "" {
		kv = append(kv, httpconv.KeyClientAddress.String(ca))
	}
	kv = httpconv.AppendPeer(kv, r.RemoteAddr)

	ctx, span := in.tracer.Start(ctx, httpconv.SpanName(m, other, ""),
		trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(kv...))
	*ap = kv
	httpconv.PutAttrs(ap)

	st := &serverState{
		Context: ctx,
		span:    span,
		start:   start,
		w:       w,
		orig:    r,
		method:  m,
		other:   other,
		scheme:  scheme,
		proto:   proto,
	}
	st.req = r.WithContext(st)
	*req = st.req
	st.gls = gls.Enter(span.SpanContext())
	c.SetData(st)
}

// ServerAfter is woven at the return of serverHandler.ServeHTTP: the
// handler has returned (or is panicking). It reads the status code, names
// the span after the matched route and ends it.
func ServerAfter(c *hook.Context) {
	st, _ := c.Data().(*serverState)
	if st == nil {
		return
	}
	end := time.Now()
	span := st.span
	st.gls.Exit()

	// net/http removes the multipart temp files of the request it owns;
	// give them back to it when the handler parsed them on our copy.
	if st.orig.MultipartForm == nil && st.req.MultipartForm != nil {
		st.orig.MultipartForm = st.req.MultipartForm
	}

	route := st.getRoute()
	if route == "" {
		route = routeOf(st.req.Pattern)
	}

	status := responseStatus(st.w)
	panicking := c.Panicking()
	if status == statusNone && !panicking {
		status = http.StatusOK // net/http writes it when the handler returns
	}

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
	if panicking && !isAbort(c.PanicValue()) {
		pv := c.PanicValue()
		errType = httpconv.ErrorType(pv)
		msg := httpconv.PanicMessage(pv)
		span.AddEvent(httpconv.ExceptionEventName, trace.WithAttributes(
			httpconv.KeyExceptionType.String(errType),
			httpconv.KeyExceptionMessage.String(msg),
			httpconv.KeyExceptionStacktrace.String(string(debug.Stack())),
		))
		span.SetStatus(codes.Error, msg)
	} else if status >= 500 {
		errType = strconv.Itoa(status)
		// The conventions leave the description empty for status codes.
		span.SetStatus(codes.Error, "")
	}
	if errType != "" {
		kv = append(kv, httpconv.KeyErrorType.String(errType))
	}
	span.SetAttributes(kv...)
	span.End()

	// Metric attributes: the span's end attributes plus the request's.
	if in := get(); in.serverDur.Enabled(st.Context) {
		kv = append(kv,
			httpconv.KeyHTTPRequestMethod.String(st.method),
			httpconv.KeyURLScheme.String(st.scheme),
			httpconv.KeyNetworkProtocolVersion.String(st.proto),
		)
		in.serverDur.Record(st.Context, end.Sub(st.start).Seconds(), metric.WithAttributeSet(attribute.NewSet(kv...)))
	}
	*ap = kv
	httpconv.PutAttrs(ap)
}

// MuxBefore is woven at the start of (*http.ServeMux).ServeHTTP; it keeps the
// request the mux receives, on which the mux records the matched pattern.
// A middleware may have copied the request, so this is the only place that
// sees the pattern in every case.
func MuxBefore(c *hook.Context, _ *http.ServeMux, _ http.ResponseWriter, r *http.Request) {
	c.SetData(r)
}

// MuxAfter is woven at the return of (*http.ServeMux).ServeHTTP. The
// innermost mux returns first, so the first route recorded is the most
// specific one (a mux mounted under another's "/api/" prefix).
func MuxAfter(c *hook.Context) {
	r, _ := c.Data().(*http.Request)
	if r == nil || r.Pattern == "" {
		return
	}
	if st, _ := r.Context().Value(stateKey{}).(*serverState); st != nil {
		st.setRouteOnce(routeOf(r.Pattern))
	}
}

// routeOf turns a ServeMux pattern "[METHOD ][HOST]/PATH" into http.route,
// the path template alone.
func routeOf(pattern string) string {
	if pattern == "" {
		return ""
	}
	if i := strings.IndexAny(pattern, " \t"); i >= 0 {
		pattern = strings.TrimLeft(pattern[i:], " \t")
	}
	if i := strings.IndexByte(pattern, '/'); i > 0 {
		pattern = pattern[i:]
	}
	return pattern
}

// isAbort tells http.ErrAbortHandler, the sanctioned way to abort a
// response, from a real failure.
func isAbort(v any) bool {
	err, ok := v.(error)
	return ok && err == http.ErrAbortHandler
}
