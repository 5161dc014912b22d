package otlphttp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	"google.golang.org/protobuf/proto"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/trace"
)

// fakeLog implements LogRecord as the log SDK's *Record does.
type fakeLog struct {
	ts, observed time.Time
	sev          log.Severity
	sevText      string
	body         attribute.Value
	attrs        []attribute.KeyValue
	dropped      int
	tid          trace.TraceID
	sid          trace.SpanID
	flags        trace.TraceFlags
	event        string
	res          *resource.Resource
	scope        instrumentation.Scope
}

func (f *fakeLog) Timestamp() time.Time         { return f.ts }
func (f *fakeLog) ObservedTimestamp() time.Time { return f.observed }
func (f *fakeLog) Severity() log.Severity       { return f.sev }
func (f *fakeLog) SeverityText() string         { return f.sevText }
func (f *fakeLog) Body() attribute.Value        { return f.body }
func (f *fakeLog) WalkAttributes(fn func(attribute.KeyValue) bool) {
	for _, kv := range f.attrs {
		if !fn(kv) {
			return
		}
	}
}
func (f *fakeLog) DroppedAttributes() int                      { return f.dropped }
func (f *fakeLog) TraceID() trace.TraceID                      { return f.tid }
func (f *fakeLog) SpanID() trace.SpanID                        { return f.sid }
func (f *fakeLog) TraceFlags() trace.TraceFlags                { return f.flags }
func (f *fakeLog) EventName() string                           { return f.event }
func (f *fakeLog) Resource() *resource.Resource                { return f.res }
func (f *fakeLog) InstrumentationScope() instrumentation.Scope { return f.scope }

func wantLog(f *fakeLog) *logspb.LogRecord {
	lr := &logspb.LogRecord{
		TimeUnixNano:           nanos(f.ts),
		ObservedTimeUnixNano:   nanos(f.observed),
		SeverityNumber:         logspb.SeverityNumber(f.sev),
		SeverityText:           f.sevText,
		Attributes:             wantKVs(f.attrs),
		DroppedAttributesCount: uint32(f.dropped),
		Flags:                  uint32(f.flags),
		EventName:              f.event,
	}
	if f.body.Type() != attribute.EMPTY {
		lr.Body = wantAny(f.body)
	}
	if f.tid.IsValid() {
		lr.TraceId = f.tid[:]
	}
	if f.sid.IsValid() {
		lr.SpanId = f.sid[:]
	}
	return lr
}

// TestLogEncoding: records of two scopes and two resources, every field
// and every attribute kind, decode with the official generated types to
// what the records say, grouped by resource then scope.
func TestLogEncoding(t *testing.T) {
	resA := resource.NewSchemaless(attribute.String("service.name", "a"))
	resB := resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0", attribute.String("service.name", "b"))
	s1 := instrumentation.Scope{Name: "s1", Version: "v1"}
	s2 := instrumentation.Scope{Name: "s2", SchemaURL: "https://x/s", Attributes: attribute.NewSet(attribute.Int("k", 1))}
	now := time.Unix(1700000000, 123456789)
	full := &fakeLog{
		ts: now, observed: now.Add(time.Millisecond), sev: log.SeverityWarn, sevText: "WARN",
		body: attribute.StringValue("hello"), attrs: allAttrs(""), dropped: 2,
		tid: trace.TraceID{1, 2, 3}, sid: trace.SpanID{4, 5}, flags: trace.FlagsSampled,
		event: "ev", res: resA, scope: s1,
	}
	bare := &fakeLog{res: resA, scope: s2, body: attribute.MapValue(attribute.Int("n", 1))}
	other := &fakeLog{res: resB, scope: s1, sev: log.SeverityError, body: attribute.Int64Value(0)}
	noRes := &fakeLog{scope: s1, sev: 99}
	var b logBatch
	b.encodeLogs([]LogRecord{full, other, bare, noRes})
	var got collogspb.ExportLogsServiceRequest
	if err := proto.Unmarshal(b.enc.b, &got); err != nil {
		t.Fatal(err)
	}
	sev99 := wantLog(noRes)
	sev99.SeverityNumber = 0
	want := &collogspb.ExportLogsServiceRequest{ResourceLogs: []*logspb.ResourceLogs{
		{Resource: wantResource(resA), ScopeLogs: []*logspb.ScopeLogs{
			{Scope: wantScope(s1), LogRecords: []*logspb.LogRecord{wantLog(full)}},
			{Scope: wantScope(s2), LogRecords: []*logspb.LogRecord{wantLog(bare)}, SchemaUrl: s2.SchemaURL},
		}},
		{Resource: wantResource(resB), SchemaUrl: resB.SchemaURL(), ScopeLogs: []*logspb.ScopeLogs{
			{Scope: wantScope(s1), LogRecords: []*logspb.LogRecord{wantLog(other)}},
		}},
		{Resource: wantResource(resource.Empty()), ScopeLogs: []*logspb.ScopeLogs{
			{Scope: wantScope(s1), LogRecords: []*logspb.LogRecord{sev99}},
		}},
	}}
	if !proto.Equal(&got, want) {
		t.Errorf("decoded request differs:\n got %v\nwant %v", &got, want)
	}
}

// TestLogExporterPosts: the exporter posts to /v1/logs of the general
// endpoint with the protobuf content type.
func TestLogExporterPosts(t *testing.T) {
	var path, ctype string
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, ctype = r.URL.Path, r.Header.Get("Content-Type")
		body, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()
	cfg := loadConfig(sigLogs, func(k string) string {
		if k == "OTEL_EXPORTER_OTLP_ENDPOINT" {
			return srv.URL
		}
		return ""
	})
	e := newLogExporter(cfg)
	if err := e.ExportLogs(context.Background(), []LogRecord{&fakeLog{body: attribute.StringValue("x")}}); err != nil {
		t.Fatal(err)
	}
	if path != "/v1/logs" || ctype != "application/x-protobuf" {
		t.Errorf("posted to %q as %q", path, ctype)
	}
	var req collogspb.ExportLogsServiceRequest
	if err := proto.Unmarshal(body, &req); err != nil || len(req.ResourceLogs) != 1 {
		t.Errorf("body: %v, %d resource logs", err, len(req.ResourceLogs))
	}
	if err := e.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := e.ExportLogs(context.Background(), []LogRecord{&fakeLog{}}); err == nil {
		t.Error("export after shutdown succeeded")
	}
}
