package otlpreceiver

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// emit makes a parent and a child span with the given exporter and shuts
// the provider down (which flushes).
func emit(t *testing.T, exp sdktrace.SpanExporter) (parent, child trace.SpanContext) {
	t.Helper()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", "recv-test"))),
	)
	tr := tp.Tracer("test/scope", trace.WithInstrumentationVersion("1.2.3"))
	ctx, p := tr.Start(context.Background(), "parent", trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(attribute.String("s", "x"), attribute.Int("i", 7), attribute.Bool("b", true),
			attribute.Float64("f", 1.5), attribute.StringSlice("list", []string{"a", "b"})))
	_, c := tr.Start(ctx, "child", trace.WithSpanKind(trace.SpanKindClient))
	c.RecordError(errors.New("bad"))
	c.SetStatus(codes.Error, "it failed")
	c.End()
	p.End()
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return p.SpanContext(), c.SpanContext()
}

func checkSpans(t *testing.T, r *Receiver, parent, child trace.SpanContext, transport string) {
	t.Helper()
	p := r.WaitForSpan(t, Named("parent"))
	c := r.WaitForSpan(t, func(s Span) bool { return s.Name() == "child" && s.Kind() == "client" })
	if p.Kind() != "server" || p.TraceID() != parent.TraceID().String() || p.SpanID() != parent.SpanID().String() || p.ParentSpanID() != "" {
		t.Errorf("parent: %s", p)
	}
	if c.ParentSpanID() != p.SpanID() || c.TraceID() != p.TraceID() || c.SpanID() != child.SpanID().String() {
		t.Errorf("child not linked to parent: %s", c)
	}
	a := p.Attrs()
	if a["s"] != "x" || a["i"] != int64(7) || a["b"] != true || a["f"] != 1.5 || len(a["list"].([]any)) != 2 || p.Attr("nope") != nil {
		t.Errorf("attributes %v", a)
	}
	if c.StatusCode() != "error" || c.StatusMessage() != "it failed" || p.StatusCode() != "unset" {
		t.Errorf("status: child %s %q, parent %s", c.StatusCode(), c.StatusMessage(), p.StatusCode())
	}
	ev := c.Events()
	if len(ev) != 1 || ev[0].Name != "exception" || ev[0].Attrs["exception.message"] != "bad" {
		t.Errorf("events %v", ev)
	}
	if p.Resource["service.name"] != "recv-test" || p.Scope != "test/scope" || p.ScopeVersion != "1.2.3" {
		t.Errorf("resource %v scope %q %q", p.Resource, p.Scope, p.ScopeVersion)
	}
	if p.Transport != transport {
		t.Errorf("transport %q, want %q", p.Transport, transport)
	}
}

func TestHTTPProtobufTraces(t *testing.T) {
	r := Start(t)
	exp, err := otlptracehttp.New(context.Background(),
		otlptracehttp.WithEndpointURL(r.HTTPEndpoint+"/v1/traces"))
	if err != nil {
		t.Fatal(err)
	}
	p, c := emit(t, exp)
	checkSpans(t, r, p, c, "http/protobuf")
	if n := r.Requests()["http /v1/traces"]; n < 1 {
		t.Errorf("requests %v", r.Requests())
	}
}

func TestHTTPGzipTraces(t *testing.T) {
	r := Start(t)
	exp, err := otlptracehttp.New(context.Background(),
		otlptracehttp.WithEndpointURL(r.HTTPEndpoint+"/v1/traces"),
		otlptracehttp.WithCompression(otlptracehttp.GzipCompression))
	if err != nil {
		t.Fatal(err)
	}
	p, c := emit(t, exp)
	checkSpans(t, r, p, c, "http/protobuf")
}

