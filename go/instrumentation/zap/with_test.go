package zap

import (
	"go.opentelemetry.io/otel/log/global"
	"strings"
	"sync"
	"testing"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"gotel.dev/runtime/hook"
)

// The fields gotel adds to zap.Logger and zapcore.CheckedEntry in a woven
// build, stood in for by maps (this test's zap is not woven).
var (
	fakeLoggers sync.Map // *zap.Logger -> *any
	fakeEntries sync.Map // *zapcore.CheckedEntry -> *any
	fakeCores   []zapcore.Core
)

func init() {
	registerLoggerSlot(func(l *zap.Logger) *any {
		p, _ := fakeLoggers.LoadOrStore(l, new(any))
		return p.(*any)
	})
	registerEntryAccessors(func(ce *zapcore.CheckedEntry) *any {
		p, _ := fakeEntries.LoadOrStore(ce, new(any))
		return p.(*any)
	}, func(*zapcore.CheckedEntry) []zapcore.Core { return fakeCores })
}

// with and write run what the woven With, check and Write do.
func with(l *zap.Logger, fields ...zap.Field) *zap.Logger {
	var c hook.Context
	WithBefore(&c, l, fields)
	r := l.With(fields...)
	WithAfter(&c, r)
	return r
}

func write(l *zap.Logger, msg string, fields ...zap.Field) {
	var cc hook.Context
	CheckBefore(&cc, l, zapcore.InfoLevel, msg)
	ce := l.Check(zapcore.InfoLevel, msg)
	CheckAfter(&cc, ce)
	var c hook.Context
	WriteBefore(&c, &ce, &fields)
	ce.Write(fields...)
}

func exported(t *testing.T, exp *memExporter) map[string]string {
	t.Helper()
	exp.mu.Lock()
	defer exp.mu.Unlock()
	got := map[string]string{}
	for _, r := range exp.recs {
		var kv []string
		r.WalkAttributes(func(a attributeKV) bool {
			kv = append(kv, string(a.Key)+"="+a.Value.Emit())
			return true
		})
		got[r.Body().AsString()] = strings.Join(kv, " ")
	}
	exp.recs = nil
	return got
}

func TestWithFieldsAreExported(t *testing.T) {
	exp := &memExporter{}
	global.SetLoggerProvider(sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp))))
	core, logs := observer.New(zapcore.DebugLevel)
	base := zap.New(core)
	l := with(base, zap.String("svc", "api"))
	l2 := with(l, zap.Int("n", 1))
	write(l2, "two", zap.String("k", "v"))
	write(base, "base") // a pooled entry must not keep l2's fields
	write(l, "one")

	got := exported(t, exp)
	want := map[string]string{"two": "svc=api n=1 k=v", "base": "", "one": "svc=api"}
	for msg, w := range want {
		if got[msg] != w {
			t.Errorf("record %q attributes %q, want %q", msg, got[msg], w)
		}
	}
	if n := len(logs.All()); n != 3 || len(logs.All()[0].Context) != 3 {
		t.Errorf("the program's core got %d entries: %+v", n, logs.All())
	}
}

// bridgeCore stands in for otelzap's core: the test points bridgePkg at
// this package.
type bridgeCore struct{ zapcore.Core }

func TestBridgeCoreExportsAlone(t *testing.T) {
	exp := &memExporter{}
	global.SetLoggerProvider(sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp))))
	defer func(p string) { bridgePkg, fakeCores = p, nil }(bridgePkg)
	bridgePkg = "gotel.dev/instrumentation/zap"
	core, _ := observer.New(zapcore.DebugLevel)
	l := zap.New(core)

	fakeCores = []zapcore.Core{zapcore.NewTee(core, &bridgeCore{core})}
	write(l, "bridged")
	fakeCores = []zapcore.Core{core}
	write(l, "plain")
	got := exported(t, exp)
	if _, ok := got["bridged"]; ok || len(got) != 1 {
		t.Errorf("exported %v: want only the entry without the bridge", got)
	}
}
