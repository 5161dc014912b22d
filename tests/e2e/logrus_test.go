package e2e

import (
	"regexp"
	"strings"
	"testing"

	"gotel.dev/tests/e2e/otlpreceiver"
)

// logrus's JSON formatter sorts keys: the three fields land together.
var logrusCorrelation = regexp.MustCompile(`,"span_id":"([0-9a-f]{16})","trace_flags":"([0-9a-f]{2})","trace_id":"([0-9a-f]{32})"`)

// logrusPlainOutput is what testdata/logrus_{low,new} print without gotel.
const logrusPlainOutput = `{"app":"demo","level":"info","msg":"startup","phase":1}
{"app":"demo","level":"warning","msg":"with context","path":"/ctx"}
{"app":"demo","level":"error","msg":"without context 7","path":"/noctx"}
{"level":"debug","msg":"from goroutine","path":"/goroutine"}
{"app":"demo","level":"info","msg":"shutdown"}
`

// TestLibLogrus: entries written with the request's context, without it,
// and from a goroutine the handler starts carry the server span's
// span_id/trace_flags/trace_id fields; entries outside carry none (and the
// program's reused Entry does not keep them); the output is otherwise the
// plain build's; every entry reaches the OTLP receiver with severity and
// trace context. Lowest supported logrus (v1.9.0) and newest (v1.10.2,
// whose (*Entry).log has another signature).
func TestLibLogrus(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"logrus_low", "logrus_new"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bin := libProgram(t, name)
			c := startCollector(t)
			r := run(t, t.TempDir(), programEnv(c, name, "OTEL_LOGS_EXPORTER=otlp", "OTEL_BLRP_SCHEDULE_DELAY=50"), bin)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if got := logrusCorrelation.ReplaceAllString(r.stdout, ""); got != logrusPlainOutput {
				t.Errorf("output differs from the plain build's beyond the correlation fields:\n%s", r.stdout)
			}
			server := func(path string) span {
				return c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
			}
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				m := logrusCorrelation.FindStringSubmatch(line)
				path := ""
				for _, p := range []string{"/ctx", "/noctx", "/goroutine"} {
					if strings.Contains(line, `"path":"`+p+`"`) {
						path = p
					}
				}
				if path == "" {
					if m != nil {
						t.Errorf("line outside any span carries correlation: %s", line)
					}
					continue
				}
				srv := server(path)
				if m == nil || m[3] != srv.TraceID || m[1] != srv.SpanID || m[2] != "01" {
					t.Errorf("line %s: want the server span of %s (%s %s)", line, path, srv.TraceID, srv.SpanID)
				}
			}
			for _, w := range []struct {
				body, path string
				severity   int32
			}{
				{"startup", "", 9}, {"with context", "/ctx", 13}, {"without context 7", "/noctx", 17},
				{"from goroutine", "/goroutine", 5}, {"shutdown", "", 9},
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
			}
		})
	}
}
