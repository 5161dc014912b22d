package otlphttp

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"gotel.dev/runtime/hook"
)

// sink is a loopback OTLP receiver. Each request is decoded and recorded;
// respond decides the answer for the n-th request (0-based).
type sink struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []*http.Request
	bodies  [][]byte
	respond func(n int, w http.ResponseWriter, r *http.Request)
}

func newSink(t *testing.T, respond func(n int, w http.ResponseWriter, r *http.Request)) *sink {
	s := &sink{t: t, respond: respond}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rd io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				t.Errorf("bad gzip: %v", err)
				w.WriteHeader(400)
				return
			}
			rd = zr
		}
		body, err := io.ReadAll(rd)
		if err != nil {
			t.Errorf("reading body: %v", err)
		}
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, r)
		s.bodies = append(s.bodies, body)
		s.mu.Unlock()
		if s.respond != nil {
			s.respond(n, w, r)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

func (s *sink) req(i int) *http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs[i]
}

func (s *sink) body(i int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bodies[i]
}

func (s *sink) traces(i int) *coltracepb.ExportTraceServiceRequest {
	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(s.body(i), &req); err != nil {
		s.t.Fatalf("request %d does not decode: %v", i, err)
	}
	return &req
}

func spanCount(req *coltracepb.ExportTraceServiceRequest) int {
	n := 0
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			n += len(ss.Spans)
		}
	}
	return n
}

// testExporter builds a trace exporter for env whose waits are recorded
// instead of slept.
func testExporter(t *testing.T, env map[string]string) (*TraceExporter, *[]time.Duration) {
	t.Helper()
	cfg := loadConfig(sigTraces, envOf(env))
	if len(cfg.warnings) != 0 {
		t.Fatalf("config warnings: %v", cfg.warnings)
	}
	e := newTraceExporter(cfg)
	var mu sync.Mutex
	waits := &[]time.Duration{}
	e.c.wait = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		*waits = append(*waits, d)
		return ctx.Err()
	}
	e.c.report = func(err error) { t.Errorf("unexpected report: %v", err) }
	t.Cleanup(func() { _ = e.Shutdown(context.Background()) })
	return e, waits
}

func TestExportRequestShape(t *testing.T) {
	s := newSink(t, nil)
	e, _ := testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL + "/base",
		"OTEL_EXPORTER_OTLP_HEADERS":  "authorization=Bearer%20tok,x-tenant=t1",
	})
	spans := makeSpans(t)
	if err := e.ExportSpans(context.Background(), spans); err != nil {
		t.Fatal(err)
	}
	if s.count() != 1 {
		t.Fatalf("%d requests", s.count())
	}
	r := s.req(0)
	if r.Method != http.MethodPost || r.URL.Path != "/base/v1/traces" {
		t.Errorf("%s %s", r.Method, r.URL.Path)
	}
	for k, want := range map[string]string{
		"Content-Type":  "application/x-protobuf",
		"Authorization": "Bearer tok",
		"X-Tenant":      "t1",
	} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "gotel OTLP Exporter Go/") {
		t.Errorf("User-Agent = %q", ua)
	}
	if r.Header.Get("Content-Encoding") != "" {
		t.Error("compressed without being asked")
	}
	if n := spanCount(s.traces(0)); n != len(spans) {
		t.Errorf("collector got %d spans, want %d", n, len(spans))
	}
	// Nothing to send: no request.
	if err := e.ExportSpans(context.Background(), nil); err != nil || s.count() != 1 {
		t.Errorf("empty export: err=%v requests=%d", err, s.count())
	}
}

func TestPerSignalEndpointUsedAsIs(t *testing.T) {
	s := newSink(t, nil)
	e, _ := testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT":        "http://127.0.0.1:1", // must not be used
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": s.srv.URL + "/my/traces",
	})
	if err := e.ExportSpans(context.Background(), makeSpans(t)[:1]); err != nil {
		t.Fatal(err)
	}
	if p := s.req(0).URL.Path; p != "/my/traces" {
		t.Errorf("path %q", p)
	}
}

func TestGzip(t *testing.T) {
	s := newSink(t, nil)
	e, _ := testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": s.srv.URL + "/v1/traces",
		"OTEL_EXPORTER_OTLP_COMPRESSION":     "gzip",
	})
	spans := makeSpans(t)
	for i := 0; i < 3; i++ { // pooled writers and buffers are reused
		if err := e.ExportSpans(context.Background(), spans); err != nil {
			t.Fatal(err)
		}
		if s.req(i).Header.Get("Content-Encoding") != "gzip" {
			t.Fatal("no Content-Encoding: gzip")
		}
		if n := spanCount(s.traces(i)); n != len(spans) {
			t.Fatalf("got %d spans", n)
		}
	}
}

