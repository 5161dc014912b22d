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
	"gotel.dev/runtime/serverspan"

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

	// Routers report from the handler's goroutine, which may not be the
	// serving one (TimeoutHandler); mu guards what they set.
	mu      sync.Mutex
	depth   int32          // routers entered and not yet left
	nrep    int            // reports in rep
	rep     [4]routeReport // the routers' reports (serverspan)
	panicV  any            // a panic a framework recovered (RecordPanic)
	panicST []byte         // its stack
	paniced bool

	gls *gls.Entry // the span as the handler goroutine's context, until ServerAfter
}

type stateKey struct{}

func (s *serverState) Value(key any) any {
	switch key.(type) {
	case stateKey, serverspan.ContextKey:
		return s
	}
	return s.Context.Value(key)
}

// routeReport is one router's match: its template, the URL path it routed
// and how deep it sits among the request's routers (package serverspan).
type routeReport struct {
	route, path string
	depth       int32
}

// ServerSpanActive reports whether ctx is (or derives from) the context of a
// request whose server span ServerBefore started. Other instrumentations of
// the same request (otelhttp's middleware) then add no server span of their
// own.
func ServerSpanActive(ctx context.Context) bool {
	_, ok := ctx.Value(stateKey{}).(*serverState)
	return ok
}

// Enter implements serverspan.Span: a router starts.
func (s *serverState) Enter() {
	s.mu.Lock()
	s.depth++
	s.mu.Unlock()
}

// Leave implements serverspan.Span: the router of the last Enter returns,
// reporting at its own depth.
func (s *serverState) Leave(route, path string) {
	s.mu.Lock()
	if route != "" {
		s.report(route, path, s.depth)
	}
	if s.depth > 0 {
		s.depth--
	}
	s.mu.Unlock()
}

// Route implements serverspan.Span: a router matched, inside every router
// entered so far.
func (s *serverState) Route(route, path string) {
	if route == "" {
		return
	}
	s.mu.Lock()
	s.report(route, path, s.depth+1)
	s.mu.Unlock()
}

// RecordPanic implements serverspan.Span. http.ErrAbortHandler is no error,
// as for a panic that reaches net/http.
func (s *serverState) RecordPanic(v any, stack []byte) {
	if v == nil || isAbort(v) {
		return
	}
	if stack == nil {
		stack = debug.Stack()
	}
	s.mu.Lock()
	if !s.paniced {
		s.paniced, s.panicV, s.panicST = true, v, stack
	}
	s.mu.Unlock()
}

// report keeps a router's report; with more routers than slots, the least
// deep report makes room (the innermost ones name the route).
func (s *serverState) report(route, path string, depth int32) {
	r := routeReport{route: route, path: path, depth: depth}
	if s.nrep < len(s.rep) {
		s.rep[s.nrep] = r
		s.nrep++
		return
	}
	low := 0
	for i := 1; i < len(s.rep); i++ {
		if s.rep[i].depth < s.rep[low].depth {
			low = i
		}
	}
	if s.rep[low].depth <= depth {
		copy(s.rep[low:], s.rep[low+1:])
		s.rep[len(s.rep)-1] = r
	}
}

// route is the request's http.route: the innermost router's template,
// prefixed by what the routers around it stripped from the path (in their
// own spelling, see templatePrefix), and by what a plain http.StripPrefix
// in front of every router stripped. origPath is the path net/http parsed.
func (s *serverState) route(origPath string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return composeRoute(s.rep[:s.nrep], origPath)
}

func composeRoute(rep []routeReport, origPath string) string {
	w := -1
	for i := range rep {
		if w < 0 || rep[i].depth >= rep[w].depth { // the later of equals wins
			w = i
		}
	}
	if w < 0 {
		return ""
	}
	route, path, depth := rep[w].route, rep[w].path, rep[w].depth
	for {
		// The nearest outer router that saw a longer path ending in this one:
		// the prefix between them was stripped on the way in.
		o := -1
		for i := range rep {
			r := &rep[i]
			if r.depth < depth && len(r.path) > len(path) && strings.HasSuffix(r.path, path) &&
				(o < 0 || r.depth > rep[o].depth) {
				o = i
			}
		}
		if o < 0 {
			break
		}
		outer := &rep[o]
		route = joinRoute(templatePrefix(outer.route, outer.path[:len(outer.path)-len(path)]), route)
		path, depth = outer.path, outer.depth
	}
	if len(origPath) > len(path) && strings.HasSuffix(origPath, path) {
		route = joinRoute(origPath[:len(origPath)-len(path)], route)
	}
	return route
}

// joinRoute appends a route to a stripped prefix without doubling the slash
// between them.
func joinRoute(prefix, route string) string {
	if strings.HasSuffix(prefix, "/") && strings.HasPrefix(route, "/") {
		return prefix + route[1:]
	}
	return prefix + route
}

