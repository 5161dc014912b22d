// Package otlp benchmarks gotel's OTLP/HTTP trace exporter against the
// official otlptracehttp: encode and send 512-span batches to a loopback
// sink. See bench/README.md for the numbers.
package otlp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/otlphttp"
)

type collector struct {
	mu    sync.Mutex
	spans []sdktrace.ReadOnlySpan
}

func (c *collector) ExportSpans(_ context.Context, s []sdktrace.ReadOnlySpan) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.spans = append(c.spans, s...)
	return nil
}
func (c *collector) Shutdown(context.Context) error { return nil }

// httpSpans makes n spans shaped like an instrumented HTTP server's:
// semantic-convention attributes, one event on every 8th, parents for
// most, two instrumentation scopes.
func httpSpans(n int) []sdktrace.ReadOnlySpan {
	col := &collector{}
	res := resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
		attribute.String("service.name", "hello"), attribute.String("service.version", "1.0.0"),
		attribute.String("telemetry.sdk.language", "go"), attribute.String("host.name", "bench-host"),
		attribute.Int("process.pid", 4242))
	tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(sdktrace.NewSimpleSpanProcessor(col)))
	srv := tp.Tracer("gotel.dev/runtime/hooks/nethttp", trace.WithInstrumentationVersion("0.1.0"))
	cli := tp.Tracer("gotel.dev/runtime/hooks/nethttp/client", trace.WithInstrumentationVersion("0.1.0"))
	ctx := context.Background()
	for i := 0; i < n; i++ {
		c, s := srv.Start(ctx, "GET /users/{id}", trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(
				attribute.String("http.request.method", "GET"),
				attribute.String("url.path", fmt.Sprintf("/users/%d", i)),
				attribute.String("url.scheme", "http"),
				attribute.String("http.route", "/users/{id}"),
				attribute.Int("http.response.status_code", 200),
				attribute.String("server.address", "localhost"),
				attribute.Int("server.port", 8080),
				attribute.String("network.protocol.version", "1.1"),
				attribute.String("client.address", "127.0.0.1"),
				attribute.String("user_agent.original", "Go-http-client/1.1"),
			))
		if i%8 == 0 {
			s.AddEvent("cache miss", trace.WithAttributes(attribute.String("cache.key", "users"), attribute.Int("attempt", 1)))
		}
		if i%2 == 0 {
			_, cs := cli.Start(c, "GET", trace.WithSpanKind(trace.SpanKindClient),
				trace.WithAttributes(attribute.String("http.request.method", "GET"),
					attribute.String("url.full", "http://backend:9000/db"),
					attribute.Int("http.response.status_code", 200)))
			cs.End()
			i++
		}
		s.End()
	}
	return col.spans[:n]
}

// sink answers 200 with an empty body after reading the request, and
// remembers the size of the last one.
func sink(b *testing.B) (*httptest.Server, *atomic.Int64) {
	var size atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		size.Store(n)
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	}))
	b.Cleanup(srv.Close)
	return srv, &size
}

func BenchmarkExport512(b *testing.B) {
	spans := httpSpans(512)
	ctx := context.Background()
	run := func(b *testing.B, exp sdktrace.SpanExporter, size *atomic.Int64) {
		defer exp.Shutdown(ctx)
		if err := exp.ExportSpans(ctx, spans); err != nil { // warm the connection
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if err := exp.ExportSpans(ctx, spans); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(size.Load()), "req-bytes")
	}
	b.Run("gotel", func(b *testing.B) {
		srv, size := sink(b)
		b.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL)
		exp, err := otlphttp.NewTraceExporter(ctx)
		if err != nil {
			b.Fatal(err)
		}
		run(b, exp, size)
	})
	b.Run("official", func(b *testing.B) {
		srv, size := sink(b)
		exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(srv.URL+"/v1/traces"))
		if err != nil {
			b.Fatal(err)
		}
		run(b, exp, size)
	})
}
