package otlphttp

// An independent, obvious mapping from SDK data to the official generated
// OTLP types. Tests decode our bytes with google.golang.org/protobuf and
// compare them with these messages, so every field is checked against the
// SDK's own data.

import (
	"testing"
	"time"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

func wantAny(v attribute.Value) *commonpb.AnyValue {
	arr := func(n int, el func(i int) *commonpb.AnyValue) *commonpb.AnyValue {
		vs := make([]*commonpb.AnyValue, n)
		for i := range vs {
			vs[i] = el(i)
		}
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_ArrayValue{ArrayValue: &commonpb.ArrayValue{Values: vs}}}
	}
	switch v.Type() {
	case attribute.BOOL:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_BoolValue{BoolValue: v.AsBool()}}
	case attribute.INT64:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: v.AsInt64()}}
	case attribute.FLOAT64:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_DoubleValue{DoubleValue: v.AsFloat64()}}
	case attribute.STRING:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v.AsString()}}
	case attribute.BYTESLICE:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_BytesValue{BytesValue: v.AsByteSlice()}}
	case attribute.BOOLSLICE:
		s := v.AsBoolSlice()
		return arr(len(s), func(i int) *commonpb.AnyValue { return wantAny(attribute.BoolValue(s[i])) })
	case attribute.INT64SLICE:
		s := v.AsInt64Slice()
		return arr(len(s), func(i int) *commonpb.AnyValue { return wantAny(attribute.Int64Value(s[i])) })
	case attribute.FLOAT64SLICE:
		s := v.AsFloat64Slice()
		return arr(len(s), func(i int) *commonpb.AnyValue { return wantAny(attribute.Float64Value(s[i])) })
	case attribute.STRINGSLICE:
		s := v.AsStringSlice()
		return arr(len(s), func(i int) *commonpb.AnyValue { return wantAny(attribute.StringValue(s[i])) })
	case attribute.SLICE:
		s := v.AsSlice()
		return arr(len(s), func(i int) *commonpb.AnyValue { return wantAny(s[i]) })
	case attribute.MAP:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_KvlistValue{KvlistValue: &commonpb.KeyValueList{Values: wantKVs(v.AsMap())}}}
	}
	return &commonpb.AnyValue{}
}

func wantKVs(kvs []attribute.KeyValue) []*commonpb.KeyValue {
	var out []*commonpb.KeyValue
	for _, kv := range kvs {
		out = append(out, &commonpb.KeyValue{Key: string(kv.Key), Value: wantAny(kv.Value)})
	}
	return out
}

func wantResource(r *resource.Resource) *resourcepb.Resource {
	return &resourcepb.Resource{Attributes: wantKVs(r.Attributes())}
}

func wantScope(s instrumentation.Scope) *commonpb.InstrumentationScope {
	return &commonpb.InstrumentationScope{Name: s.Name, Version: s.Version, Attributes: wantKVs(s.Attributes.ToSlice())}
}

func nanos(t time.Time) uint64 {
	if t.UnixNano() < 0 {
		return 0
	}
	return uint64(t.UnixNano())
}

func wantFlags(tf trace.TraceFlags, remote bool) uint32 {
	f := uint32(tf) | 0x100
	if remote {
		f |= 0x200
	}
	return f
}

func wantSpan(s sdktrace.ReadOnlySpan) *tracepb.Span {
	sc := s.SpanContext()
	tid, sid := sc.TraceID(), sc.SpanID()
	out := &tracepb.Span{
		TraceId:                tid[:],
		SpanId:                 sid[:],
		TraceState:             sc.TraceState().String(),
		Flags:                  wantFlags(sc.TraceFlags(), s.Parent().IsRemote()),
		Name:                   s.Name(),
		Kind:                   tracepb.Span_SpanKind(s.SpanKind()),
		StartTimeUnixNano:      nanos(s.StartTime()),
		EndTimeUnixNano:        nanos(s.EndTime()),
		Attributes:             wantKVs(s.Attributes()),
		DroppedAttributesCount: uint32(s.DroppedAttributes()),
		DroppedEventsCount:     uint32(s.DroppedEvents()),
		DroppedLinksCount:      uint32(s.DroppedLinks()),
		Status:                 &tracepb.Status{Message: s.Status().Description},
	}
	switch s.Status().Code {
	case codes.Ok:
		out.Status.Code = tracepb.Status_STATUS_CODE_OK
	case codes.Error:
		out.Status.Code = tracepb.Status_STATUS_CODE_ERROR
	}
	if p := s.Parent().SpanID(); p.IsValid() {
		out.ParentSpanId = p[:]
	}
	for _, ev := range s.Events() {
		out.Events = append(out.Events, &tracepb.Span_Event{
			TimeUnixNano:           nanos(ev.Time),
			Name:                   ev.Name,
			Attributes:             wantKVs(ev.Attributes),
			DroppedAttributesCount: uint32(ev.DroppedAttributeCount),
		})
	}
	for _, l := range s.Links() {
		ltid, lsid := l.SpanContext.TraceID(), l.SpanContext.SpanID()
		out.Links = append(out.Links, &tracepb.Span_Link{
			TraceId:                ltid[:],
			SpanId:                 lsid[:],
			TraceState:             l.SpanContext.TraceState().String(),
			Attributes:             wantKVs(l.Attributes),
			DroppedAttributesCount: uint32(l.DroppedAttributeCount),
			Flags:                  wantFlags(l.SpanContext.TraceFlags(), l.SpanContext.IsRemote()),
		})
	}
	return out
}