// templatePrefix spells the stripped literal prefix x of a path as the
// outer router's template tmpl spells those segments: tmpl "/t/{tenant}/"
// and x "/t/acme" give "/t/{tenant}", so that a tenant stays a wildcard. A
// segment the template does not match one to one (a catch-all, a literal
// that differs, a template too short) leaves x as it is.
func templatePrefix(tmpl, x string) string {
	xs := strings.Split(x, "/")
	ts := strings.Split(tmpl, "/")
	if len(ts) < len(xs) {
		return x
	}
	changed := false
	for i, seg := range xs {
		t := ts[i]
		if t == seg {
			continue
		}
		if !isParamSegment(t) {
			return x
		}
		xs[i] = t
		changed = true
	}
	if !changed {
		return x
	}
	return strings.Join(xs, "/")
}

// isParamSegment tells a single-segment wildcard of the routers' template
// syntaxes: ServeMux/chi/gorilla "{name}" (not "{name...}", "{$}"),
// gin/echo/httprouter ":name".
func isParamSegment(t string) bool {
	switch {
	case len(t) > 1 && t[0] == ':':
		return true
	case len(t) > 2 && t[0] == '{' && t[len(t)-1] == '}':
		return !strings.HasSuffix(t, "...}") && t != "{$}"
	}
	return false
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

	route := st.route(st.orig.URL.Path)
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
	st.mu.Lock()
	pv, stack, recorded := st.panicV, st.panicST, st.paniced
	st.mu.Unlock()
	if panicking && !isAbort(c.PanicValue()) && !recorded {
		pv, stack, recorded = c.PanicValue(), debug.Stack(), true
	}
	if recorded {
		// A recovered panic gave a response: its 5xx status is the error
		// type, as for any 5xx; otherwise the panic's Go type.
		errType = httpconv.ErrorType(pv)
		if status >= 500 && !panicking {
			errType = strconv.Itoa(status)
		}
		msg := httpconv.PanicMessage(pv)
		span.AddEvent(httpconv.ExceptionEventName, trace.WithAttributes(
			httpconv.KeyExceptionType.String(httpconv.ErrorType(pv)),
			httpconv.KeyExceptionMessage.String(msg),
			httpconv.KeyExceptionStacktrace.String(string(stack)),
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

// MuxBefore is woven at the start of (*http.ServeMux).ServeHTTP: a router
// starts (serverspan's Enter), and the request it receives, on which it
// records the matched pattern, is kept for MuxAfter. A middleware may have
// copied the request, so this is the only place that sees the pattern in
// every case.
func MuxBefore(c *hook.Context, _ *http.ServeMux, _ http.ResponseWriter, r *http.Request) {
	if r == nil {
		return
	}
	if st, _ := r.Context().Value(stateKey{}).(*serverState); st != nil {
		st.mu.Lock()
		if r.Pattern != "" && r.URL != nil {
			// An enclosing mux handed this mux its own request, on which it
			// recorded its match; this mux overwrites the pattern, so the
			// enclosing mux's report is made here. A copy made by
			// http.StripPrefix carries the pattern too, but not the path it
			// matched: the enclosing mux reports that one itself.
			if route := routeOf(r.Pattern); literalPrefixMatches(route, r.URL.Path) {
				st.report(route, r.URL.Path, st.depth)
			}
		}
		st.depth++
		st.mu.Unlock()
		c.SetData(r)
	}
}

// MuxAfter is woven at the return of (*http.ServeMux).ServeHTTP: the mux
// leaves with the pattern it matched and the path it routed, from which the
// span composes the route of nested muxes (serverspan).
func MuxAfter(c *hook.Context) {
	r, _ := c.Data().(*http.Request)
	if r == nil {
		return
	}
	if st, _ := r.Context().Value(stateKey{}).(*serverState); st != nil {
		st.Leave(routeOf(r.Pattern), urlPath(r))
	}
}

// Mux121Before is woven at the start of the Go 1.21 matcher's findHandler
// ((*http.serveMux121).findHandler), which a ServeMux calls instead of its
// own under GODEBUG httpmuxgo121=1 — the default of a module whose go line
// is below 1.22 — and which sets no Request.Pattern.
func Mux121Before(c *hook.Context, _ any, r *http.Request) {
	if r != nil {
		c.SetData(r)
	}
}

// Mux121After reports the pattern the Go 1.21 matcher chose, for the mux
// that called it (MuxBefore has entered it): what MuxAfter reports from
// Request.Pattern otherwise.
func Mux121After(c *hook.Context, _ http.Handler, pattern string) {
	r, _ := c.Data().(*http.Request)
	if r == nil || pattern == "" {
		return
	}
	if st, _ := r.Context().Value(stateKey{}).(*serverState); st != nil {
		st.mu.Lock()
		st.report(routeOf(pattern), urlPath(r), st.depth)
		st.mu.Unlock()
	}
}

// urlPath is the path a mux routed: the URL path of the request it got.
func urlPath(r *http.Request) string {
	if r.URL == nil {
		return ""
	}
	return r.URL.Path
}

// literalPrefixMatches tells whether path starts with the route's text up
// to its first wildcard: whether the route may have matched path.
func literalPrefixMatches(route, path string) bool {
	if i := strings.IndexByte(route, '{'); i >= 0 {
		route = route[:i]
	}
	return strings.HasPrefix(path, route) || route == path+"/"
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
