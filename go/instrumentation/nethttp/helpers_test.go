package nethttp

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"
	"unsafe"

	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// The tests call the hooks exactly as woven code does: with a context of
// the generated layout, Before at the start of the target, After on return
// and on panic (seeing it), the panic then going on.

var (
	spans  = tracetest.NewInMemoryExporter()
	reader = sdkmetric.NewManualReader(sdkmetric.WithTemporalitySelector(
		func(sdkmetric.InstrumentKind) metricdata.Temporality { return metricdata.DeltaTemporality }))
)

func TestMain(m *testing.M) {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans)))
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	os.Exit(m.Run())
}

// ctxMirror is the struct the weaver declares in every woven package; the
// trampoline passes a pointer to it as *hook.Context.
type ctxMirror struct {
	data   any
	panicV any
	flags  uint32
}

const flagPanicking = 1 << 1

// woven runs body the way a woven target runs: before, body, after — after
// also on a panic, which it sees and which then continues.
func woven(before func(*hook.Context), body func(), after func(*hook.Context)) {
	var m ctxMirror
	c := (*hook.Context)(unsafe.Pointer(&m))
	before(c)
	if c.Skipped() {
		after(c)
		return
	}
	done := false
	defer func() {
		if done {
			after(c)
			return
		}
		r := recover()
		m.panicV, m.flags = r, m.flags|flagPanicking
		after(c)
		panic(r)
	}()
	body()
	done = true
}

// serverHandler emulates the woven net/http serverHandler.ServeHTTP around
// the server's real handler.
func serverHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		woven(func(c *hook.Context) { ServerBefore(c, struct{ p *int }{}, w, &r) },
			func() { h.ServeHTTP(w, r) },
			ServerAfter)
	})
}

// wovenMux emulates a woven (*http.ServeMux).ServeHTTP.
type wovenMux struct{ *http.ServeMux }

func (m wovenMux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	woven(func(c *hook.Context) { MuxBefore(c, m.ServeMux, w, r) },
		func() { m.ServeMux.ServeHTTP(w, r) },
		MuxAfter)
}

// wovenTransport emulates a woven (*http.Transport).RoundTrip.
type wovenTransport struct{ t *http.Transport }

func (wt wovenTransport) RoundTrip(r *http.Request) (resp *http.Response, err error) {
	woven(func(c *hook.Context) { ClientBefore(c, wt.t, &r) },
		func() { resp, err = wt.t.RoundTrip(r) },
		func(c *hook.Context) { ClientAfter(c, resp, err) })
	return resp, err
}

// waitSpans waits (bounded) until n spans have ended and returns them.
func waitSpans(t *testing.T, n int) tracetest.SpanStubs {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := spans.GetSpans()
		if len(got) >= n {
			if len(got) > n {
				t.Fatalf("want %d spans, got %d: %v", n, len(got), names(got))
			}
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %d spans, have %d: %v", n, len(got), names(got))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func names(s tracetest.SpanStubs) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Name)
	}
	return out
}

func attrs(kv []attribute.KeyValue) map[string]attribute.Value {
	m := make(map[string]attribute.Value, len(kv))
	for _, a := range kv {
		m[string(a.Key)] = a.Value
	}
	return m
}

// expectAttrs checks attributes by their printed value; absent lists keys
// that must not be there.
func expectAttrs(t *testing.T, kv []attribute.KeyValue, want map[string]any, absent ...string) {
	t.Helper()
	got := attrs(kv)
	for k, v := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("attribute %s missing (have %v)", k, kv)
			continue
		}
		if g.Emit() != attribute.StringValue(toString(v)).Emit() {
			t.Errorf("attribute %s = %q, want %q", k, g.Emit(), toString(v))
		}
	}
	for _, k := range absent {
		if v, ok := got[k]; ok {
			t.Errorf("attribute %s must be absent, is %q", k, v.Emit())
		}
	}
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return attribute.IntValue(x).Emit()
	}
	panic("unsupported")
}

func reset() {
	spans.Reset()
	var rm metricdata.ResourceMetrics
	_ = reader.Collect(context.Background(), &rm) // drop earlier measurements
}

// collectHistogram returns the data points of the named histogram.
func collectHistogram(t *testing.T, name string) []metricdata.HistogramDataPoint[float64] {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				if m.Unit != "s" {
					t.Errorf("%s unit %q, want s", name, m.Unit)
				}
				h, ok := m.Data.(metricdata.Histogram[float64])
				if !ok {
					t.Fatalf("%s is %T, want a histogram", name, m.Data)
				}
				return h.DataPoints
			}
		}
	}
	t.Fatalf("metric %s not recorded", name)
	return nil
}
