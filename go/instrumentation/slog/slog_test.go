package slog

import (
	"bytes"
	"context"
	"go.opentelemetry.io/otel/log/global"
	"log/slog"
	"strings"
	"sync"
	"testing"

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

func (m *memExporter) take() []sdklog.Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.recs
	m.recs = nil
	return r
}

var (
	exp     = &memExporter{}
	setOnce sync.Once
)

func setup(t *testing.T) {
	setOnce.Do(func() {
		global.SetLoggerProvider(sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp))))
	})
	exp.take()
}

func spanCtx() context.Context {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
		SpanID:     trace.SpanID{1, 2, 3, 4, 5, 6, 7, 8},
		TraceFlags: trace.FlagsSampled,
	})
	return trace.ContextWithSpanContext(context.Background(), sc)
}

// logVia runs what the woven (*Logger).log does: the hook, then the body's
// calls on the (possibly replaced) receiver.
func logVia(l *slog.Logger, ctx context.Context, level slog.Level, msg string, args ...any) {
	var c hook.Context
	LogBefore(&c, &l, ctx, level, msg, args)
	defer LogAfter(&c)
	if !l.Enabled(ctx, level) {
		return
	}
	r := slog.NewRecord(testTime, level, msg, 0)
	r.Add(args...)
	_ = l.Handler().Handle(ctx, r)
}

func TestCorrelationAndExport(t *testing.T) {
	setup(t)
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime}))
	logVia(l, spanCtx(), slog.LevelWarn, "in span", "k", 7, slog.Group("g", "a", "b"))
	logVia(l, context.Background(), slog.LevelInfo, "no span")
	logVia(l, context.Background(), slog.LevelDebug, "disabled")
	want := "level=WARN msg=\"in span\" k=7 g.a=b trace_id=0102030405060708090a0b0c0d0e0f10 span_id=0102030405060708 trace_flags=01\n" +
		"level=INFO msg=\"no span\"\n"
	if buf.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", buf.String(), want)
	}
	recs := exp.take()
	if len(recs) != 2 {
		t.Fatalf("%d records exported, want 2", len(recs))
	}
	r := recs[0]
	if r.Body().AsString() != "in span" || r.Severity() != otellog.SeverityWarn || r.SeverityText() != "WARN" {
		t.Errorf("record: body %q severity %v %q", r.Body().AsString(), r.Severity(), r.SeverityText())
	}
	if r.TraceID().String() != "0102030405060708090a0b0c0d0e0f10" || r.SpanID().String() != "0102030405060708" || !r.TraceFlags().IsSampled() {
		t.Errorf("trace context %v %v %v", r.TraceID(), r.SpanID(), r.TraceFlags())
	}
	var keys []string
	r.WalkAttributes(func(kv attributeKV) bool {
		keys = append(keys, string(kv.Key)+"="+kv.Value.Emit())
		return true
	})
	if got := strings.Join(keys, " "); got != "k=7 g=[a:b]" && !strings.HasPrefix(got, "k=7 g=") {
		t.Errorf("attributes %q", got)
	}
	if recs[1].TraceID().IsValid() || recs[1].Severity() != otellog.SeverityInfo {
		t.Errorf("record outside a span: trace %v severity %v", recs[1].TraceID(), recs[1].Severity())
	}
}

func TestNoSpanNoExportLeavesLogger(t *testing.T) {
	global.SetLoggerProvider(otellogNoop())
	defer func() { setOnce = sync.Once{} }()
	l := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	orig := l
	var c hook.Context
	LogBefore(&c, &l, context.Background(), slog.LevelInfo, "x", nil)
	if l != orig || c.Data() != nil {
		t.Fatal("the receiver was replaced with no span and no export")
	}
	LogBefore(&c, &l, spanCtx(), slog.LevelInfo, "x", nil)
	if l == orig {
		t.Fatal("the receiver was not replaced inside a span")
	}
	LogAfter(&c)
}

func TestSeverity(t *testing.T) {
	for l, want := range map[slog.Level]otellog.Severity{
		slog.LevelDebug: otellog.SeverityDebug, slog.LevelInfo: otellog.SeverityInfo,
		slog.LevelWarn: otellog.SeverityWarn, slog.LevelError: otellog.SeverityError,
		slog.LevelInfo + 2: otellog.SeverityInfo3, -100: otellog.SeverityTrace1, 100: otellog.SeverityFatal4,
	} {
		if got := severity(l); got != want {
			t.Errorf("severity(%v) = %v, want %v", l, got, want)
		}
	}
}
