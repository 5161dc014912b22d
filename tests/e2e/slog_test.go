package e2e

import (
	"regexp"
	"strings"
	"testing"

	"gotel.dev/tests/e2e/otlpreceiver"
)

// correlation matches the attributes gotel adds to a slog record inside a
// span, in the text and JSON handlers' formats.
var (
	textCorrelation = regexp.MustCompile(` trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) trace_flags=([0-9a-f]{2})`)
	jsonCorrelation = regexp.MustCompile(`,"trace_id":"([0-9a-f]{32})","span_id":"([0-9a-f]{16})","trace_flags":"([0-9a-f]{2})"`)
)

// TestSlogCorrelationAndLogsSignal: records written through log/slog (a
// handler of the program's and the default logger, with the request's
// context, without it, from a goroutine the handler starts) and through the
// log package routed to slog by slog.SetDefault carry the server span's
// trace_id/span_id/trace_flags inside a request and nothing outside; the
// output is otherwise byte-identical to the plain build's; every record
// reaches the OTLP receiver with its severity and trace context; and
// OTEL_LOGS_EXPORTER=none exports none.
func TestSlogCorrelationAndLogsSignal(t *testing.T) {
	dir := newModule(t, "slog")
	plainBin, instBin := build(t, dir, false), build(t, dir, true)
	plain := run(t, dir, nil, plainBin)
	if plain.code != 0 {
		t.Fatalf("plain program failed: %s", plain.stderr)
	}

	c := startCollector(t)
	inst := run(t, dir, programEnv(c, "slogprog", "OTEL_LOGS_EXPORTER=otlp", "OTEL_BLRP_SCHEDULE_DELAY=50"), instBin)
	if inst.code != 0 || inst.stderr != "" {
		t.Fatalf("instrumented program: exit %d, stderr:\n%s", inst.code, inst.stderr)
	}
	stripped := jsonCorrelation.ReplaceAllString(textCorrelation.ReplaceAllString(inst.stdout, ""), "")
	if stripped != plain.stdout {
		t.Errorf("output differs from the plain build's beyond the correlation attributes:\n--- plain\n%s--- gotel\n%s", plain.stdout, inst.stdout)
	}

	// Which line carries which span.
	type ids struct{ trace, span, flags string }
	got := map[string]ids{}
	for _, line := range strings.Split(strings.TrimSpace(inst.stdout), "\n") {
		m := textCorrelation.FindStringSubmatch(line)
		if m == nil {
			m = jsonCorrelation.FindStringSubmatch(line)
		}
		key := textCorrelation.ReplaceAllString(jsonCorrelation.ReplaceAllString(line, ""), "")
		if m != nil {
			got[key] = ids{m[1], m[2], m[3]}
		} else {
			got[key] = ids{}
		}
	}
	server := func(path string) span {
		return c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
	}
	inside := map[string]string{ // output line (without correlation) → request path
		`level=INFO msg="with context" path=/ctx`:          "/ctx",
		`level=INFO msg="with attrs" user=u1 id=7`:         "/ctx",
		`level=WARN msg=attrs n=3 g.k=v`:                   "/ctx",
		`level=ERROR msg="without context" path=/noctx`:    "/noctx",
		`INFO default logger in span`:                      "/noctx",
		`level=DEBUG msg="from goroutine" path=/goroutine`: "/goroutine",
		`{"level":"INFO","msg":"std log in span /stdlog"}`: "/stdlog",
	}
	for line, path := range inside {
		id, ok := got[line]
		if !ok {
			t.Errorf("no output line %q", line)
			continue
		}
		srv := server(path)
		if id.trace != srv.TraceID || id.span != srv.SpanID || id.flags != "01" {
			t.Errorf("%q carries trace %q span %q flags %q, want the server span of %s (%s %s 01)",
				line, id.trace, id.span, id.flags, path, srv.TraceID, srv.SpanID)
		}
	}
	for _, line := range []string{
		`level=INFO msg=startup phase=1`, `level=INFO msg=grouped boot.phase=2`, `INFO default logger outside n=1`,
		`{"level":"INFO","msg":"std log outside"}`, `level=INFO msg=shutdown`,
	} {
		if id, ok := got[line]; !ok || id != (ids{}) {
			t.Errorf("line %q outside any span: present %v, correlation %+v (want none)", line, ok, id)
		}
	}

	// The logs signal: every record, with severity and trace context.
	type want struct {
		body, path string // path "" : outside any span
		severity   int32
		text       string
	}
	for _, w := range []want{
		{"startup", "", 9, "INFO"},
		{"default logger outside", "", 9, "INFO"},
		{"with context", "/ctx", 9, "INFO"},
		{"with attrs", "/ctx", 9, "INFO"},
		{"grouped", "", 9, "INFO"},
		{"attrs", "/ctx", 13, "WARN"},
		{"without context", "/noctx", 17, "ERROR"},
		{"default logger in span", "/noctx", 9, "INFO"},
		{"from goroutine", "/goroutine", 5, "DEBUG"},
		{"std log in span /stdlog", "/stdlog", 9, "INFO"},
		{"std log outside", "", 9, "INFO"},
		{"shutdown", "", 9, "INFO"},
	} {
		rec := c.r.WaitForLog(t, func(l otlpreceiver.LogRecord) bool { return l.Body() == w.body })
		if rec.SeverityNumber() != w.severity || rec.SeverityText() != w.text {
			t.Errorf("record %q: severity %d %q, want %d %q", w.body, rec.SeverityNumber(), rec.SeverityText(), w.severity, w.text)
		}
		wantTrace, wantSpan := "", ""
		if w.path != "" {
			srv := server(w.path)
			wantTrace, wantSpan = srv.TraceID, srv.SpanID
		}
		if rec.TraceID() != wantTrace || rec.SpanID() != wantSpan {
			t.Errorf("record %q: trace %q span %q, want %q %q", w.body, rec.TraceID(), rec.SpanID(), wantTrace, wantSpan)
		}
		if _, ok := rec.Attrs()["trace_id"]; ok {
			t.Errorf("record %q: trace_id exported as an attribute too", w.body)
		}
	}
	attrs := c.r.WaitForLog(t, func(l otlpreceiver.LogRecord) bool { return l.Body() == "attrs" }).Attrs()
	if attrs["n"] != int64(3) {
		t.Errorf("record attrs: attributes %v, want n=3 and group g", attrs)
	}
	// Attributes of Logger.With and WithGroup are exported around the
	// record's own.
	withAttrs := c.r.WaitForLog(t, func(l otlpreceiver.LogRecord) bool { return l.Body() == "with attrs" }).Attrs()
	if withAttrs["user"] != "u1" || withAttrs["id"] != int64(7) {
		t.Errorf("record with attrs: attributes %v, want user=u1 id=7", withAttrs)
	}
	grouped := c.r.WaitForLog(t, func(l otlpreceiver.LogRecord) bool { return l.Body() == "grouped" }).Attrs()
	if g, ok := grouped["boot"].(map[string]any); !ok || g["phase"] != int64(2) {
		t.Errorf("record grouped: attributes %v, want boot={phase:2}", grouped)
	}
	if n := len(c.r.Logs()); n != 12 {
		t.Errorf("%d log records exported, want 12", n)
	}

	// OTEL_LOGS_EXPORTER=none: the same run exports spans and no log.
	c2 := startCollector(t)
	none := run(t, dir, programEnv(c2, "slogprog", "OTEL_LOGS_EXPORTER=none"), instBin)
	if none.code != 0 || none.stderr != "" {
		t.Fatalf("OTEL_LOGS_EXPORTER=none: exit %d, stderr:\n%s", none.code, none.stderr)
	}
	c2.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == "/stdlog" })
	if logs, reqs := c2.r.Logs(), c2.r.Requests(); len(logs) != 0 || reqs["http /v1/logs"] != 0 {
		t.Errorf("OTEL_LOGS_EXPORTER=none exported %d records (requests %v)", len(logs), reqs)
	}
	if none.stdout != inst.stdout && textCorrelation.ReplaceAllString(jsonCorrelation.ReplaceAllString(none.stdout, ""), "") != plain.stdout {
		t.Errorf("OTEL_LOGS_EXPORTER=none changed the output:\n%s", none.stdout)
	}
}
