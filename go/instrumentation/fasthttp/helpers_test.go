package fasthttp

import (
	"context"
	"net"
	"os"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/valyala/fasthttp"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"gotel.dev/runtime/hook"
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
	// What the injected accessor does in a woven fasthttp, by reflection.
	timeoutStatus = func(ctx *fasthttp.RequestCtx) int {
		f := reflect.ValueOf(ctx).Elem().FieldByName("timeoutResponse")
		r := *(**fasthttp.Response)(unsafe.Pointer(f.UnsafeAddr()))
		if r == nil {
			return 0
		}
		return r.StatusCode()
	}
	os.Exit(m.Run())
}

type ctxMirror struct {
	data   any
	panicV any
	flags  uint32
}

const flagPanicking = 1 << 1

func woven(before func(*hook.Context), body func(), after func(*hook.Context)) {
	var m ctxMirror
	c := (*hook.Context)(unsafe.Pointer(&m))
	before(c)
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

// wovenDo is HostClient.Do as gotel weaves it.
func wovenDo(hc *fasthttp.HostClient, req *fasthttp.Request, resp *fasthttp.Response) (err error) {
	woven(func(c *hook.Context) { ClientBefore(c, hc, req, resp) },
		func() { err = hc.Do(req, resp) },
		func(c *hook.Context) { ClientAfter(c, err) })
	return err
}

// serveHooked serves h on a loopback port with the Serve hook applied, as
// in a woven fasthttp; it returns the address.
func serveHooked(t *testing.T, s *fasthttp.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var m ctxMirror
	ServeBefore((*hook.Context)(unsafe.Pointer(&m)), s, ln)
	go s.Serve(ln)
	t.Cleanup(func() { _ = s.Shutdown() })
	return ln.Addr().String()
}

// waitSpans waits (bounded) until n spans have ended.
func waitSpans(t *testing.T, n int) tracetest.SpanStubs {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := spans.GetSpans()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d spans after 5s, want %d: %v", len(got), n, names(got))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func names(s tracetest.SpanStubs) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Name)
	}
	return out
}

func attrs(kv []attribute.KeyValue) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, a := range kv {
		m[a.Key] = a.Value
	}
	return m
}

// histogram returns the data points of the named histogram since the last
// collection.
func histogram(t *testing.T, name string) []metricdata.HistogramDataPoint[float64] {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m.Data.(metricdata.Histogram[float64]).DataPoints
			}
		}
	}
	return nil
}
