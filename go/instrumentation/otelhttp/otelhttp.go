// Package otelhttp holds the hooks gotel weaves into
// go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp so that a
// program wrapping its handlers or transports with otelhttp gets one server
// span and one client span per request, gotel's, instead of two.
//
// otelhttp's middleware and transport both start with their filters: when
// a filter rejects a request, otelhttp hands it on unchanged (next handler,
// base RoundTripper) without a span, a metric or a header. The hooks append
// such a filter to the options of NewMiddleware and NewTransport. The
// request then runs in otelhttp's own code, not in a hook: a panic of the
// user's handler goes its usual way and the handler runs exactly once.
package otelhttp

import (
	"net/http"

	"gotel.dev/instrumentation/nethttp"
	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// MiddlewareBefore is woven at the start of otelhttp.NewMiddleware (which
// NewHandler calls). The filter is decided per request: a request served
// under gotel's server span goes straight to the wrapped handler, with the
// context that carries gotel's span, so nested otelhttp handlers all pass
// it through. otelhttp would otherwise start a second server span, parented
// by the traceparent header when there is one (a sibling of gotel's).
// A request gotel does not serve (its nethttp instrumentation switched off,
// a handler called outside an http.Server) keeps otelhttp's span.
func MiddlewareBefore(_ *hook.Context, _ string, opts *[]otelhttp.Option) {
	*opts = withFilter(*opts, notServedByGotel)
}

func notServedByGotel(r *http.Request) bool {
	return !nethttp.ServerSpanActive(r.Context())
}

// TransportBefore is woven at the start of otelhttp.NewTransport. When the
// base RoundTripper is an *http.Transport (nil means http.DefaultTransport,
// read now, as NewTransport does), gotel's client hook gives every attempt
// a client span with the stable HTTP conventions and sends its traceparent,
// so otelhttp's span, which would be that span's parent, is left out. Any
// other base keeps otelhttp's span: gotel cannot tell whether it ends in an
// http.Transport.
func TransportBefore(_ *hook.Context, base http.RoundTripper, opts *[]otelhttp.Option) {
	if base == nil {
		base = http.DefaultTransport
	}
	if _, ok := base.(*http.Transport); ok && hook.Enabled(nethttp.InstrumentationName) {
		*opts = withFilter(*opts, never)
	}
}

func never(*http.Request) bool { return false }

// withFilter returns opts plus a WithFilter option in a new slice: appending
// in place could write into spare capacity of the caller's slice.
func withFilter(opts []otelhttp.Option, f otelhttp.Filter) []otelhttp.Option {
	out := make([]otelhttp.Option, len(opts), len(opts)+1)
	copy(out, opts)
	return append(out, otelhttp.WithFilter(f))
}
