package e2e

import (
	"regexp"
	"strings"
	"testing"

	"gotel.dev/tests/e2e/otlpreceiver"
)

var zerologCorrelation = regexp.MustCompile(`,"trace_id":"([0-9a-f]{32})","span_id":"([0-9a-f]{16})","trace_flags":"([0-9a-f]{2})"`)

// TestLibZerolog: events written inside a request the program serves, from
// a goroutine its handler starts, and (newest zerolog) with Event.Ctx carry
// the server span's trace_id/span_id/trace_flags fields before the
// message; events outside carry none; the output is otherwise the plain
// build's; every event reaches the OTLP receiver with severity and trace
// context. Lowest supported zerolog (v1.29.1) and newest (v1.35.1).
func TestLibZerolog(t *testing.T) {
	t.Parallel()
	const common = `{"level":"info","phase":1,"message":"startup"}
{"level":"warn","path":"/handler","message":"in handler"}
{"level":"error","path":"/handler","message":"formatted 7"}
`
	const tail = `{"level":"debug","path":"/goroutine","message":"from goroutine"}
{"level":"info"}
{"level":"info","message":"shutdown"}
`
	for name, plainOut := range map[string]string{
		"zerolog_low": common + tail,
		"zerolog_new": common + `{"level":"info","path":"/handler","message":"with context"}` + "\n" + tail,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bin := libProgram(t, name)
			c := startCollector(t)
			r := run(t, t.TempDir(), programEnv(c, name, "OTEL_LOGS_EXPORTER=otlp", "OTEL_BLRP_SCHEDULE_DELAY=50"), bin)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if got := zerologCorrelation.ReplaceAllString(r.stdout, ""); got != plainOut {
				t.Errorf("output differs from the plain build's beyond the correlation fields:\n%s", r.stdout)
			}
			server := func(path string) span {
				return c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
			}
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				m := zerologCorrelation.FindStringSubmatch(line)
				path := ""
				for _, p := range []string{"/handler", "/goroutine"} {
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
				if m == nil || m[1] != srv.TraceID || m[2] != srv.SpanID || m[3] != "01" {
					t.Errorf("line %s: want the server span of %s (%s %s)", line, path, srv.TraceID, srv.SpanID)
				}
			}
			type want struct {
				body, path string
				severity   int32
			}
			wants := []want{
				{"startup", "", 9}, {"in handler", "/handler", 13}, {"formatted 7", "/handler", 17},
				{"from goroutine", "/goroutine", 5}, {"", "", 9}, {"shutdown", "", 9},
			}
			if name == "zerolog_new" {
				wants = append(wants, want{"with context", "/handler", 9})
			}
			for _, w := range wants {
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
				if _, ok := rec.Attrs()["level"]; ok {
					t.Errorf("record %q: level exported as an attribute", w.body)
				}
			}
		})
	}
}
