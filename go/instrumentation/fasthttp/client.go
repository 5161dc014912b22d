package fasthttp

import (
	"context"
	"errors"
	"strconv"
	"strings"
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

// clientState lives from ClientBefore to ClientAfter of one HostClient.Do
// call and is referenced only by the hook context, so it is pooled.
type clientState struct {
	ctx    context.Context
	span   trace.Span
	start  time.Time
	req    *fasthttp.Request
	resp   *fasthttp.Response
	method string
	scheme string
	host   string
	port   int
	// The propagation headers the caller's request had before the hook
	// set them, put back by ClientAfter: the caller's Request must look
	// as it would without gotel once Do returns.
	saved []savedHeader
}

type savedHeader struct {
	key   string
	value []byte
	had   bool
}

var clientPool = sync.Pool{New: func() any { return new(clientState) }}

// injectCarrier sets the trace context in the request's headers and
// remembers what it replaced.
type injectCarrier struct{ st *clientState }

func (c injectCarrier) Get(key string) string { return string(c.st.req.Header.Peek(key)) }
func (c injectCarrier) Keys() []string        { return nil }
func (c injectCarrier) Set(key, value string) {
	h := &c.st.req.Header
	old := h.Peek(key)
	c.st.saved = append(c.st.saved, savedHeader{key: key, value: append([]byte(nil), old...), had: old != nil})
	h.Set(key, value)
}

// ClientBefore is woven at the start of (*fasthttp.HostClient).Do, which
// every fasthttp client request reaches: Client.Do* (through the host's
// HostClient), HostClient.DoTimeout/DoDeadline/DoRedirects (once per
// redirect hop), LBClient, and the package-level Do/Get/Post.... fasthttp
// has no context, so the parent is the goroutine's span (a request sent
// from a handler is a child of the handler's server span).
func ClientBefore(c *hook.Context, hc *fasthttp.HostClient, req *fasthttp.Request, resp *fasthttp.Response) {
	if req == nil {
		return
	}
	in := get()
	start := time.Now()
	m, other := methodOf(req.Header.Method())
	uri := req.URI()
	scheme := schemeOf(uri.Scheme())
	if hc != nil && hc.IsTLS {
		scheme = "https"
	}
	hostport := string(uri.Host())
	if hostport == "" && hc != nil {
		// A request with neither a full URI nor a Host header goes to the
		// HostClient's first address.
		hostport, _, _ = strings.Cut(hc.Addr, ",")
	}
	host, port := httpconv.SplitHostPort(hostport)
	if port < 0 {
		port = httpconv.DefaultPort(scheme)
	}

	ap := httpconv.GetAttrs()
	kv := append(*ap, httpconv.KeyHTTPRequestMethod.String(m))
	if other {
		kv = append(kv, httpconv.KeyHTTPRequestMethodOriginal.String(string(req.Header.Method())))
	}
	kv = append(kv, httpconv.KeyURLFull.String(fullURL(scheme, hostport, uri)))
	if host != "" {
		kv = append(kv, httpconv.KeyServerAddress.String(host))
	}
	if port > 0 {
		kv = append(kv, httpconv.KeyServerPort.Int(port))
	}
	ctx, span := in.tracer.Start(gls.Parent(context.Background()), httpconv.SpanName(m, other, ""),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(kv...))
	*ap = kv
	httpconv.PutAttrs(ap)

	st := clientPool.Get().(*clientState)
	st.ctx, st.span, st.start, st.req, st.resp = ctx, span, start, req, resp
	st.method, st.scheme, st.host, st.port = m, scheme, host, port
	otel.GetTextMapPropagator().Inject(ctx, injectCarrier{st})
	c.SetData(st)
}

// schemeOf converts the common schemes without allocating.
func schemeOf(b []byte) string {
	switch string(b) {
	case "http":
		return "http"
	case "https":
		return "https"
	}
	return string(b)
}

// fullURL is url.full: scheme://host/path?query (fasthttp keeps user
// information out of URI.Host and RequestURI), with sensitive query values
// redacted.
func fullURL(scheme, hostport string, uri *fasthttp.URI) string {
	rest := string(uri.RequestURI())
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		if q := httpconv.RedactQuery(rest[i+1:]); q != rest[i+1:] {
			rest = rest[:i+1] + q
		}
	}
	return scheme + "://" + hostport + rest
}

// ClientAfter is woven at the return of (*fasthttp.HostClient).Do: the
// response (headers and body) has been read, or the request failed.
func ClientAfter(c *hook.Context, err error) {
	st, _ := c.Data().(*clientState)
	if st == nil {
		return
	}
	end := time.Now()
	span := st.span
	for i := len(st.saved) - 1; i >= 0; i-- {
		s := st.saved[i]
		if s.had {
			st.req.Header.SetBytesV(s.key, s.value)
		} else {
			st.req.Header.Del(s.key)
		}
	}

	ap := httpconv.GetAttrs()
	kv := *ap
	errType := ""
	status := 0
	if err == nil && st.resp != nil {
		status = st.resp.StatusCode()
		kv = append(kv,
			httpconv.KeyHTTPResponseStatusCode.Int(status),
			httpconv.KeyNetworkProtocolVersion.String(protoOf(st.resp.Header.IsHTTP11())))
	}
	switch {
	case c.Panicking():
		pv := c.PanicValue()
		errType = httpconv.ErrorType(pv)
		span.SetStatus(codes.Error, httpconv.PanicMessage(pv))
	case err != nil:
		errType = clientErrorType(err)
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

	if in := get(); in.clientDur.Enabled(st.ctx) {
		kv = append(kv,
			httpconv.KeyHTTPRequestMethod.String(st.method),
			httpconv.KeyURLScheme.String(st.scheme))
		if st.host != "" {
			kv = append(kv, httpconv.KeyServerAddress.String(st.host))
		}
		if st.port > 0 {
			kv = append(kv, httpconv.KeyServerPort.Int(st.port))
		}
		in.clientDur.Record(st.ctx, end.Sub(st.start).Seconds(), metric.WithAttributeSet(attribute.NewSet(kv...)))
	}
	*ap = kv
	httpconv.PutAttrs(ap)

	saved := st.saved[:0]
	clear(st.saved)
	*st = clientState{saved: saved}
	clientPool.Put(st)
}

// clientErrorType: "timeout" for fasthttp's timeouts (as the conventions'
// example), else the error's Go type.
func clientErrorType(err error) string {
	if errors.Is(err, fasthttp.ErrTimeout) || errors.Is(err, fasthttp.ErrDialTimeout) {
		return "timeout"
	}
	var t interface{ Timeout() bool }
	if errors.As(err, &t) && t.Timeout() {
		return "timeout"
	}
	return httpconv.ErrorType(err)
}
