package otlphttp

import (
	"context"
	"errors"
	"testing"
	"time"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	"google.golang.org/protobuf/proto"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/exemplar"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// collectMetrics records with every synchronous and asynchronous
// instrument kind through a real MeterProvider and returns what a
// ManualReader collects. Recording happens inside a sampled span so that
// exemplars carry trace and span IDs.
func collectMetrics(t *testing.T, temporality sdkmetric.TemporalitySelector) *metricdata.ResourceMetrics {
	t.Helper()
	ctx := context.Background()
	reader := sdkmetric.NewManualReader(sdkmetric.WithTemporalitySelector(temporality))
	res := resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
		append(allAttrs("res."), attribute.String("service.name", "metrics"))...)
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(res),
		sdkmetric.WithReader(reader),
		sdkmetric.WithExemplarFilter(exemplar.AlwaysOnFilter),
		sdkmetric.WithView(sdkmetric.NewView(
			sdkmetric.Instrument{Name: "exp.*"},
			sdkmetric.Stream{Aggregation: sdkmetric.AggregationBase2ExponentialHistogram{MaxSize: 20, MaxScale: 5}},
		)),
	)
	defer func() { _ = mp.Shutdown(ctx) }()

	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("t").Start(ctx, "s")
	defer span.End()

	m := mp.Meter("scope.metrics", metric.WithInstrumentationVersion("0.9"),
		metric.WithSchemaURL("https://opentelemetry.io/schemas/1.24.0"),
		metric.WithInstrumentationAttributes(attribute.String("scope.k", "v")))
	other := mp.Meter("scope.other")
	a1 := metric.WithAttributes(attribute.String("route", "/a"), attribute.Int64Slice("codes", []int64{200, 404}))
	a2 := metric.WithAttributes(attribute.String("route", "/b"))

	ic, _ := m.Int64Counter("int.counter", metric.WithDescription("ints"), metric.WithUnit("{req}"))
	ic.Add(ctx, 3, a1)
	ic.Add(ctx, 4, a2)
	fc, _ := m.Float64Counter("float.counter")
	fc.Add(ctx, 0.25, a1)
	iud, _ := m.Int64UpDownCounter("int.updown")
	iud.Add(ctx, -7, a1)
	fud, _ := other.Float64UpDownCounter("float.updown")
	fud.Add(ctx, 0, a2) // a zero value must still be present
	ih, _ := m.Int64Histogram("int.hist", metric.WithExplicitBucketBoundaries(1, 10, 100))
	for _, v := range []int64{0, 5, 50, 500} {
		ih.Record(ctx, v, a1)
	}
	fh, _ := m.Float64Histogram("float.hist")
	fh.Record(ctx, 2.5, a2)
	eh, _ := m.Float64Histogram("exp.float")
	for _, v := range []float64{0, 0.001, 1, 3, 1e6} {
		eh.Record(ctx, v, a1)
	}
	ei, _ := m.Int64Histogram("exp.int")
	ei.Record(ctx, 42, a2)
	ig, _ := m.Int64Gauge("int.gauge")
	ig.Record(ctx, -12, a1)
	fg, _ := m.Float64Gauge("float.gauge")
	fg.Record(ctx, 98.6, a2)
	_, _ = m.Float64ObservableGauge("obs.gauge", metric.WithFloat64Callback(
		func(_ context.Context, o metric.Float64Observer) error {
			o.Observe(1.5, a1)
			return nil
		}))
	_, _ = m.Int64ObservableCounter("obs.counter", metric.WithInt64Callback(
		func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(99, a2)
			return nil
		}))
	_, _ = other.Int64ObservableUpDownCounter("obs.updown", metric.WithInt64Callback(
		func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(-1)
			return nil
		}))

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	return &rm
}

