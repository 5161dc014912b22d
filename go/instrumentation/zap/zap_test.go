package zap

import (
	"context"
	"go.opentelemetry.io/otel/log/global"
	"sync"
	"testing"

	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

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

// TestExport: an entry written through the hook reaches the logs signal
// with body, severity and fields, and the program's core still gets the
// entry as written (no span here: the goroutine context is not bound in a
// plain test build, so no correlation fields).
func TestExport(t *testing.T) {
	exp := &memExporter{}
	global.SetLoggerProvider(sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp))))
	core, logs := observer.New(zapcore.DebugLevel)
	l := zap.New(core)
	ce := l.Check(zapcore.WarnLevel, "hello")
	fields := []zapcore.Field{zap.Int("n", 3), zap.String("s", "x"), zap.Bool("b", true), zap.Namespace("ns"), zap.String("in", "y")}
	var c hook.Context
	WriteBefore(&c, &ce, &fields)
	ce.Write(fields...)
	if got := logs.All(); len(got) != 1 || got[0].Message != "hello" || len(got[0].Context) != 5 {
		t.Fatalf("core got %+v", got)
	}
	exp.mu.Lock()
	defer exp.mu.Unlock()
	if len(exp.recs) != 1 {
		t.Fatalf("%d records exported", len(exp.recs))
	}
	r := exp.recs[0]
	if r.Body().AsString() != "hello" || r.Severity() != otellog.SeverityWarn || r.SeverityText() != "WARN" || r.TraceID().IsValid() {
		t.Errorf("record %q %v %q %v", r.Body().AsString(), r.Severity(), r.SeverityText(), r.TraceID())
	}
	got := map[string]string{}
	r.WalkAttributes(func(kv attributeKV) bool {
		got[string(kv.Key)] = kv.Value.Emit()
		return true
	})
	if got["n"] != "3" || got["s"] != "x" || got["b"] != "true" || got["ns"] == "" {
		t.Errorf("attributes %v", got)
	}
	var nilCE *zapcore.CheckedEntry
	WriteBefore(&c, &nilCE, &fields) // a disabled level: nothing to do, no panic
}

func TestSeverity(t *testing.T) {
	for l, want := range map[zapcore.Level]otellog.Severity{
		zapcore.DebugLevel: otellog.SeverityDebug, zapcore.InfoLevel: otellog.SeverityInfo,
		zapcore.WarnLevel: otellog.SeverityWarn, zapcore.ErrorLevel: otellog.SeverityError,
		zapcore.DPanicLevel: otellog.SeverityError2, zapcore.PanicLevel: otellog.SeverityError3,
		zapcore.FatalLevel: otellog.SeverityFatal,
	} {
		if got := severity(l); got != want {
			t.Errorf("severity(%v) = %v, want %v", l, got, want)
		}
	}
}
