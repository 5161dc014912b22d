package otlphttp

import (
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// Field numbers from opentelemetry/proto/metrics/v1/metrics.proto and
// collector/metrics/v1/metrics_service.proto.
const (
	reqResourceMetrics = 1

	rmResource     = 1
	rmScopeMetrics = 2
	rmSchemaURL    = 3

	smScope     = 1
	smMetrics   = 2
	smSchemaURL = 3

	metricName        = 1
	metricDescription = 2
	metricUnit        = 3
	metricGauge       = 5
	metricSum         = 7
	metricHistogram   = 9
	metricExpHist     = 10
	metricSummary     = 11

	// Gauge, Sum, Histogram, ExponentialHistogram and Summary share
	// data_points=1; all but Gauge and Summary have temporality=2.
	aggDataPoints  = 1
	aggTemporality = 2
	sumMonotonic   = 3

	ndpStart     = 2
	ndpTime      = 3
	ndpAsDouble  = 4
	ndpExemplars = 5
	ndpAsInt     = 6
	ndpAttrs     = 7

	hdpStart     = 2
	hdpTime      = 3
	hdpCount     = 4
	hdpSum       = 5
	hdpBuckets   = 6
	hdpBounds    = 7
	hdpExemplars = 8
	hdpAttrs     = 9
	hdpMin       = 11
	hdpMax       = 12

	edpAttrs         = 1
	edpStart         = 2
	edpTime          = 3
	edpCount         = 4
	edpSum           = 5
	edpScale         = 6
	edpZeroCount     = 7
	edpPositive      = 8
	edpNegative      = 9
	edpExemplars     = 11
	edpMin           = 12
	edpMax           = 13
	edpZeroThreshold = 14

	bucketsOffset = 1
	bucketsCounts = 2

	sdpStart     = 2
	sdpTime      = 3
	sdpCount     = 4
	sdpSum       = 5
	sdpQuantiles = 6
	sdpAttrs     = 7

	quantileQuantile = 1
	quantileValue    = 2

	exTime     = 2
	exAsDouble = 3
	exSpanID   = 4
	exTraceID  = 5
	exAsInt    = 6
	exAttrs    = 7

	temporalityDelta      = 1
	temporalityCumulative = 2
)

var (
	errUnknownAggregation = errors.New("otlphttp: unknown aggregation")
	errUnknownTemporality = errors.New("otlphttp: unknown temporality")
)

// encodeMetrics appends an ExportMetricsServiceRequest for rm to e. Metrics
// that cannot be represented are left out and reported in the error, the
// rest is still encoded (best effort, like the official exporter).
func (e *encoder) encodeMetrics(rm *metricdata.ResourceMetrics) error {
	var errs []error
	r := e.begin(reqResourceMetrics, resLarge)
	e.resource(rmResource, rm.Resource)
	for i := range rm.ScopeMetrics {
		sm := &rm.ScopeMetrics[i]
		s := e.begin(rmScopeMetrics, resLarge)
		e.scope(smScope, &sm.Scope)
		for j := range sm.Metrics {
			if err := e.metric(smMetrics, &sm.Metrics[j]); err != nil {
				errs = append(errs, fmt.Errorf("metric %q: %w", sm.Metrics[j].Name, err))
			}
		}
		e.stringField(smSchemaURL, sm.Scope.SchemaURL)
		e.end(s)
	}
	e.stringField(rmSchemaURL, rm.Resource.SchemaURL())
	e.end(r)
	return errors.Join(errs...)
}

func temporality(t metricdata.Temporality) (uint64, error) {
	switch t {
	case metricdata.DeltaTemporality:
		return temporalityDelta, nil
	case metricdata.CumulativeTemporality:
		return temporalityCumulative, nil
	}
	return 0, fmt.Errorf("%w: %v", errUnknownTemporality, t)
}

// metric encodes one Metric. The aggregation is validated before anything
// is written, so a bad metric leaves no trace in the output.
func (e *encoder) metric(field int, m *metricdata.Metrics) error {
	var t metricdata.Temporality
	hasTemporality := true
	switch a := m.Data.(type) {
	case metricdata.Gauge[int64], metricdata.Gauge[float64], metricdata.Summary:
		hasTemporality = false
	case metricdata.Sum[int64]:
		t = a.Temporality
	case metricdata.Sum[float64]:
		t = a.Temporality
	case metricdata.Histogram[int64]:
		t = a.Temporality
	case metricdata.Histogram[float64]:
		t = a.Temporality
	case metricdata.ExponentialHistogram[int64]:
		t = a.Temporality
	case metricdata.ExponentialHistogram[float64]:
		t = a.Temporality
	default:
		return fmt.Errorf("%w: %T", errUnknownAggregation, a)
	}
	var temp uint64
	if hasTemporality {
		var err error
		if temp, err = temporality(t); err != nil {
			return err
		}
	}

	mm := e.begin(field, resMedium)
	e.stringField(metricName, m.Name)
	e.stringField(metricDescription, m.Description)
	e.stringField(metricUnit, m.Unit)
	switch a := m.Data.(type) {
	case metricdata.Gauge[int64]:
		g := e.begin(metricGauge, resMedium)
		numberPoints(e, a.DataPoints, true)
		e.end(g)
	case metricdata.Gauge[float64]:
		g := e.begin(metricGauge, resMedium)
		numberPoints(e, a.DataPoints, false)
		e.end(g)
	case metricdata.Sum[int64]:
		s := e.begin(metricSum, resMedium)
		numberPoints(e, a.DataPoints, true)
		e.uint64Field(aggTemporality, temp)
		e.boolField(sumMonotonic, a.IsMonotonic)
		e.end(s)
	case metricdata.Sum[float64]:
		s := e.begin(metricSum, resMedium)
		numberPoints(e, a.DataPoints, false)
		e.uint64Field(aggTemporality, temp)
		e.boolField(sumMonotonic, a.IsMonotonic)
		e.end(s)
	case metricdata.Histogram[int64]:
		h := e.begin(metricHistogram, resMedium)
		histogramPoints(e, a.DataPoints, true)
		e.uint64Field(aggTemporality, temp)
		e.end(h)
	case metricdata.Histogram[float64]:
		h := e.begin(metricHistogram, resMedium)
		histogramPoints(e, a.DataPoints, false)
		e.uint64Field(aggTemporality, temp)
		e.end(h)
	case metricdata.ExponentialHistogram[int64]:
		h := e.begin(metricExpHist, resMedium)
		expHistogramPoints(e, a.DataPoints, true)
		e.uint64Field(aggTemporality, temp)
		e.end(h)
	case metricdata.ExponentialHistogram[float64]:
		h := e.begin(metricExpHist, resMedium)
		expHistogramPoints(e, a.DataPoints, false)
		e.uint64Field(aggTemporality, temp)
		e.end(h)
	case metricdata.Summary:
		s := e.begin(metricSummary, resMedium)
		summaryPoints(e, a.DataPoints)
		e.end(s)
	}
	e.end(mm)
	return nil
}

// number writes an int64 or float64 as the as_int (sfixed64) or as_double
// member of a oneof. isInt comes from the caller's type switch so the
// generic code needs no interface conversion.
func number[N int64 | float64](e *encoder, intField, doubleField int, v N, isInt bool) {
	if isInt {
		e.fixed64Always(intField, uint64(int64(v)))
	} else {
		e.doubleAlways(doubleField, float64(v))
	}
}

func numberPoints[N int64 | float64](e *encoder, dps []metricdata.DataPoint[N], isInt bool) {
	for i := range dps {
		dp := &dps[i]
		m := e.begin(aggDataPoints, resMedium)
		e.fixed64Field(ndpStart, unixNano(dp.StartTime))
		e.fixed64Field(ndpTime, unixNano(dp.Time))
		number(e, ndpAsInt, ndpAsDouble, dp.Value, isInt)
		exemplars(e, ndpExemplars, dp.Exemplars, isInt)
		e.attrSet(ndpAttrs, &dp.Attributes)
		e.end(m)
	}
}

func histogramPoints[N int64 | float64](e *encoder, dps []metricdata.HistogramDataPoint[N], isInt bool) {
	for i := range dps {
		dp := &dps[i]
		m := e.begin(aggDataPoints, resMedium)
		e.fixed64Field(hdpStart, unixNano(dp.StartTime))
		e.fixed64Field(hdpTime, unixNano(dp.Time))
		e.fixed64Field(hdpCount, dp.Count)
		e.doubleAlways(hdpSum, float64(dp.Sum))
		e.packedFixed64(hdpBuckets, dp.BucketCounts)
		e.packedDouble(hdpBounds, dp.Bounds)
		exemplars(e, hdpExemplars, dp.Exemplars, isInt)
		e.attrSet(hdpAttrs, &dp.Attributes)
		if v, ok := dp.Min.Value(); ok {
			e.doubleAlways(hdpMin, float64(v))
		}
		if v, ok := dp.Max.Value(); ok {
			e.doubleAlways(hdpMax, float64(v))
		}
		e.end(m)
	}
}

func expHistogramPoints[N int64 | float64](e *encoder, dps []metricdata.ExponentialHistogramDataPoint[N], isInt bool) {
	for i := range dps {
		dp := &dps[i]
		m := e.begin(aggDataPoints, resMedium)
		e.attrSet(edpAttrs, &dp.Attributes)
		e.fixed64Field(edpStart, unixNano(dp.StartTime))
		e.fixed64Field(edpTime, unixNano(dp.Time))
		e.fixed64Field(edpCount, dp.Count)
		e.doubleAlways(edpSum, float64(dp.Sum))
		e.sint32Field(edpScale, dp.Scale)
		e.fixed64Field(edpZeroCount, dp.ZeroCount)
		expBuckets(e, edpPositive, &dp.PositiveBucket)
		expBuckets(e, edpNegative, &dp.NegativeBucket)
		exemplars(e, edpExemplars, dp.Exemplars, isInt)
		if v, ok := dp.Min.Value(); ok {
			e.doubleAlways(edpMin, float64(v))
		}
		if v, ok := dp.Max.Value(); ok {
			e.doubleAlways(edpMax, float64(v))
		}
		e.doubleField(edpZeroThreshold, dp.ZeroThreshold)
		e.end(m)
	}
}

func expBuckets(e *encoder, field int, b *metricdata.ExponentialBucket) {
	m := e.begin(field, resSmall)
	e.sint32Field(bucketsOffset, b.Offset)
	e.packedVarint(bucketsCounts, b.Counts)
	e.end(m)
}

func summaryPoints(e *encoder, dps []metricdata.SummaryDataPoint) {
	for i := range dps {
		dp := &dps[i]
		m := e.begin(aggDataPoints, resMedium)
		e.fixed64Field(sdpStart, unixNano(dp.StartTime))
		e.fixed64Field(sdpTime, unixNano(dp.Time))
		e.fixed64Field(sdpCount, dp.Count)
		e.doubleField(sdpSum, dp.Sum)
		for _, q := range dp.QuantileValues {
			qm := e.begin(sdpQuantiles, resSmall)
			e.doubleField(quantileQuantile, q.Quantile)
			e.doubleField(quantileValue, q.Value)
			e.end(qm)
		}
		e.attrSet(sdpAttrs, &dp.Attributes)
		e.end(m)
	}
}

func exemplars[N int64 | float64](e *encoder, field int, exs []metricdata.Exemplar[N], isInt bool) {
	for i := range exs {
		ex := &exs[i]
		m := e.begin(field, resSmall)
		e.fixed64Field(exTime, unixNano(ex.Time))
		number(e, exAsInt, exAsDouble, ex.Value, isInt)
		e.bytesField(exSpanID, ex.SpanID)
		e.bytesField(exTraceID, ex.TraceID)
		e.keyValues(exAttrs, ex.FilteredAttributes)
		e.end(m)
	}
}
