package goredisv8

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"gotel.dev/runtime/instr/instrtest"
)

const redisAddr = "127.0.0.1:6379"

func setup(t *testing.T) (*tracetest.SpanRecorder, *sdkmetric.ManualReader) {
	return instrtest.Setup(t)
}

func needRedis(t *testing.T) { instrtest.NeedService(t, "redis", redisAddr) }

func attrs(kv []attribute.KeyValue) map[string]string { return instrtest.Attrs(kv) }

func durationPoints(t *testing.T, rd *sdkmetric.ManualReader) []metricdata.HistogramDataPoint[float64] {
	return instrtest.HistogramPoints(t, rd, "db.client.operation.duration")
}
