package instr

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

type insts struct {
	tracer trace.Tracer
	dur    metric.Float64Histogram
}

func TestScopeFollowsProviders(t *testing.T) {
	builds := 0
	s := New("gotel.dev/test", "https://opentelemetry.io/schemas/1.37.0", func(tr trace.Tracer, m metric.Meter) *insts {
		builds++
		return &insts{tracer: tr, dur: Histogram(m, "x.duration", "d", "s", DurationBuckets...)}
	})
	sr := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	rd := sdkmetric.NewManualReader()
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(rd)))

	a, b := s.Get(), s.Get()
	if a != b || builds != 1 {
		t.Fatalf("instruments rebuilt without a provider change: %d builds", builds)
	}
	_, sp := a.tracer.Start(context.Background(), "op")
	sp.End()
	a.dur.Record(context.Background(), 0.5)
	if got := sr.Ended(); len(got) != 1 || got[0].InstrumentationScope().Name != "gotel.dev/test" {
		t.Fatalf("span not recorded under the scope: %v", got)
	}
	var rm metricdata.ResourceMetrics
	if err := rd.Collect(context.Background(), &rm); err != nil || len(rm.ScopeMetrics) != 1 ||
		rm.ScopeMetrics[0].Metrics[0].Name != "x.duration" {
		t.Fatalf("histogram not recorded: %v %+v", err, rm)
	}

	sr2 := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr2)))
	c := s.Get()
	if c == a || builds != 2 {
		t.Fatalf("a new provider was not followed")
	}
	_, sp = c.tracer.Start(context.Background(), "op2")
	sp.End()
	if len(sr2.Ended()) != 1 {
		t.Fatal("span did not reach the new provider")
	}
}

// uncomparable is a provider type that == would panic on.
type uncomparable struct {
	trace.TracerProvider
	_ []int
}

func TestUncomparableProvider(t *testing.T) {
	if same(uncomparable{}, uncomparable{}) {
		t.Fatal("an uncomparable provider counted as unchanged")
	}
}