// handMade covers what the SDK does not produce: summaries, negative
// exponential buckets and scale, undefined min/max, int exemplars.
func handMade() metricdata.ScopeMetrics {
	now := time.Unix(1700000000, 123)
	set := attribute.NewSet(attribute.Bool("b", true))
	return metricdata.ScopeMetrics{
		Metrics: []metricdata.Metrics{
			{Name: "summary", Data: metricdata.Summary{DataPoints: []metricdata.SummaryDataPoint{{
				Attributes: set, StartTime: now, Time: now.Add(time.Second), Count: 3, Sum: 4.5,
				QuantileValues: []metricdata.QuantileValue{{Quantile: 0, Value: 1}, {Quantile: 0.5, Value: 1.5}, {Quantile: 1, Value: 2}},
			}}}},
			{Name: "exp.neg", Data: metricdata.ExponentialHistogram[int64]{
				Temporality: metricdata.DeltaTemporality,
				DataPoints: []metricdata.ExponentialHistogramDataPoint[int64]{{
					Attributes: set, Time: now, Count: 6, Sum: -10, Scale: -3, ZeroCount: 1, ZeroThreshold: 1e-9,
					Min:            metricdata.NewExtrema[int64](-8),
					PositiveBucket: metricdata.ExponentialBucket{Offset: -2, Counts: []uint64{1, 0, 300}},
					NegativeBucket: metricdata.ExponentialBucket{Offset: 5, Counts: []uint64{2}},
					Exemplars: []metricdata.Exemplar[int64]{{
						Time: now, Value: -3, SpanID: []byte{1, 2, 3, 4, 5, 6, 7, 8},
						TraceID:            []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
						FilteredAttributes: []attribute.KeyValue{attribute.String("f", "x")},
					}},
				}},
			}},
			{Name: "hist.nominmax", Data: metricdata.Histogram[float64]{
				Temporality: metricdata.CumulativeTemporality,
				DataPoints: []metricdata.HistogramDataPoint[float64]{{
					Time: now, Count: 0, Bounds: []float64{-1, 0, 1}, BucketCounts: []uint64{0, 0, 0, 0},
				}},
			}},
			{Name: "gauge.empty", Data: metricdata.Gauge[int64]{}},
		},
	}
}

func checkMetrics(t *testing.T, rm *metricdata.ResourceMetrics) {
	t.Helper()
	var e encoder
	if err := e.encodeMetrics(rm); err != nil {
		t.Fatal(err)
	}
	var got colmetricpb.ExportMetricsServiceRequest
	if err := proto.Unmarshal(e.b, &got); err != nil {
		t.Fatalf("official decoder rejects our bytes: %v", err)
	}
	if len(got.ResourceMetrics) != 1 {
		t.Fatalf("got %d ResourceMetrics", len(got.ResourceMetrics))
	}
	grm := got.ResourceMetrics[0]
	protoEqual(t, "resource", grm.Resource, wantResource(rm.Resource))
	if grm.SchemaUrl != rm.Resource.SchemaURL() {
		t.Errorf("schema URL %q", grm.SchemaUrl)
	}
	if len(grm.ScopeMetrics) != len(rm.ScopeMetrics) {
		t.Fatalf("got %d ScopeMetrics, want %d", len(grm.ScopeMetrics), len(rm.ScopeMetrics))
	}
	for i, sm := range rm.ScopeMetrics {
		gsm := grm.ScopeMetrics[i]
		protoEqual(t, "scope", gsm.Scope, wantScope(sm.Scope))
		if gsm.SchemaUrl != sm.Scope.SchemaURL {
			t.Errorf("scope schema URL %q, want %q", gsm.SchemaUrl, sm.Scope.SchemaURL)
		}
		if len(gsm.Metrics) != len(sm.Metrics) {
			t.Fatalf("scope %q: got %d metrics, want %d", sm.Scope.Name, len(gsm.Metrics), len(sm.Metrics))
		}
		for j, m := range sm.Metrics {
			protoEqual(t, "metric "+m.Name, gsm.Metrics[j], wantMetric(t, m))
		}
	}
}

func TestMetricEncodingMatchesSDK(t *testing.T) {
	for name, sel := range map[string]sdkmetric.TemporalitySelector{
		"cumulative": sdkmetric.CumulativeTemporalitySelector,
		"delta":      sdkmetric.DeltaTemporalitySelector,
	} {
		t.Run(name, func(t *testing.T) {
			rm := collectMetrics(t, sel)
			rm.ScopeMetrics = append(rm.ScopeMetrics, handMade())

			// Guard against a vacuous test.
			kinds := map[string]bool{}
			exemplars := false
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					switch a := m.Data.(type) {
					case metricdata.Sum[int64]:
						kinds["sum"] = true
						exemplars = exemplars || len(a.DataPoints) > 0 && len(a.DataPoints[0].Exemplars) > 0
					case metricdata.Gauge[float64], metricdata.Gauge[int64]:
						kinds["gauge"] = true
					case metricdata.Histogram[int64], metricdata.Histogram[float64]:
						kinds["hist"] = true
					case metricdata.ExponentialHistogram[float64]:
						kinds["exp"] = true
					case metricdata.Summary:
						kinds["summary"] = true
					}
				}
			}
			if len(kinds) != 5 || !exemplars {
				t.Fatalf("test data lacks coverage: %v exemplars=%v", kinds, exemplars)
			}
			checkMetrics(t, rm)
		})
	}
}

