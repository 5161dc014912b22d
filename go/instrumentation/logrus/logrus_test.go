package logrus

import (
	"bytes"
	"context"
	"go.opentelemetry.io/otel/log/global"
	"strings"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

type memExporter struct {
	mu   sync.Mutex
	recs []sdklog.Record
}

func (m *memExporter) Export(_ context.Context, rs []sdklog.Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range rs {
		m.recs = append(m.recs, r.Clone())
	}
	return nil
}
func (m *memExporter) Shutdown(context.Context) error   { return nil }
func (m *memExporter) ForceFlush(context.Context) error { return nil }

// TestContextSpan: an entry with a context carrying a span gets the fields
// (in a copy: the program's entry keeps its data) and is exported with the
// trace context; one without a span is written and exported unchanged.
func TestContextSpan(t *testing.T) {
	exp := &memExporter{}
	global.SetLoggerProvider(sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp))))
	var buf bytes.Buffer
	l := logrus.New()
	l.Out = &buf
	l.Formatter = &logrus.JSONFormatter{DisableTimestamp: true}
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled,
	})
	orig := l.WithContext(trace.ContextWithSpanContext(context.Background(), sc)).WithField("k", "v")
	e := orig
	var c hook.Context
	LogBefore(&c, &e, logrus.WarnLevel, "in span")
	if e == orig || len(orig.Data) != 1 {
		t.Fatalf("the program's entry was modified or not replaced: %v", orig.Data)
	}
	e.Log(logrus.WarnLevel, "in span")
	plain := l.WithField("k", "v")
	e2 := plain
	LogBeforeV110(&c, &e2, logrus.InfoLevel, false, "no span")
	if e2 != plain {
		t.Fatal("replaced the entry outside a span")
	}
	e2.Info("no span")
	out := buf.String()
	if !strings.Contains(out, `"trace_id":"01000000000000000000000000000000"`) || !strings.Contains(out, `"span_id":"0200000000000000"`) ||
		strings.Count(out, "trace_id") != 1 {
		t.Errorf("output:\n%s", out)
	}
	exp.mu.Lock()
	defer exp.mu.Unlock()
	if len(exp.recs) != 2 {
		t.Fatalf("%d records", len(exp.recs))
	}
	r := exp.recs[0]
	if r.Body().AsString() != "in span" || r.Severity() != otellog.SeverityWarn || r.TraceID() != sc.TraceID() {
		t.Errorf("record %q %v %v", r.Body().AsString(), r.Severity(), r.TraceID())
	}
	var keys []string
	r.WalkAttributes(func(kv attribute.KeyValue) bool { keys = append(keys, string(kv.Key)); return true })
	if strings.Join(keys, ",") != "k" {
		t.Errorf("exported attributes %v", keys)
	}
	if exp.recs[1].TraceID().IsValid() || exp.recs[1].Severity() != otellog.SeverityInfo {
		t.Errorf("second record %v %v", exp.recs[1].TraceID(), exp.recs[1].Severity())
	}
}
