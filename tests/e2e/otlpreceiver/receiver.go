// Package otlpreceiver is an in-test OTLP receiver for end-to-end tests: it
// listens on free loopback ports for OTLP/HTTP (protobuf and JSON, gzip or
// not: /v1/traces, /v1/metrics, /v1/logs) and OTLP/gRPC (trace, metrics and
// logs services), keeps everything it receives, and lets a test wait —
// bounded, on a condition — for the telemetry it expects.
package otlpreceiver

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	collogs "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetrics "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
)

// DefaultTimeout bounds every Wait* call unless Receiver.Timeout is set.
const DefaultTimeout = 20 * time.Second

// Receiver collects OTLP data. Its methods are safe for concurrent use.
type Receiver struct {
	// HTTPEndpoint is the OTLP/HTTP base URL ("http://127.0.0.1:port");
	// signals go to HTTPEndpoint+"/v1/traces" etc.
	HTTPEndpoint string
	// GRPCEndpoint is the OTLP/gRPC address ("127.0.0.1:port").
	GRPCEndpoint string
	// Timeout bounds the Wait* calls (DefaultTimeout when zero).
	Timeout time.Duration

	httpSrv *http.Server
	grpcSrv *grpc.Server

	mu        sync.Mutex
	changed   chan struct{} // closed (and replaced) whenever data arrives
	spans     []Span
	metrics   []Metric
	logs      []LogRecord
	requests  map[string]int // "http /v1/traces", "grpc traces", ...
	errs      []string       // requests the receiver could not decode
	abandoned int            // requests cut off by their client
}

// Start starts a receiver that stops when the test ends. A request the
// receiver cannot decode fails the test at its end.
func Start(t testing.TB) *Receiver {
	t.Helper()
	r := &Receiver{changed: make(chan struct{}), requests: map[string]int{}}

	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("otlpreceiver: %v", err)
	}
	gl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		hl.Close()
		t.Fatalf("otlpreceiver: %v", err)
	}
	r.HTTPEndpoint = "http://" + hl.Addr().String()
	r.GRPCEndpoint = gl.Addr().String()

	mux := http.NewServeMux()
	mux.HandleFunc("/v1/traces", r.handleTraces)
	mux.HandleFunc("/v1/metrics", r.handleMetrics)
	mux.HandleFunc("/v1/logs", r.handleLogs)
	r.httpSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go r.httpSrv.Serve(hl)

	r.grpcSrv = grpc.NewServer()
	coltrace.RegisterTraceServiceServer(r.grpcSrv, traceService{r: r})
	colmetrics.RegisterMetricsServiceServer(r.grpcSrv, metricsService{r: r})
	collogs.RegisterLogsServiceServer(r.grpcSrv, logsService{r: r})
	go r.grpcSrv.Serve(gl)

	t.Cleanup(func() {
		r.Close()
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, e := range r.errs {
			t.Errorf("otlpreceiver: %s", e)
		}
	})
	return r
}

// Close stops both servers (also done when the test ends).
func (r *Receiver) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.httpSrv.Shutdown(ctx)
	r.grpcSrv.Stop()
}

// Env returns the environment that points an OpenTelemetry SDK (gotel's
// included) at this receiver over OTLP/HTTP protobuf, with short export
// delays so that tests do not wait for the default 5 s / 60 s intervals.
func (r *Receiver) Env() []string {
	return []string{
		"OTEL_EXPORTER_OTLP_ENDPOINT=" + r.HTTPEndpoint,
		"OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
		"OTEL_BSP_SCHEDULE_DELAY=100",
		"OTEL_BLRP_SCHEDULE_DELAY=100",
		"OTEL_METRIC_EXPORT_INTERVAL=200",
	}
}

// GRPCEnv is Env for OTLP/gRPC.
func (r *Receiver) GRPCEnv() []string {
	return []string{
		"OTEL_EXPORTER_OTLP_ENDPOINT=http://" + r.GRPCEndpoint,
		"OTEL_EXPORTER_OTLP_INSECURE=true",
		"OTEL_EXPORTER_OTLP_PROTOCOL=grpc",
		"OTEL_BSP_SCHEDULE_DELAY=100",
		"OTEL_BLRP_SCHEDULE_DELAY=100",
		"OTEL_METRIC_EXPORT_INTERVAL=200",
	}
}

