package otlphttp

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"

	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// MetricExporter sends metrics as OTLP/HTTP protobuf.
type MetricExporter struct {
	c           *client
	temporality sdkmetric.TemporalitySelector
	aggregation sdkmetric.AggregationSelector
}

var _ sdkmetric.Exporter = (*MetricExporter)(nil)

// NewMetricExporter returns a metric exporter configured from the
// OTEL_EXPORTER_OTLP_* environment variables, including
// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE and
// OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION.
func NewMetricExporter(ctx context.Context) (sdkmetric.Exporter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg := loadConfig(sigMetrics, os.Getenv)
	e := newMetricExporter(cfg, os.Getenv)
	for _, w := range e.c.cfg.warnings {
		otel.Handle(w)
	}
	return e, nil
}

func newMetricExporter(cfg config, getenv func(string) string) *MetricExporter {
	e := &MetricExporter{
		c:           newClient(cfg, "data points"),
		temporality: sdkmetric.CumulativeTemporalitySelector,
		aggregation: sdkmetric.DefaultAggregationSelector,
	}
	const tp = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"
	switch v := strings.ToLower(strings.TrimSpace(getenv(tp))); v {
	case "", "cumulative":
	case "delta":
		e.temporality = sdkmetric.DeltaTemporalitySelector
	case "lowmemory":
		e.temporality = sdkmetric.LowMemoryTemporalitySelector
	default:
		e.c.cfg.warnings = append(e.c.cfg.warnings, errors.New("otlphttp: ignoring "+tp+"="+v+": want cumulative, delta or lowmemory"))
	}
	const ha = "OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION"
	switch v := strings.ToLower(strings.TrimSpace(getenv(ha))); v {
	case "", "explicit_bucket_histogram":
	case "base2_exponential_bucket_histogram":
		e.aggregation = exponentialHistograms
	default:
		e.c.cfg.warnings = append(e.c.cfg.warnings, errors.New("otlphttp: ignoring "+ha+"="+v+": want explicit_bucket_histogram or base2_exponential_bucket_histogram"))
	}
	return e
}

// exponentialHistograms selects the spec's default base2 exponential
// histogram (160 buckets, max scale 20) for histogram instruments.
func exponentialHistograms(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	if k == sdkmetric.InstrumentKindHistogram {
		return sdkmetric.AggregationBase2ExponentialHistogram{MaxSize: 160, MaxScale: 20}
	}
	return sdkmetric.DefaultAggregationSelector(k)
}

// Temporality implements sdkmetric.Exporter.
func (e *MetricExporter) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	return e.temporality(k)
}

// Aggregation implements sdkmetric.Exporter.
func (e *MetricExporter) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return e.aggregation(k)
}

var metricEncoders = sync.Pool{New: func() any { return new(encoder) }}

// Export encodes rm into one ExportMetricsServiceRequest and posts it.
// Metrics of unknown aggregation or temporality are left out and reported
// in the returned error; the rest is still sent.
func (e *MetricExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	if e.c.closed.Load() {
		return errShutdown
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if rm == nil || len(rm.ScopeMetrics) == 0 {
		return nil
	}
	enc := metricEncoders.Get().(*encoder)
	encErr := enc.encodeMetrics(rm)
	reusable, err := e.c.send(ctx, enc.b)
	if !reusable || cap(enc.b) > maxPooledBuf {
		enc.b = nil
	} else {
		enc.b = enc.b[:0]
	}
	metricEncoders.Put(enc)
	return errors.Join(encErr, err)
}

// ForceFlush returns at once: the exporter buffers nothing.
func (e *MetricExporter) ForceFlush(ctx context.Context) error {
	return ctx.Err()
}

// Shutdown aborts in-flight exports; later exports fail.
func (e *MetricExporter) Shutdown(ctx context.Context) error {
	return e.c.shutdown(ctx)
}