func TestMetricEncodingSkipsUnknown(t *testing.T) {
	type weird struct{ metricdata.Aggregation }
	rm := &metricdata.ResourceMetrics{
		Resource: resource.Empty(),
		ScopeMetrics: []metricdata.ScopeMetrics{{Metrics: []metricdata.Metrics{
			{Name: "ok", Data: metricdata.Gauge[float64]{DataPoints: []metricdata.DataPoint[float64]{{Value: 1}}}},
			{Name: "unknown", Data: weird{}},
			{Name: "notemp", Data: metricdata.Sum[int64]{}},
		}}},
	}
	var e encoder
	err := e.encodeMetrics(rm)
	if !errors.Is(err, errUnknownAggregation) || !errors.Is(err, errUnknownTemporality) {
		t.Fatalf("err = %v", err)
	}
	var got colmetricpb.ExportMetricsServiceRequest
	if err := proto.Unmarshal(e.b, &got); err != nil {
		t.Fatal(err)
	}
	ms := got.ResourceMetrics[0].ScopeMetrics[0].Metrics
	if len(ms) != 1 || ms[0].Name != "ok" {
		t.Fatalf("metrics = %v", ms)
	}
	if ms[0].GetGauge().DataPoints[0].Value.(*metricpb.NumberDataPoint_AsDouble).AsDouble != 1 {
		t.Fatal("value lost")
	}
}

func TestTemporalityAndAggregationFromEnv(t *testing.T) {
	env := func(kv map[string]string) func(string) string {
		return func(k string) string { return kv[k] }
	}
	const tp = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"
	const ha = "OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION"
	D, C := metricdata.DeltaTemporality, metricdata.CumulativeTemporality
	kinds := []sdkmetric.InstrumentKind{
		sdkmetric.InstrumentKindCounter, sdkmetric.InstrumentKindUpDownCounter,
		sdkmetric.InstrumentKindHistogram, sdkmetric.InstrumentKindObservableCounter,
		sdkmetric.InstrumentKindObservableUpDownCounter, sdkmetric.InstrumentKindObservableGauge,
		sdkmetric.InstrumentKindGauge,
	}
	for pref, want := range map[string][]metricdata.Temporality{
		"":           {C, C, C, C, C, C, C},
		"cumulative": {C, C, C, C, C, C, C},
		"Delta":      {D, C, D, D, C, C, C},
		"lowmemory":  {D, C, D, C, C, C, C},
		"bogus":      {C, C, C, C, C, C, C},
	} {
		e := newMetricExporter(config{}, env(map[string]string{tp: pref}))
		for i, k := range kinds {
			if got := e.Temporality(k); got != want[i] {
				t.Errorf("%s=%q: %v → %v, want %v", tp, pref, k, got, want[i])
			}
		}
		if (pref == "bogus") != (len(e.c.cfg.warnings) == 1) {
			t.Errorf("%q: warnings %v", pref, e.c.cfg.warnings)
		}
	}
	e := newMetricExporter(config{}, env(map[string]string{ha: "base2_exponential_bucket_histogram"}))
	if _, ok := e.Aggregation(sdkmetric.InstrumentKindHistogram).(sdkmetric.AggregationBase2ExponentialHistogram); !ok {
		t.Errorf("histogram aggregation = %T", e.Aggregation(sdkmetric.InstrumentKindHistogram))
	}
	if _, ok := e.Aggregation(sdkmetric.InstrumentKindCounter).(sdkmetric.AggregationSum); !ok {
		t.Errorf("counter aggregation = %T", e.Aggregation(sdkmetric.InstrumentKindCounter))
	}
	e = newMetricExporter(config{}, env(nil))
	if _, ok := e.Aggregation(sdkmetric.InstrumentKindHistogram).(sdkmetric.AggregationExplicitBucketHistogram); !ok {
		t.Errorf("default histogram aggregation = %T", e.Aggregation(sdkmetric.InstrumentKindHistogram))
	}
}