func TestGRPCTraces(t *testing.T) {
	r := Start(t)
	exp, err := otlptracegrpc.New(context.Background(),
		otlptracegrpc.WithEndpoint(r.GRPCEndpoint), otlptracegrpc.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	p, c := emit(t, exp)
	checkSpans(t, r, p, c, "grpc")
}

// The SDK's exporters read the same variables Env returns.
func TestEnvPointsTheSDKAtTheReceiver(t *testing.T) {
	r := Start(t)
	for _, kv := range r.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	exp, err := otlptracehttp.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, c := emit(t, exp)
	checkSpans(t, r, p, c, "http/protobuf")
}

func TestHTTPMetrics(t *testing.T) {
	r := Start(t)
	exp, err := otlpmetrichttp.New(context.Background(), otlpmetrichttp.WithEndpointURL(r.HTTPEndpoint+"/v1/metrics"))
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exp)))
	h, _ := mp.Meter("m").Float64Histogram("req.duration", metric.WithUnit("s"))
	h.Record(context.Background(), 0.25)
	h.Record(context.Background(), 2)
	cnt, _ := mp.Meter("m").Int64Counter("hits")
	cnt.Add(context.Background(), 3)
	if err := mp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	m := r.WaitForMetric(t, func(m Metric) bool { return m.Name() == "req.duration" })
	dp := m.DataPoints()
	if m.Type() != "histogram" || m.Unit() != "s" || len(dp) != 1 || dp[0].Count != 2 || dp[0].Sum != 2.25 || len(dp[0].Bounds) == 0 {
		t.Errorf("histogram %s %q %+v", m.Type(), m.Unit(), dp)
	}
	c := r.WaitForMetric(t, func(m Metric) bool { return m.Name() == "hits" })
	if c.Type() != "sum" || c.DataPoints()[0].Value != 3 {
		t.Errorf("counter %s %+v", c.Type(), c.DataPoints())
	}
}

// OTLP/JSON, with its hex IDs, as a collector would accept it.
func TestHTTPJSONTraces(t *testing.T) {
	r := Start(t)
	body := `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json"}}]},
	 "scopeSpans":[{"scope":{"name":"js"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
	 "parentSpanId":"eee19b7ec3c1b173","name":"j","kind":2,"startTimeUnixNano":"1544712660000000000",
	 "endTimeUnixNano":"1544712661000000000","attributes":[{"key":"n","value":{"intValue":"9007199254740993"}}],
	 "status":{"code":2}}]}]}]}`
	resp, err := http.Post(r.HTTPEndpoint+"/v1/traces", "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := r.WaitForSpan(t, Named("j"))
	if s.TraceID() != "5b8efff798038103d269b633813fc60c" || s.SpanID() != "eee19b7ec3c1b174" ||
		s.ParentSpanID() != "eee19b7ec3c1b173" || s.Kind() != "server" || s.StatusCode() != "error" ||
		s.Attr("n") != int64(9007199254740993) || s.Transport != "http/json" || s.Resource["service.name"] != "json" {
		t.Errorf("decoded %s", s)
	}
}

// A wait that cannot succeed fails the test (bounded), listing what came.
func TestWaitTimesOut(t *testing.T) {
	r := Start(t)
	r.Timeout = 50 * time.Millisecond
	ft := &fakeT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.WaitForSpan(ft, Named("never"))
	}()
	<-done
	if !ft.failed || !strings.Contains(ft.msg, "no 1 matching span(s)") {
		t.Errorf("wait did not fail as expected: %q", ft.msg)
	}
}

func TestBadRequestIsReported(t *testing.T) {
	r := &Receiver{changed: make(chan struct{}), requests: map[string]int{}}
	rec := httptest.NewRecorder()
	req, _ := http.NewRequest("POST", "/v1/traces", strings.NewReader("garbage"))
	req.Header.Set("Content-Type", "application/x-protobuf")
	r.handleTraces(rec, req)
	if rec.Code != http.StatusBadRequest || len(r.errs) != 1 {
		t.Errorf("code %d errs %v", rec.Code, r.errs)
	}
}

// A client that goes away mid-body (an SDK cancelling an export at
// shutdown) is not a bad request; a gzip stream cut short inside a body
// that did arrive whole is.
func TestAbandonedRequestIsNotAnError(t *testing.T) {
	r := &Receiver{changed: make(chan struct{}), requests: map[string]int{}}
	req, _ := http.NewRequest("POST", "/v1/metrics", io.MultiReader(strings.NewReader("\x0a\x05ab"), iotest.ErrReader(io.ErrUnexpectedEOF)))
	req.Header.Set("Content-Type", "application/x-protobuf")
	r.handleMetrics(httptest.NewRecorder(), req)
	if r.Abandoned() != 1 || len(r.errs) != 0 {
		t.Errorf("cut-off request: abandoned %d, errs %v", r.Abandoned(), r.errs)
	}

	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(bytes.Repeat([]byte{0x0a, 0x00}, 100))
	zw.Close()
	req, _ = http.NewRequest("POST", "/v1/metrics", bytes.NewReader(zipped.Bytes()[:zipped.Len()/2]))
	req.Header.Set("Content-Type", "application/x-protobuf")
	req.Header.Set("Content-Encoding", "gzip")
	r.handleMetrics(httptest.NewRecorder(), req)
	if r.Abandoned() != 1 || len(r.errs) != 1 {
		t.Errorf("truncated gzip: abandoned %d, errs %v", r.Abandoned(), r.errs)
	}
}

type fakeT struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed = true
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