func TestSuppressedContextOnRequest(t *testing.T) {
	s := newSink(t, nil)
	e, _ := testExporter(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL})
	var marked, seen atomic.Int32
	inner := e.c.http.Transport
	e.c.http.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen.Add(1)
		if hook.Suppressed(r.Context()) {
			marked.Add(1)
		}
		return inner.RoundTrip(r)
	})
	if err := e.ExportSpans(context.Background(), makeSpans(t)); err != nil {
		t.Fatal(err)
	}
	if seen.Load() != 1 || marked.Load() != 1 {
		t.Errorf("requests %d, suppressed %d", seen.Load(), marked.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRetryHonoursRetryAfter(t *testing.T) {
	s := newSink(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 0:
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusServiceUnavailable)
		case 1:
			w.WriteHeader(http.StatusTooManyRequests) // no Retry-After: backoff
		case 2:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusBadGateway)
		case 3:
			w.WriteHeader(http.StatusGatewayTimeout)
		}
	})
	e, waits := testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL,
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "60000",
	})
	spans := makeSpans(t)
	if err := e.ExportSpans(context.Background(), spans); err != nil {
		t.Fatal(err)
	}
	if s.count() != 5 {
		t.Fatalf("%d attempts, want 5", s.count())
	}
	w := *waits
	if len(w) != 4 || w[0] != 7*time.Second || w[2] != 0 {
		t.Fatalf("waits %v", w)
	}
	// Jittered exponential backoff: [b/2, 3b/2) with b doubling.
	if w[1] < initialBackoff/2 || w[1] >= 3*initialBackoff/2 ||
		w[3] < initialBackoff || w[3] >= 3*initialBackoff {
		t.Errorf("backoff waits %v", w)
	}
	for i := 0; i < 5; i++ {
		if n := spanCount(s.traces(i)); n != len(spans) {
			t.Errorf("attempt %d carried %d spans", i, n)
		}
	}
}

func TestRetryAfterPastDeadlineGivesUp(t *testing.T) {
	s := newSink(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	e, waits := testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL,
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "5000",
	})
	err := e.ExportSpans(context.Background(), makeSpans(t)[:1])
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != 503 {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 1 || len(*waits) != 0 {
		t.Errorf("attempts %d waits %v: should give up without waiting", s.count(), *waits)
	}
}

func TestRetryConnectionErrors(t *testing.T) {
	s := newSink(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 0 {
			// Drop the connection without an answer.
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		}
	})
	e, waits := testExporter(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL})
	if err := e.ExportSpans(context.Background(), makeSpans(t)[:1]); err != nil {
		t.Fatal(err)
	}
	if s.count() != 2 || len(*waits) != 1 {
		t.Errorf("attempts %d waits %v", s.count(), *waits)
	}
}

func TestConnectionRefusedIsNotRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there any more
	e, waits := testExporter(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": closed})
	err = e.ExportSpans(context.Background(), makeSpans(t)[:1])
	if !connRefused(err) {
		t.Fatalf("err = %v, want connection refused", err)
	}
	if len(*waits) != 0 {
		t.Errorf("waited %v before giving up on a refused connection", *waits)
	}
}

func TestNonRetryable(t *testing.T) {
	s := newSink(t, func(n int, w http.ResponseWriter, r *http.Request) {
		// google.rpc.Status{code: 3, message: "bad span"}
		var st []byte
		st = protowire.AppendTag(st, 1, protowire.VarintType)
		st = protowire.AppendVarint(st, 3)
		st = protowire.AppendTag(st, 2, protowire.BytesType)
		st = protowire.AppendString(st, "bad span")
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(st)
	})
	e, waits := testExporter(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL})
	err := e.ExportSpans(context.Background(), makeSpans(t)[:1])
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != 400 || he.Message != "bad span" {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 1 || len(*waits) != 0 {
		t.Errorf("retried a 400: attempts %d", s.count())
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	s := newSink(t, func(n int, w http.ResponseWriter, r *http.Request) {
		select { // hold the request until the client gives up
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	e, _ := testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL,
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "100",
	})
	start := time.Now()
	err := e.ExportSpans(context.Background(), makeSpans(t)[:1])
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("export took %v with a 100ms timeout", d)
	}
}

func TestPartialSuccess(t *testing.T) {
	resp, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{
		PartialSuccess: &coltracepb.ExportTracePartialSuccess{RejectedSpans: 2, ErrorMessage: "too old"},
	})
	s := newSink(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(resp)
	})
	e, _ := testExporter(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL})
	var reports []error
	e.c.report = func(err error) { reports = append(reports, err) }
	if err := e.ExportSpans(context.Background(), makeSpans(t)); err != nil {
		t.Fatalf("partial success is not a failure: %v", err)
	}
	var ps *PartialSuccessError
	if len(reports) != 1 || !errors.As(reports[0], &ps) || ps.Rejected != 2 || ps.Message != "too old" {
		t.Fatalf("reports %v", reports)
	}
	// An empty partial_success (full success) is not reported.
	resp, _ = proto.Marshal(&coltracepb.ExportTraceServiceResponse{PartialSuccess: &coltracepb.ExportTracePartialSuccess{}})
	if err := e.ExportSpans(context.Background(), makeSpans(t)); err != nil || len(reports) != 1 {
		t.Fatalf("err %v reports %v", err, reports)
	}
}

