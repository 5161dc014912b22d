package otelhttp

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"gotel.dev/instrumentation/nethttp"
	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// Both gotel's hooks and otelhttp use the global providers, as in a
// program built with gotel.
var spans = tracetest.NewInMemoryExporter()

func TestMain(m *testing.M) {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans)))
	otel.SetTextMapPropagator(propagation.TraceContext{})
	os.Exit(m.Run())
}

// The woven constructors: the hook runs first and may change the options.
func newMiddleware(op string, opts ...otelhttp.Option) func(http.Handler) http.Handler {
	MiddlewareBefore(new(hook.Context), op, &opts)
	return otelhttp.NewMiddleware(op, opts...)
}

func newTransport(base http.RoundTripper, opts ...otelhttp.Option) *otelhttp.Transport {
	TransportBefore(new(hook.Context), base, &opts)
	return otelhttp.NewTransport(base, opts...)
}

// gotelServer calls h the way the woven net/http server does: between
// nethttp's server hooks.
func gotelServer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := new(hook.Context)
		nethttp.ServerBefore(c, nil, w, &r)
		defer nethttp.ServerAfter(c)
		h.ServeHTTP(w, r)
	})
}

func scopes(t *testing.T) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, s := range spans.GetSpans() {
		n[s.InstrumentationScope.Name+" "+s.SpanKind.String()]++
	}
	return n
}

func TestMiddlewareUnderGotelServerSpan(t *testing.T) {
	spans.Reset()
	var calls int
	var seen trace.SpanContext
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		seen = trace.SpanContextFromContext(r.Context())
	})
	// Nested otelhttp handlers, the inner one reached through a ServeMux.
	mux := http.NewServeMux()
	mux.Handle("/x", newMiddleware("inner")(inner))
	h := gotelServer(newMiddleware("outer")(mux))

	parent := "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	req := httptest.NewRequest("GET", "/x", nil)
	req.Header.Set("traceparent", parent)
	h.ServeHTTP(httptest.NewRecorder(), req)

	if calls != 1 {
		t.Fatalf("handler ran %d times, want 1", calls)
	}
	got := spans.GetSpans()
	if len(got) != 1 || got[0].InstrumentationScope.Name != nethttp.ScopeName || got[0].SpanKind != trace.SpanKindServer {
		t.Fatalf("want gotel's server span alone, got %v", scopes(t))
	}
	if !got[0].SpanContext.Equal(seen) {
		t.Errorf("the handler saw span %v, want gotel's %v", seen, got[0].SpanContext)
	}
	if got[0].Parent.TraceID().String() != "0af7651916cd43dd8448eb211c80319c" || got[0].Parent.SpanID().String() != "b7ad6b7169203331" {
		t.Errorf("gotel's span has parent %v, want the traceparent's", got[0].Parent)
	}
}

func TestMiddlewareWithoutGotelServerSpan(t *testing.T) {
	spans.Reset()
	h := newMiddleware("op")(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	if n := scopes(t); len(spans.GetSpans()) != 1 || n[otelhttp.ScopeName+" server"] != 1 {
		t.Fatalf("a request gotel does not serve keeps otelhttp's span, got %v", n)
	}
}

func TestTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	for _, tc := range []struct {
		name     string
		base     http.RoundTripper
		env      string
		otelSpan bool
	}{
		{"default transport", nil, "", false},
		{"http.Transport", &http.Transport{}, "", false},
		{"other base", roundTripFunc(http.DefaultTransport.RoundTrip), "", true},
		{"nethttp switched off", nil, "nethttp", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("OTEL_GO_DISABLED_INSTRUMENTATIONS", tc.env)
			spans.Reset()
			// This test's http.Transport is not woven: no gotel span here.
			resp, err := (&http.Client{Transport: newTransport(tc.base)}).Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if n := len(spans.GetSpans()); n != map[bool]int{false: 0, true: 1}[tc.otelSpan] {
				t.Errorf("otelhttp made %d spans (%v), want its span: %v", n, scopes(t), tc.otelSpan)
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestWithFilterLeavesCallersSliceAlone(t *testing.T) {
	mine := make([]otelhttp.Option, 1, 4)
	mine[0] = otelhttp.WithServerName("a")
	out := withFilter(mine, never)
	if len(out) != 2 || &out[0] == &mine[0] || mine[:2][1] != nil {
		t.Fatalf("withFilter wrote into the caller's slice")
	}
}