func wantTemporality(t metricdata.Temporality) metricpb.AggregationTemporality {
	switch t {
	case metricdata.DeltaTemporality:
		return metricpb.AggregationTemporality_AGGREGATION_TEMPORALITY_DELTA
	case metricdata.CumulativeTemporality:
		return metricpb.AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE
	}
	return metricpb.AggregationTemporality_AGGREGATION_TEMPORALITY_UNSPECIFIED
}

func wantExemplars[N int64 | float64](exs []metricdata.Exemplar[N]) []*metricpb.Exemplar {
	var out []*metricpb.Exemplar
	for _, ex := range exs {
		e := &metricpb.Exemplar{
			FilteredAttributes: wantKVs(ex.FilteredAttributes),
			TimeUnixNano:       nanos(ex.Time),
			SpanId:             ex.SpanID,
			TraceId:            ex.TraceID,
		}
		switch v := any(ex.Value).(type) {
		case int64:
			e.Value = &metricpb.Exemplar_AsInt{AsInt: v}
		case float64:
			e.Value = &metricpb.Exemplar_AsDouble{AsDouble: v}
		}
		out = append(out, e)
	}
	return out
}

func wantNumberPoints[N int64 | float64](dps []metricdata.DataPoint[N]) []*metricpb.NumberDataPoint {
	var out []*metricpb.NumberDataPoint
	for _, dp := range dps {
		p := &metricpb.NumberDataPoint{
			Attributes:        wantKVs(dp.Attributes.ToSlice()),
			StartTimeUnixNano: nanos(dp.StartTime),
			TimeUnixNano:      nanos(dp.Time),
			Exemplars:         wantExemplars(dp.Exemplars),
		}
		switch v := any(dp.Value).(type) {
		case int64:
			p.Value = &metricpb.NumberDataPoint_AsInt{AsInt: v}
		case float64:
			p.Value = &metricpb.NumberDataPoint_AsDouble{AsDouble: v}
		}
		out = append(out, p)
	}
	return out
}

func optF[N int64 | float64](e metricdata.Extrema[N]) *float64 {
	if v, ok := e.Value(); ok {
		f := float64(v)
		return &f
	}
	return nil
}

func wantHistPoints[N int64 | float64](dps []metricdata.HistogramDataPoint[N]) []*metricpb.HistogramDataPoint {
	var out []*metricpb.HistogramDataPoint
	for _, dp := range dps {
		sum := float64(dp.Sum)
		out = append(out, &metricpb.HistogramDataPoint{
			Attributes:        wantKVs(dp.Attributes.ToSlice()),
			StartTimeUnixNano: nanos(dp.StartTime),
			TimeUnixNano:      nanos(dp.Time),
			Count:             dp.Count,
			Sum:               &sum,
			BucketCounts:      dp.BucketCounts,
			ExplicitBounds:    dp.Bounds,
			Exemplars:         wantExemplars(dp.Exemplars),
			Min:               optF(dp.Min),
			Max:               optF(dp.Max),
		})
	}
	return out
}

