package goredis

import (
	"testing"

	"github.com/redis/go-redis/v9"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"gotel.dev/runtime/instr/instrtest"
)

const redisAddr = "127.0.0.1:6379"

// The woven build's injected file (inject/options.go.txt) registers the
// accessor; the tests, built plainly, register the same one.
func init() {
	registerOptions(func(v any) (string, int, bool) {
		var o *redis.Options
		switch x := v.(type) {
		case *redis.Client:
			if x != nil {
				o = x.Options()
			}
		case *redis.Options:
			o = x
		case *redis.SentinelClient:
			return "", 0, x != nil
		}
		if o == nil {
			return "", 0, false
		}
		return o.Addr, o.DB, true
	})
}

func setup(t *testing.T) (*tracetest.SpanRecorder, *sdkmetric.ManualReader) {
	return instrtest.Setup(t)
}

func needRedis(t *testing.T) { instrtest.NeedService(t, "redis", redisAddr) }

func attrs(kv []attribute.KeyValue) map[string]string { return instrtest.Attrs(kv) }

func durationPoints(t *testing.T, rd *sdkmetric.ManualReader) []metricdata.HistogramDataPoint[float64] {
	return instrtest.HistogramPoints(t, rd, "db.client.operation.duration")
}