// Spans returns a copy of every span received so far, in arrival order.
func (r *Receiver) Spans() []Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Span(nil), r.spans...)
}

// Metrics returns every metric received so far (one entry per metric per
// export, so cumulative metrics appear once per export).
func (r *Receiver) Metrics() []Metric {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Metric(nil), r.metrics...)
}

// Logs returns every log record received so far.
func (r *Receiver) Logs() []LogRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]LogRecord(nil), r.logs...)
}

// Requests returns how many export requests arrived per transport and
// signal: keys "http /v1/traces", "grpc metrics", ...
func (r *Receiver) Requests() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := make(map[string]int, len(r.requests))
	for k, v := range r.requests {
		m[k] = v
	}
	return m
}

// Reset forgets everything received so far.
func (r *Receiver) Reset() {
	r.mu.Lock()
	r.spans, r.metrics, r.logs = nil, nil, nil
	r.requests = map[string]int{}
	r.mu.Unlock()
}

// WaitForSpan waits until a span satisfying match has arrived and returns
// the first one; the test fails (listing what did arrive) on timeout.
func (r *Receiver) WaitForSpan(t testing.TB, match func(Span) bool) Span {
	t.Helper()
	return r.WaitForSpans(t, 1, match)[0]
}

// WaitForSpans waits until at least n spans satisfy match and returns all
// of those received by then.
func (r *Receiver) WaitForSpans(t testing.TB, n int, match func(Span) bool) []Span {
	t.Helper()
	var got []Span
	r.waitFor(t, fmt.Sprintf("%d matching span(s)", n), func() bool {
		got = got[:0]
		for _, s := range r.spans {
			if match == nil || match(s) {
				got = append(got, s)
			}
		}
		return len(got) >= n
	}, r.describeSpans)
	return got
}

// WaitForMetric waits until a metric satisfying match has arrived and
// returns the latest such one.
func (r *Receiver) WaitForMetric(t testing.TB, match func(Metric) bool) Metric {
	t.Helper()
	var got Metric
	r.waitFor(t, "a matching metric", func() bool {
		for i := len(r.metrics) - 1; i >= 0; i-- {
			if match(r.metrics[i]) {
				got = r.metrics[i]
				return true
			}
		}
		return false
	}, r.describeMetrics)
	return got
}

// WaitForLog waits until a log record satisfying match has arrived.
func (r *Receiver) WaitForLog(t testing.TB, match func(LogRecord) bool) LogRecord {
	t.Helper()
	var got LogRecord
	r.waitFor(t, "a matching log record", func() bool {
		for _, l := range r.logs {
			if match(l) {
				got = l
				return true
			}
		}
		return false
	}, func() string { return fmt.Sprintf("%d log records", len(r.logs)) })
	return got
}

// Named matches spans by name.
func Named(name string) func(Span) bool {
	return func(s Span) bool { return s.Name() == name }
}

// waitFor evaluates cond (under the lock) whenever data arrives, until it
// holds or the timeout expires.
func (r *Receiver) waitFor(t testing.TB, what string, cond func() bool, describe func() string) {
	t.Helper()
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		r.mu.Lock()
		ok := cond()
		ch := r.changed
		desc := ""
		if !ok {
			desc = describe()
		}
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("otlpreceiver: no %s after %v; received: %s", what, timeout, desc)
			return
		}
	}
}

// describeSpans lists what arrived, for a failing wait. Called locked.
func (r *Receiver) describeSpans() string {
	if len(r.spans) == 0 {
		return "no spans"
	}
	var b strings.Builder
	for i, s := range r.spans {
		if i == 30 {
			fmt.Fprintf(&b, "\n  ... %d more", len(r.spans)-i)
			break
		}
		fmt.Fprintf(&b, "\n  %s", s)
	}
	return b.String()
}

func (r *Receiver) describeMetrics() string {
	names := map[string]bool{}
	for _, m := range r.metrics {
		names[m.Name()] = true
	}
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	sort.Strings(list)
	return fmt.Sprintf("metrics %v", list)
}

// notify wakes waiters. Called locked.
func (r *Receiver) notify() {
	close(r.changed)
	r.changed = make(chan struct{})
}