func TestShutdown(t *testing.T) {
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	s := newSink(t, func(n int, w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	e, _ := testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": s.srv.URL,
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "0", // only Shutdown can end the export
	})
	done := make(chan error, 1)
	go func() { done <- e.ExportSpans(context.Background(), makeSpans(t)[:1]) }()
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("export never reached the server")
	}
	if err := e.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("in-flight export: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Shutdown did not abort the in-flight export")
	}
	if err := e.ExportSpans(context.Background(), makeSpans(t)[:1]); !errors.Is(err, errShutdown) {
		t.Errorf("export after shutdown: %v", err)
	}
	if s.count() != 1 {
		t.Errorf("requests after shutdown: %d", s.count())
	}
	if err := e.Shutdown(context.Background()); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.ForceFlush(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("ForceFlush with a done context: %v", err)
	}
}

func TestConcurrentExports(t *testing.T) {
	s := newSink(t, nil)
	e, _ := testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT":    s.srv.URL,
		"OTEL_EXPORTER_OTLP_COMPRESSION": "gzip",
	})
	spans := makeSpans(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				if err := e.ExportSpans(context.Background(), spans); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for i := 0; i < s.count(); i++ {
		if n := spanCount(s.traces(i)); n != len(spans) {
			t.Fatalf("request %d: %d spans", i, n)
		}
	}
}

func TestMetricExporterEndToEnd(t *testing.T) {
	resp, _ := proto.Marshal(&colmetricpb.ExportMetricsServiceResponse{
		PartialSuccess: &colmetricpb.ExportMetricsPartialSuccess{RejectedDataPoints: 1, ErrorMessage: "nan"},
	})
	s := newSink(t, func(n int, w http.ResponseWriter, r *http.Request) { _, _ = w.Write(resp) })
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", s.srv.URL+"/v1/metrics")
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "delta")
	exp, err := NewMetricExporter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	e := exp.(*MetricExporter)
	var reports []error
	e.c.report = func(err error) { reports = append(reports, err) }

	rm := collectMetrics(t, e.Temporality)
	if err := e.Export(context.Background(), rm); err != nil {
		t.Fatal(err)
	}
	if s.count() != 1 || s.req(0).URL.Path != "/v1/metrics" {
		t.Fatalf("requests %d", s.count())
	}
	var got colmetricpb.ExportMetricsServiceRequest
	if err := proto.Unmarshal(s.body(0), &got); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sm := range got.ResourceMetrics[0].ScopeMetrics {
		n += len(sm.Metrics)
	}
	want := 0
	for _, sm := range rm.ScopeMetrics {
		want += len(sm.Metrics)
	}
	if n != want || n == 0 {
		t.Errorf("collector got %d metrics, want %d", n, want)
	}
	var ps *PartialSuccessError
	if len(reports) != 1 || !errors.As(reports[0], &ps) || ps.Rejected != 1 || ps.What != "data points" {
		t.Errorf("reports %v", reports)
	}

	if err := e.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := e.Export(context.Background(), rm); !errors.Is(err, errShutdown) {
		t.Errorf("export after shutdown: %v", err)
	}
	if s.count() != 1 {
		t.Errorf("exported after shutdown")
	}
}

func TestNewTraceExporterFromEnv(t *testing.T) {
	s := newSink(t, nil)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", s.srv.URL)
	exp, err := NewTraceExporter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Shutdown(context.Background())
	if err := exp.ExportSpans(context.Background(), makeSpans(t)); err != nil {
		t.Fatal(err)
	}
	if s.count() != 1 || s.req(0).URL.Path != "/v1/traces" {
		t.Errorf("requests %d", s.count())
	}
}
