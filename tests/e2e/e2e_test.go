package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"gotel.dev/tests/e2e/otlpreceiver"
)

// programEnv points a test program at the in-test receiver and makes the
// batch processor export quickly.
func programEnv(c collector, service string, extra ...string) []string {
	return append([]string{
		"OTEL_SERVICE_NAME=" + service,
		"OTEL_EXPORTER_OTLP_ENDPOINT=" + c.endpoint(),
		"OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
		"OTEL_TRACES_EXPORTER=otlp",
		"OTEL_METRICS_EXPORTER=none",
		"OTEL_LOGS_EXPORTER=none",
		"OTEL_BSP_SCHEDULE_DELAY=50",
		"OTEL_GO_DISABLED_INSTRUMENTATIONS=",
		"OTEL_GO_ENABLED_INSTRUMENTATIONS=",
		"OTEL_SDK_DISABLED=",
	}, extra...)
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 20 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// serverBins builds testdata/server once per test binary run: with gotel
// and, when asked, with plain go from the same directory (same paths).
var serverDir string

func serverBin(t *testing.T, instrumented bool) string {
	t.Helper()
	if serverDir == "" {
		serverDir = newModule(t, "server")
		// newModule's TempDir vanishes with t; keep the module for the run.
		keep, err := os.MkdirTemp("", "gotel-e2e-server-")
		if err != nil {
			t.Fatal(err)
		}
		if r := run(t, "", nil, "cp", "-a", serverDir+"/.", keep); r.code != 0 {
			t.Fatal(r.stderr)
		}
		serverDir = keep
	}
	bin := serverDir + "/bin-" + fmt.Sprint(instrumented)
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	return build(t, serverDir, instrumented)
}

func TestServerSpan(t *testing.T) {
	c := startCollector(t)
	p := start(t, serverBin(t, true), programEnv(c, "svc-a"))
	addr := p.listenAddr(t)
	if code, body := get(t, "http://"+addr+"/users/42?q=secret"); code != 200 || body != "user 42\n" {
		t.Fatalf("unexpected answer %d %q", code, body)
	}
	s := c.waitSpan(t, func(s span) bool { return s.Kind == "server" })
	if s.Name != "GET /users/{id}" {
		t.Errorf("span name = %q, want %q", s.Name, "GET /users/{id}")
	}
	want := map[string]string{
		"http.request.method":       "GET",
		"url.scheme":                "http",
		"url.path":                  "/users/42",
		"http.route":                "/users/{id}",
		"http.response.status_code": "200",
		"server.address":            "127.0.0.1",
		"network.protocol.version":  "1.1",
		"user_agent.original":       "Go-http-client/1.1",
	}
	for k, v := range want {
		if got, ok := s.Attrs[k]; !ok || got != v {
			t.Errorf("attribute %s = %q (present %v), want %q", k, got, ok, v)
		}
	}
	if port := s.Attrs["server.port"]; !strings.HasSuffix(addr, ":"+port) {
		t.Errorf("server.port = %q, listening on %s", port, addr)
	}
	if s.Status == statusError {
		t.Errorf("200 response must not set error status")
	}
	if s.Resource["service.name"] != "svc-a" {
		t.Errorf("service.name = %q", s.Resource["service.name"])
	}

	// 5xx sets the error status.
	if code, _ := get(t, "http://"+addr+"/fail"); code != 500 {
		t.Fatalf("/fail answered %d", code)
	}
	f := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == "/fail" })
	if f.Status != statusError || f.Attrs["http.response.status_code"] != "500" {
		t.Errorf("5xx span: status %d, code %q", f.Status, f.Attrs["http.response.status_code"])
	}
}

