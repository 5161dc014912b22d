package e2e

import (
	"path/filepath"
	"testing"

	"gotel.dev/tests/e2e/otlpreceiver"
)

const otlplogGRPC = "go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"

// buildGRPC builds the module in dir with gotel, GOTEL_OTLP_GRPC set to
// grpc ("1" or "0"), and returns the binary.
func buildGRPC(t *testing.T, dir, grpc string) string {
	t.Helper()
	bin := filepath.Join(dir, "bin-otlpgrpc-"+grpc)
	r := run(t, dir, []string{"GOTEL_OTLP_GRPC=" + grpc}, gotelBin, "go", "build", "-o", bin, ".")
	if r.code != 0 {
		t.Fatalf("gotel go build (GOTEL_OTLP_GRPC=%s): %s", grpc, r.stderr)
	}
	return bin
}

// TestSlogLogsOverGRPC: testdata/slog built with GOTEL_OTLP_GRPC=1 links
// the official OTLP/gRPC log exporter and, with OTEL_EXPORTER_OTLP_PROTOCOL
// =grpc, every slog record reaches the receiver over gRPC with its body,
// severity, attributes and the trace/span id of the span active when it was
// written. The batch delays are ten minutes, so what arrives was sent by
// the flush at exit. The per-signal variables alone (LOGS_PROTOCOL,
// LOGS_ENDPOINT with an http:// scheme and no INSECURE variable,
// LOGS_HEADERS over the general HEADERS) send the logs over gRPC and the
// traces over http/protobuf. Built without OTLP/gRPC, the program says so in
// one line and exports its logs with http/protobuf.
func TestSlogLogsOverGRPC(t *testing.T) {
	t.Parallel()
	dir := newModule(t, "slog")
	bin := buildGRPC(t, dir, "1")
	if v := modVersions(t, bin)[otlplogGRPC]; v == "" {
		t.Fatalf("built with GOTEL_OTLP_GRPC=1, the slog program does not link %s", otlplogGRPC)
	}
	wantAt := func(t *testing.T, c collector, transport string) {
		t.Helper()
		server := func(path string) span {
			return c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
		}
		for _, w := range []struct {
			body, path string // path "": outside any span
			severity   int32
			text       string
			attrs      map[string]any
		}{
			{"startup", "", 9, "INFO", map[string]any{"phase": int64(1)}},
			{"with context", "/ctx", 9, "INFO", map[string]any{"path": "/ctx"}},
			{"with attrs", "/ctx", 9, "INFO", map[string]any{"user": "u1", "id": int64(7)}},
			{"attrs", "/ctx", 13, "WARN", map[string]any{"n": int64(3)}},
			{"without context", "/noctx", 17, "ERROR", map[string]any{"path": "/noctx"}},
			{"from goroutine", "/goroutine", 5, "DEBUG", map[string]any{"path": "/goroutine"}},
			{"shutdown", "", 9, "INFO", nil},
		} {
			rec := c.r.WaitForLog(t, func(l otlpreceiver.LogRecord) bool { return l.Body() == w.body })
			if rec.Transport != transport {
				t.Errorf("record %q arrived over %s, want %s", w.body, rec.Transport, transport)
			}
			if rec.SeverityNumber() != w.severity || rec.SeverityText() != w.text {
				t.Errorf("record %q: severity %d %q, want %d %q", w.body, rec.SeverityNumber(), rec.SeverityText(), w.severity, w.text)
			}
			for k, v := range w.attrs {
				if got := rec.Attrs()[k]; got != v {
					t.Errorf("record %q: attribute %s = %#v, want %#v (attributes %v)", w.body, k, got, v, rec.Attrs())
				}
			}
			wantTrace, wantSpan := "", ""
			if w.path != "" {
				srv := server(w.path)
				wantTrace, wantSpan = srv.TraceID, srv.SpanID
			}
			if rec.TraceID() != wantTrace || rec.SpanID() != wantSpan {
				t.Errorf("record %q: trace %q span %q, want %q %q", w.body, rec.TraceID(), rec.SpanID(), wantTrace, wantSpan)
			}
			if rec.Resource["service.name"] != "slogprog" {
				t.Errorf("record %q: resource %v", w.body, rec.Resource)
			}
		}
		if n := len(c.r.Logs()); n != 12 {
			t.Errorf("%d log records exported, want 12", n)
		}
	}

	t.Run("grpc", func(t *testing.T) {
		t.Parallel()
		c := startCollector(t)
		env := append(programEnv(c, "slogprog", "OTEL_LOGS_EXPORTER=otlp"), c.r.GRPCEnv()...)
		env = append(env, "OTEL_BLRP_SCHEDULE_DELAY=600000", "OTEL_BSP_SCHEDULE_DELAY=600000")
		r := run(t, dir, env, bin)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		wantAt(t, c, "grpc")
		reqs := c.r.Requests()
		if reqs["grpc logs"] == 0 || reqs["grpc traces"] == 0 || reqs["http /v1/logs"] != 0 || reqs["http /v1/traces"] != 0 {
			t.Errorf("export requests %v, want traces and logs over gRPC only", reqs)
		}
	})

	t.Run("per-signal variables", func(t *testing.T) {
		t.Parallel()
		c := startCollector(t)
		env := programEnv(c, "slogprog", "OTEL_LOGS_EXPORTER=otlp", "OTEL_BLRP_SCHEDULE_DELAY=50",
			"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=grpc",
			"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=http://"+c.r.GRPCEndpoint,
			"OTEL_EXPORTER_OTLP_INSECURE=", "OTEL_EXPORTER_OTLP_LOGS_INSECURE=",
			"OTEL_EXPORTER_OTLP_HEADERS=x-gotel-signal=all",
			"OTEL_EXPORTER_OTLP_LOGS_HEADERS=x-gotel-signal=logs")
		r := run(t, dir, env, bin)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		wantAt(t, c, "grpc")
		for _, l := range c.r.Logs() {
			if h := l.Header["x-gotel-signal"]; h != "logs" {
				t.Fatalf("record %v: header x-gotel-signal %q, want logs (OTEL_EXPORTER_OTLP_LOGS_HEADERS)", l.Body(), h)
			}
		}
		reqs := c.r.Requests()
		if reqs["grpc logs"] == 0 || reqs["http /v1/traces"] == 0 || reqs["http /v1/logs"] != 0 || reqs["grpc traces"] != 0 {
			t.Errorf("export requests %v, want logs over gRPC and traces over http/protobuf", reqs)
		}
		// The logs went out over gRPC every 50 ms, before the traces' last
		// export: gRPC's hooks (woven here for the exporter alone) must have
		// left those calls alone.
		if own := c.spansWhere(func(s span) bool { return s.Attrs["rpc.system.name"] != "" }); len(own) != 0 {
			t.Errorf("gotel's own export calls traced: %v", own)
		}
	})

	t.Run("not linked", func(t *testing.T) {
		t.Parallel()
		dir := newModule(t, "slog")
		bin := buildGRPC(t, dir, "0")
		if v := modVersions(t, bin)[otlplogGRPC]; v != "" {
			t.Errorf("built without OTLP/gRPC, the program links %s %s", otlplogGRPC, v)
		}
		c := startCollector(t)
		r := run(t, dir, programEnv(c, "slogprog", "OTEL_LOGS_EXPORTER=otlp", "OTEL_BLRP_SCHEDULE_DELAY=50",
			"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=grpc"), bin)
		want := "gotel: OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=grpc: this binary was built without OTLP/gRPC (gotel links it when the program uses google.golang.org/grpc, or with GOTEL_OTLP_GRPC=1 at build time); exporting logs with http/protobuf\n"
		if r.code != 0 || r.stderr != want {
			t.Fatalf("exit %d, stderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
		}
		wantAt(t, c, "http/protobuf")
	})
}

// TestZapLogsOverGRPC: a program that logs only through zap (no package of
// its build imports log/slog) still gets the OTLP/gRPC log exporter when
// OTLP/gRPC is linked (the planner finds the log pipeline through zap's hook
// package), and its entries reach the receiver over gRPC with their trace
// context. A program that links OTLP/gRPC but no logger gets neither the
// log exporter nor the log SDK (TestProgramKeepsItsModuleVersions).
func TestZapLogsOverGRPC(t *testing.T) {
	t.Parallel()
	dir := newModule(t, "zap_new")
	bin := buildGRPC(t, dir, "1")
	if v := modVersions(t, bin)[otlplogGRPC]; v == "" {
		t.Fatalf("built with GOTEL_OTLP_GRPC=1, the zap program does not link %s", otlplogGRPC)
	}
	c := startCollector(t)
	r := run(t, t.TempDir(), append(programEnv(c, "zap_new", "OTEL_LOGS_EXPORTER=otlp"), c.r.GRPCEnv()...), bin)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if got := zapCorrelation.ReplaceAllString(r.stdout, ""); got != zapPlainOutput {
		t.Errorf("output differs from the plain build's beyond the correlation fields:\n%s", r.stdout)
	}
	srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == "/handler" })
	rec := c.r.WaitForLog(t, func(l otlpreceiver.LogRecord) bool { return l.Body() == "in handler" })
	if rec.Transport != "grpc" || rec.SeverityNumber() != 13 || rec.Attrs()["path"] != "/handler" ||
		rec.TraceID() != srv.TraceID || rec.SpanID() != srv.SpanID {
		t.Errorf("record %q over %s: severity %d attributes %v trace %q span %q, want grpc, 13, path=/handler, %s %s",
			rec.Body(), rec.Transport, rec.SeverityNumber(), rec.Attrs(), rec.TraceID(), rec.SpanID(), srv.TraceID, srv.SpanID)
	}
	if reqs := c.r.Requests(); reqs["http /v1/logs"] != 0 {
		t.Errorf("export requests %v: logs over http/protobuf too", reqs)
	}
}