func wantExpPoints[N int64 | float64](dps []metricdata.ExponentialHistogramDataPoint[N]) []*metricpb.ExponentialHistogramDataPoint {
	var out []*metricpb.ExponentialHistogramDataPoint
	for _, dp := range dps {
		sum := float64(dp.Sum)
		out = append(out, &metricpb.ExponentialHistogramDataPoint{
			Attributes:        wantKVs(dp.Attributes.ToSlice()),
			StartTimeUnixNano: nanos(dp.StartTime),
			TimeUnixNano:      nanos(dp.Time),
			Count:             dp.Count,
			Sum:               &sum,
			Scale:             dp.Scale,
			ZeroCount:         dp.ZeroCount,
			Positive:          &metricpb.ExponentialHistogramDataPoint_Buckets{Offset: dp.PositiveBucket.Offset, BucketCounts: dp.PositiveBucket.Counts},
			Negative:          &metricpb.ExponentialHistogramDataPoint_Buckets{Offset: dp.NegativeBucket.Offset, BucketCounts: dp.NegativeBucket.Counts},
			Exemplars:         wantExemplars(dp.Exemplars),
			Min:               optF(dp.Min),
			Max:               optF(dp.Max),
			ZeroThreshold:     dp.ZeroThreshold,
		})
	}
	return out
}

func wantMetric(t *testing.T, m metricdata.Metrics) *metricpb.Metric {
	out := &metricpb.Metric{Name: m.Name, Description: m.Description, Unit: m.Unit}
	switch a := m.Data.(type) {
	case metricdata.Gauge[int64]:
		out.Data = &metricpb.Metric_Gauge{Gauge: &metricpb.Gauge{DataPoints: wantNumberPoints(a.DataPoints)}}
	case metricdata.Gauge[float64]:
		out.Data = &metricpb.Metric_Gauge{Gauge: &metricpb.Gauge{DataPoints: wantNumberPoints(a.DataPoints)}}
	case metricdata.Sum[int64]:
		out.Data = &metricpb.Metric_Sum{Sum: &metricpb.Sum{DataPoints: wantNumberPoints(a.DataPoints), AggregationTemporality: wantTemporality(a.Temporality), IsMonotonic: a.IsMonotonic}}
	case metricdata.Sum[float64]:
		out.Data = &metricpb.Metric_Sum{Sum: &metricpb.Sum{DataPoints: wantNumberPoints(a.DataPoints), AggregationTemporality: wantTemporality(a.Temporality), IsMonotonic: a.IsMonotonic}}
	case metricdata.Histogram[int64]:
		out.Data = &metricpb.Metric_Histogram{Histogram: &metricpb.Histogram{DataPoints: wantHistPoints(a.DataPoints), AggregationTemporality: wantTemporality(a.Temporality)}}
	case metricdata.Histogram[float64]:
		out.Data = &metricpb.Metric_Histogram{Histogram: &metricpb.Histogram{DataPoints: wantHistPoints(a.DataPoints), AggregationTemporality: wantTemporality(a.Temporality)}}
	case metricdata.ExponentialHistogram[int64]:
		out.Data = &metricpb.Metric_ExponentialHistogram{ExponentialHistogram: &metricpb.ExponentialHistogram{DataPoints: wantExpPoints(a.DataPoints), AggregationTemporality: wantTemporality(a.Temporality)}}
	case metricdata.ExponentialHistogram[float64]:
		out.Data = &metricpb.Metric_ExponentialHistogram{ExponentialHistogram: &metricpb.ExponentialHistogram{DataPoints: wantExpPoints(a.DataPoints), AggregationTemporality: wantTemporality(a.Temporality)}}
	case metricdata.Summary:
		var dps []*metricpb.SummaryDataPoint
		for _, dp := range a.DataPoints {
			p := &metricpb.SummaryDataPoint{
				Attributes:        wantKVs(dp.Attributes.ToSlice()),
				StartTimeUnixNano: nanos(dp.StartTime),
				TimeUnixNano:      nanos(dp.Time),
				Count:             dp.Count,
				Sum:               dp.Sum,
			}
			for _, q := range dp.QuantileValues {
				p.QuantileValues = append(p.QuantileValues, &metricpb.SummaryDataPoint_ValueAtQuantile{Quantile: q.Quantile, Value: q.Value})
			}
			dps = append(dps, p)
		}
		out.Data = &metricpb.Metric_Summary{Summary: &metricpb.Summary{DataPoints: dps}}
	default:
		t.Fatalf("test does not know aggregation %T", a)
	}
	return out
}

// protoEqual fails the test with both messages in text form when they differ.
func protoEqual(t *testing.T, what string, got, want proto.Message) {
	t.Helper()
	if !proto.Equal(got, want) {
		t.Errorf("%s differs:\n got: %s\nwant: %s", what,
			prototext.Format(got), prototext.Format(want))
	}
}