// Under the Go 1.21 ServeMux matcher (GODEBUG httpmuxgo121=1, also the
// default of a module whose go line is below 1.22), which sets no
// Request.Pattern, the server span still gets the pattern's route.
func TestGo121ServeMuxRoute(t *testing.T) {
	c := startCollector(t)
	p := start(t, serverBin(t, true), programEnv(c, "svc-mux121", "GODEBUG=httpmuxgo121=1"))
	addr := p.listenAddr(t)
	// "GET /greet" is a method and a path to Go 1.22's matcher, a host
	// name and a path to Go 1.21's: no request matches it.
	if code, _ := get(t, "http://"+addr+"/greet"); code != 404 {
		t.Fatalf("/greet answered %d: not the Go 1.21 matcher", code)
	}
	if code, _ := get(t, "http://"+addr+"/fail"); code != 500 {
		t.Fatalf("/fail answered %d", code)
	}
	s := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == "/fail" })
	if s.Name != "GET /fail" || s.Attrs["http.route"] != "/fail" {
		t.Errorf("span %q, http.route %q; want GET /fail, /fail", s.Name, s.Attrs["http.route"])
	}
}

// The server's request durations reach the receiver as the stable
// http.server.request.duration histogram, through the metric SDK boot
// builds (boot/internal/meters) and gotel's OTLP/HTTP metric exporter.
func TestServerMetrics(t *testing.T) {
	c := startCollector(t)
	env := programEnv(c, "svc-m", "OTEL_METRICS_EXPORTER=otlp", "OTEL_METRIC_EXPORT_INTERVAL=100")
	p := start(t, serverBin(t, true), env)
	addr := p.listenAddr(t)
	for i := 0; i < 3; i++ {
		if code, _ := get(t, "http://"+addr+"/users/7"); code != 200 {
			t.Fatalf("request %d answered %d", i, code)
		}
	}
	want := map[string]string{
		"http.request.method":       "GET",
		"http.route":                "/users/{id}",
		"http.response.status_code": "200",
		"url.scheme":                "http",
	}
	matches := func(dp otlpreceiver.DataPoint) bool {
		attrs := flatten(dp.Attrs)
		for k, v := range want {
			if attrs[k] != v {
				return false
			}
		}
		return dp.Count == 3
	}
	m := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool {
		if m.Name() != "http.server.request.duration" || m.Type() != "histogram" {
			return false
		}
		for _, dp := range m.DataPoints() {
			if matches(dp) {
				return true
			}
		}
		return false
	})
	if m.Unit() != "s" {
		t.Errorf("unit = %q, want s", m.Unit())
	}
	if m.Scope != "gotel.dev/instrumentation/nethttp" {
		t.Errorf("scope = %q", m.Scope)
	}
	if fmt.Sprint(m.Resource["service.name"]) != "svc-m" {
		t.Errorf("service.name = %v", m.Resource["service.name"])
	}
	for _, dp := range m.DataPoints() {
		if matches(dp) && (dp.Sum <= 0 || dp.Sum > 60) {
			t.Errorf("3 requests took %v s in all", dp.Sum)
		}
	}
}

func TestTraceAcrossServices(t *testing.T) {
	c := startCollector(t)
	bin := serverBin(t, true)
	b := start(t, bin, programEnv(c, "svc-b"))
	bAddr := b.listenAddr(t)
	a := start(t, bin, programEnv(c, "svc-a"))
	aAddr := a.listenAddr(t)

	code, body := get(t, "http://"+aAddr+"/call?url=http://"+bAddr+"/greet")
	if code != 200 || body != "hello\n" {
		t.Fatalf("chain answered %d %q", code, body)
	}
	aServer := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Resource["service.name"] == "svc-a" })
	aClient := c.waitSpan(t, func(s span) bool { return s.Kind == "client" && s.Resource["service.name"] == "svc-a" })
	bServer := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Resource["service.name"] == "svc-b" })
	if aServer.ParentID != "" {
		t.Errorf("A's server span should be a root, has parent %s", aServer.ParentID)
	}
	if aClient.TraceID != aServer.TraceID || bServer.TraceID != aServer.TraceID {
		t.Fatalf("spans are in different traces: %s %s %s", aServer.TraceID, aClient.TraceID, bServer.TraceID)
	}
	if aClient.ParentID != aServer.SpanID {
		t.Errorf("A's client span parent = %s, want A's server span %s", aClient.ParentID, aServer.SpanID)
	}
	if bServer.ParentID != aClient.SpanID {
		t.Errorf("B's server span parent = %s, want A's client span %s", bServer.ParentID, aClient.SpanID)
	}
	if aClient.Name != "GET" || aClient.Attrs["http.response.status_code"] != "200" ||
		aClient.Attrs["url.full"] != "http://"+bAddr+"/greet" {
		t.Errorf("client span: name %q attrs %v", aClient.Name, aClient.Attrs)
	}
}

