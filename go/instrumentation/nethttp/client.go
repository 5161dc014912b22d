package nethttp

import (
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/httpconv"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// clientState lives from ClientBefore to ClientAfter of one RoundTrip call
// and is referenced only by the hook context, so it is pooled.
type clientState struct {
	span   trace.Span
	start  time.Time
	orig   *http.Request // the caller's request, never modified
	sent   *http.Request // our copy with the injected headers
	method string
	host   string
	port   int
	scheme string
}

var clientPool = sync.Pool{New: func() any { return new(clientState) }}

// ClientBefore is woven at the start of (*http.Transport).RoundTrip, which
// every request sent through an http.Client (directly or through
// DefaultTransport) reaches once per attempt, redirects included, for
// HTTP/1 and HTTP/2 alike. It starts a client span and replaces the request
// by a copy carrying the trace context in its headers: the caller's
// *Request is left untouched, as the RoundTripper contract requires.
// Requests whose context is marked by hook.Suppress (the exporters' own)
// are left alone entirely.
func ClientBefore(c *hook.Context, _ *http.Transport, req **http.Request) {
	r := *req
	if r == nil || r.URL == nil {
		return // RoundTrip reports the error itself
	}
	ctx := r.Context()
	if hook.Suppressed(ctx) {
		return
	}
	in := get()
	start := time.Now()
	m, other := httpconv.Method(r.Method)
	scheme := r.URL.Scheme
	host, port := httpconv.SplitHostPort(r.URL.Host)
	if port < 0 {
		port = httpconv.DefaultPort(scheme)
	}

	ap := httpconv.GetAttrs()
	kv := append(*ap, httpconv.KeyHTTPRequestMethod.String(m))
	if other {
		kv = append(kv, httpconv.KeyHTTPRequestMethodOriginal.String(r.Method))
	}
	kv = append(kv, httpconv.KeyURLFull.String(httpconv.FullURL(r.URL)))
	if host != "" {
		kv = append(kv, httpconv.KeyServerAddress.String(host))
	}
	if port > 0 {
		kv = append(kv, httpconv.KeyServerPort.Int(port))
	}
	// No span in the request's context (http.Get, a request built without
	// one): the span the goroutine works for is the parent.
	ctx, span := in.tracer.Start(gls.Parent(ctx), httpconv.SpanName(m, other, ""),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(kv...))
	*ap = kv
	httpconv.PutAttrs(ap)

	sent := r.WithContext(ctx)
	if r.Header != nil {
		sent.Header = r.Header.Clone()
	} else {
		sent.Header = make(http.Header, 2)
	}
	otel.GetTextMapPropagator().Inject(ctx, headerCarrier(sent.Header))
	*req = sent

	st := clientPool.Get().(*clientState)
	*st = clientState{span: span, start: start, orig: r, sent: sent, method: m, host: host, port: port, scheme: scheme}
	c.SetData(st)
}

// ClientAfter is woven at the return of (*http.Transport).RoundTrip. The
// span ends when the response headers arrive (or the attempt fails), not
// when the body is read.
func ClientAfter(c *hook.Context, resp *http.Response, err error) {
	st, _ := c.Data().(*clientState)
	if st == nil {
		return
	}
	end := time.Now()
	span := st.span
	// The caller sees its own request in the response, as without gotel.
	if resp != nil && resp.Request == st.sent {
		resp.Request = st.orig
	}

	ap := httpconv.GetAttrs()
	kv := *ap
	errType := ""
	status := 0
	proto := ""
	if resp != nil {
		status = resp.StatusCode
		proto = httpconv.ProtoVersion(resp.ProtoMajor, resp.ProtoMinor)
		kv = append(kv,
			httpconv.KeyHTTPResponseStatusCode.Int(status),
			httpconv.KeyNetworkProtocolVersion.String(proto))
	}
	switch {
	case c.Panicking():
		pv := c.PanicValue()
		errType = httpconv.ErrorType(pv)
		msg := httpconv.PanicMessage(pv)
		span.AddEvent(httpconv.ExceptionEventName, trace.WithAttributes(
			httpconv.KeyExceptionType.String(errType),
			httpconv.KeyExceptionMessage.String(msg),
			httpconv.KeyExceptionStacktrace.String(string(debug.Stack())),
		))
		span.SetStatus(codes.Error, msg)
	case err != nil:
		errType = httpconv.ErrorType(err)
		span.SetStatus(codes.Error, httpconv.ErrorMessage(err))
	case status >= 400:
		errType = strconv.Itoa(status)
		span.SetStatus(codes.Error, "")
	}
	if errType != "" {
		kv = append(kv, httpconv.KeyErrorType.String(errType))
	}
	span.SetAttributes(kv...)
	span.End()

	if in := get(); in.clientDur.Enabled(st.orig.Context()) {
		kv = append(kv,
			httpconv.KeyHTTPRequestMethod.String(st.method),
			httpconv.KeyURLScheme.String(st.scheme))
		if st.host != "" {
			kv = append(kv, httpconv.KeyServerAddress.String(st.host))
		}
		if st.port > 0 {
			kv = append(kv, httpconv.KeyServerPort.Int(st.port))
		}
		in.clientDur.Record(st.orig.Context(), end.Sub(st.start).Seconds(), metric.WithAttributeSet(attribute.NewSet(kv...)))
	}
	*ap = kv
	httpconv.PutAttrs(ap)

	*st = clientState{}
	clientPool.Put(st)
}
