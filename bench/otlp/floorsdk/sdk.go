// Package floorsdk is the least a program must link to send traces and
// metrics through the official OpenTelemetry Go SDK over OTLP/HTTP: a tracer
// provider and a meter provider with their default resource, batching, and
// the lightest OTLP/HTTP exporter there is (gotel's). No propagators, no
// console exporter, no configuration from the environment, no semantic
// conventions beyond one attribute. The build benchmark links it into hello
// to measure the edit-build cost of linking an SDK at all.
package floorsdk

import (
	"context"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/otlphttp"
)

// Wrap starts the SDK and returns h wrapped so that every request gets a
// server span and a duration measurement.
func Wrap(h http.Handler) http.Handler {
	ctx := context.Background()
	texp, _ := otlphttp.NewTraceExporter(ctx)
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(texp))
	mexp, _ := otlphttp.NewMetricExporter(ctx)
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(mexp)))
	tr := tp.Tracer("floor")
	dur, _ := mp.Meter("floor").Float64Histogram("http.server.request.duration", metric.WithUnit("s"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, sp := tr.Start(r.Context(), r.Method, trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", r.Method)))
		h.ServeHTTP(w, r.WithContext(ctx))
		sp.End()
		dur.Record(ctx, time.Since(start).Seconds())
	})
}