func TestInstrumentationSwitchedOff(t *testing.T) {
	c := startCollector(t)
	p := start(t, serverBin(t, true), programEnv(c, "off", "OTEL_GO_DISABLED_INSTRUMENTATIONS=nethttp"))
	addr := p.listenAddr(t)
	for i := 0; i < 3; i++ {
		if code, _ := get(t, "http://"+addr+"/greet"); code != 200 {
			t.Fatalf("answered %d", code)
		}
	}
	// SIGTERM flushes before the process dies (TestSignalFlush shows spans
	// do arrive on this path when switched on), so after it nothing more
	// can come.
	ws := p.terminate(t)
	if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("expected death by SIGTERM, got %v", ws)
	}
	if n := len(c.spans()); n != 0 {
		t.Fatalf("switched-off instrumentation emitted %d spans", n)
	}
}

func TestSignalFlushKeepsSignalBehaviour(t *testing.T) {
	c := startCollector(t)
	// A long batch delay: only the flush on SIGTERM can deliver the span.
	p := start(t, serverBin(t, true), programEnv(c, "sig", "OTEL_BSP_SCHEDULE_DELAY=600000"))
	addr := p.listenAddr(t)
	if code, _ := get(t, "http://"+addr+"/greet"); code != 200 {
		t.Fatalf("answered %d", code)
	}
	ws := p.terminate(t)
	if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("instrumented server: expected death by SIGTERM like the plain one, got %v", ws)
	}
	if n := len(c.spansWhere(func(s span) bool { return s.Kind == "server" })); n != 1 {
		t.Fatalf("got %d server spans after SIGTERM, want 1", n)
	}
}

func TestShortLivedProgramDeliversEverySpan(t *testing.T) {
	dir := newModule(t, "short")
	bin := build(t, dir, true)
	for _, tc := range []struct {
		args []string
		code int
	}{{nil, 0}, {[]string{"exit"}, 3}} {
		c := startCollector(t)
		p := start(t, bin, programEnv(c, "short", "OTEL_BSP_SCHEDULE_DELAY=600000"), tc.args...)
		ws := p.wait(t)
		if ws.ExitStatus() != tc.code {
			t.Errorf("args %v: exit status %d, want %d (stderr %s)", tc.args, ws.ExitStatus(), tc.code, p.Stderr())
		}
		servers := c.spansWhere(func(s span) bool { return s.Kind == "server" })
		clients := c.spansWhere(func(s span) bool { return s.Kind == "client" })
		if len(servers) != 3 || len(clients) != 3 {
			t.Errorf("args %v: got %d server and %d client spans, want 3 and 3", tc.args, len(servers), len(clients))
		}
	}
}

func TestPanickingHandler(t *testing.T) {
	c := startCollector(t)
	var stderrs [2]string
	for i, instrumented := range []bool{false, true} {
		p := start(t, serverBin(t, instrumented), programEnv(c, "panic"))
		addr := p.listenAddr(t)
		code, _ := get(t, "http://"+addr+"/panic")
		if code != 0 {
			t.Fatalf("instrumented=%v: a panicking handler must abort the connection, got status %d", instrumented, code)
		}
		if instrumented {
			s := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == "/panic" })
			if s.Status != statusError {
				t.Errorf("panicking handler's span status = %d, want error", s.Status)
			}
			found := false
			for _, e := range s.Events {
				if e.Name == "exception" && strings.Contains(e.Attrs["exception.message"], "handler boom") {
					found = true
				}
			}
			if !found {
				t.Errorf("panic not recorded as an exception event: %+v", s.Events)
			}
		}
		// The server goes on serving after the panic, as the plain one does.
		if code, _ := get(t, "http://"+addr+"/greet"); code != 200 {
			t.Errorf("instrumented=%v: server stopped serving after a panic", instrumented)
		}
		p.terminate(t)
		stderrs[i] = normalizeTrace(p.Stderr())
	}
	if stderrs[0] != stderrs[1] {
		t.Errorf("panic output differs between plain and instrumented builds:\n--- plain\n%s\n--- gotel\n%s", stderrs[0], stderrs[1])
	}
	if !strings.Contains(stderrs[1], "handler boom") {
		t.Errorf("instrumented server did not log the panic: %s", stderrs[1])
	}
}

