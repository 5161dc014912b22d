package sarama

import (
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"gotel.dev/runtime/instr/instrtest"
)

// setup installs an in-memory SDK and the W3C propagator as the globals.
func setup(t *testing.T) (*tracetest.SpanRecorder, *sdkmetric.ManualReader) {
	t.Helper()
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return instrtest.Setup(t)
}

func attrs(kv []attribute.KeyValue) map[string]string { return instrtest.Attrs(kv) }

func metricNames(t *testing.T, rd *sdkmetric.ManualReader) map[string]float64 {
	return instrtest.MetricTotals(t, rd)
}
