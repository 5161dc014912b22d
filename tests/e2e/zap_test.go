package e2e

import (
	"regexp"
	"strings"
	"testing"

	"gotel.dev/tests/e2e/otlpreceiver"
)

var zapCorrelation = regexp.MustCompile(`,"trace_id":"([0-9a-f]{32})","span_id":"([0-9a-f]{16})","trace_flags":"([0-9a-f]{2})"`)

// zapPlainOutput is what testdata/zap_{low,new} print without gotel.
const zapPlainOutput = `{"level":"info","msg":"startup","phase":1}
{"level":"warn","msg":"in handler","path":"/handler"}
{"level":"info","msg":"sugared","component":"api","path":"/handler"}
{"level":"error","msg":"from goroutine","path":"/goroutine"}
{"level":"debug","msg":"shutdown"}
`

// TestLibZap: entries written by zap (Logger and a SugaredLogger made
// from Logger.With, whose fields are exported too) inside a
// request the program serves, and in a goroutine its handler starts, carry
// the server span's trace_id/span_id/trace_flags fields; entries outside
// carry none; the output is otherwise the plain build's; every entry reaches
// the OTLP receiver with severity and trace context. Lowest supported zap
// and newest.
func TestLibZap(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"zap_low", "zap_new"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bin := libProgram(t, name)
			c := startCollector(t)
			r := run(t, t.TempDir(), programEnv(c, name, "OTEL_LOGS_EXPORTER=otlp", "OTEL_BLRP_SCHEDULE_DELAY=50"), bin)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if got := zapCorrelation.ReplaceAllString(r.stdout, ""); got != zapPlainOutput {
				t.Errorf("output differs from the plain build's beyond the correlation fields:\n%s", r.stdout)
			}
			server := func(path string) span {
				return c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
			}
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				m := zapCorrelation.FindStringSubmatch(line)
				path := ""
				switch {
				case strings.Contains(line, `"path":"/handler"`):
					path = "/handler"
				case strings.Contains(line, `"path":"/goroutine"`):
					path = "/goroutine"
				}
				if path == "" {
					if m != nil {
						t.Errorf("line outside any span carries correlation: %s", line)
					}
					continue
				}
				srv := server(path)
				if m == nil || m[1] != srv.TraceID || m[2] != srv.SpanID || m[3] != "01" {
					t.Errorf("line %s: want the server span of %s (%s %s)", line, path, srv.TraceID, srv.SpanID)
				}
			}
			for _, w := range []struct {
				body, path string
				severity   int32
			}{
				{"startup", "", 9}, {"in handler", "/handler", 13}, {"sugared", "/handler", 9},
				{"from goroutine", "/goroutine", 17}, {"shutdown", "", 5},
			} {
				rec := c.r.WaitForLog(t, func(l otlpreceiver.LogRecord) bool { return l.Body() == w.body })
				wantTrace, wantSpan := "", ""
				if w.path != "" {
					srv := server(w.path)
					wantTrace, wantSpan = srv.TraceID, srv.SpanID
				}
				if rec.SeverityNumber() != w.severity || rec.TraceID() != wantTrace || rec.SpanID() != wantSpan {
					t.Errorf("record %q: severity %d trace %q span %q, want %d %q %q", w.body,
						rec.SeverityNumber(), rec.TraceID(), rec.SpanID(), w.severity, wantTrace, wantSpan)
				}
				if w.path != "" && rec.Attrs()["path"] != w.path {
					t.Errorf("record %q: attributes %v", w.body, rec.Attrs())
				}
				// Fields of Logger.With are exported with the entry.
				if _, has := rec.Attrs()["component"]; has != (w.body == "sugared") {
					t.Errorf("record %q: attributes %v (component only on the With logger's entry)", w.body, rec.Attrs())
				}
			}
		})
	}
}