func TestStackTracePositions(t *testing.T) {
	dir := newModule(t, "mainpanic")
	var outs [2]result
	for i, instrumented := range []bool{false, true} {
		bin := build(t, dir, instrumented)
		outs[i] = run(t, dir, []string{"OTEL_TRACES_EXPORTER=none", "OTEL_METRICS_EXPORTER=none"}, bin)
	}
	if outs[0].code != 2 || outs[1].code != 2 {
		t.Errorf("exit codes %d (plain) and %d (gotel), want 2 and 2", outs[0].code, outs[1].code)
	}
	if outs[0].stdout != outs[1].stdout {
		t.Errorf("stdout differs: %q vs %q", outs[0].stdout, outs[1].stdout)
	}
	a, b := normalizeTrace(outs[0].stderr), normalizeTrace(outs[1].stderr)
	if a != b {
		t.Errorf("panic trace differs:\n--- plain\n%s\n--- gotel\n%s", a, b)
	}
	if !strings.Contains(b, "main.go:9") {
		t.Errorf("trace lacks the panicking line main.go:9:\n%s", b)
	}
}

// The Go runtime metrics of the semantic conventions arrive whenever
// metrics are exported, from a program that does nothing with OpenTelemetry
// itself.
func TestRuntimeMetrics(t *testing.T) {
	c := startCollector(t)
	env := programEnv(c, "svc-rt", "OTEL_METRICS_EXPORTER=otlp", "OTEL_METRIC_EXPORT_INTERVAL=200")
	p := start(t, serverBin(t, true), env)
	p.listenAddr(t)
	wait := func(name, unit string, ok func([]otlpreceiver.DataPoint) bool) otlpreceiver.Metric {
		t.Helper()
		m := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool {
			return m.Name() == name && ok(m.DataPoints())
		})
		if m.Unit() != unit || m.Type() != "sum" || m.Scope != "gotel.dev/runtime/boot/internal/rtmetrics" ||
			fmt.Sprint(m.Resource["service.name"]) != "svc-rt" {
			t.Errorf("%s: unit %q type %q scope %q resource %v", name, m.Unit(), m.Type(), m.Scope, m.Resource)
		}
		return m
	}
	// The server runs main's goroutine and its accept loop at least.
	wait("go.goroutine.count", "{goroutine}", func(dps []otlpreceiver.DataPoint) bool {
		return len(dps) == 1 && dps[0].Value >= 2 && dps[0].Value < 1000
	})
	wait("go.memory.used", "By", func(dps []otlpreceiver.DataPoint) bool {
		byType := map[string]float64{}
		for _, dp := range dps {
			byType[fmt.Sprint(dp.Attrs["go.memory.type"])] = dp.Value
		}
		return len(dps) == 2 && byType["stack"] > 0 && byType["other"] > byType["stack"] && byType["other"] < 1<<30
	})
	h := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool { return m.Name() == "go.schedule.duration" })
	if dps := h.DataPoints(); h.Type() != "histogram" || h.Unit() != "s" || len(dps) != 1 || dps[0].Count == 0 ||
		len(dps[0].BucketCounts) != len(dps[0].Bounds)+1 {
		t.Errorf("go.schedule.duration: type %q unit %q points %+v", h.Type(), h.Unit(), dps)
	}
}
