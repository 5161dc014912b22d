package boot

import (
	"context"
	"sync"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"gotel.dev/runtime/hook"
)

// recorder notes, for every call an exporter gets, whether its context was
// marked: that context is what reaches the exporter's HTTP request or gRPC
// call, where the net/http and grpc hooks look.
type recorder struct {
	mu    sync.Mutex
	calls map[string]bool // call -> every context so far was suppressed
}

func (r *recorder) note(call string, ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls == nil {
		r.calls = map[string]bool{}
	}
	prev, seen := r.calls[call]
	r.calls[call] = hook.Suppressed(ctx) && (!seen || prev)
}

func (r *recorder) check(t *testing.T, calls ...string) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range calls {
		ok, seen := r.calls[c]
		if !seen {
			t.Errorf("%s was never called", c)
		} else if !ok {
			t.Errorf("%s got a context without hook.Suppress", c)
		}
	}
}

type fakeSpans struct{ recorder }

func (f *fakeSpans) ExportSpans(ctx context.Context, _ []sdktrace.ReadOnlySpan) error {
	f.note("ExportSpans", ctx)
	return nil
}

func (f *fakeSpans) Shutdown(ctx context.Context) error { f.note("Shutdown", ctx); return nil }

type fakeMetrics struct{ recorder }

func (f *fakeMetrics) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	return sdkmetric.DefaultTemporalitySelector(k)
}

func (f *fakeMetrics) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return sdkmetric.DefaultAggregationSelector(k)
}

func (f *fakeMetrics) Export(ctx context.Context, _ *metricdata.ResourceMetrics) error {
	f.note("Export", ctx)
	return nil
}

func (f *fakeMetrics) ForceFlush(ctx context.Context) error { f.note("ForceFlush", ctx); return nil }
func (f *fakeMetrics) Shutdown(ctx context.Context) error   { f.note("Shutdown", ctx); return nil }

func TestExporterCallsAreSuppressed(t *testing.T) {
	ctx := context.Background()
	spans := &fakeSpans{}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(suppressSpans{spans}))
	_, span := tp.Tracer("t").Start(ctx, "s")
	span.End()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	spans.check(t, "ExportSpans", "Shutdown")

	metrics := &fakeMetrics{}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(suppressMetrics{metrics})))
	c, _ := mp.Meter("t").Int64Counter("c")
	c.Add(ctx, 1)
	if err := mp.ForceFlush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := mp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	metrics.check(t, "Export", "ForceFlush", "Shutdown")
}
