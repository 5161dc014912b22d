package hook

import (
	"errors"
	"testing"
	"unsafe"
)

// generatedCtx mirrors the struct the weaver declares in every woven
// package; the two must stay layout-identical.
type generatedCtx struct {
	data   any
	panicV any
	flags  uint32
}

func TestContextLayoutMatchesGeneratedMirror(t *testing.T) {
	var c Context
	var g generatedCtx
	if unsafe.Sizeof(c) != unsafe.Sizeof(g) ||
		unsafe.Offsetof(c.data) != unsafe.Offsetof(g.data) ||
		unsafe.Offsetof(c.panicV) != unsafe.Offsetof(g.panicV) ||
		unsafe.Offsetof(c.flags) != unsafe.Offsetof(g.flags) {
		t.Fatalf("hook.Context layout drifted from the generated mirror")
	}
}

func TestSkipAndData(t *testing.T) {
	var c Context
	if c.Skipped() || c.Panicking() || c.Data() != nil {
		t.Fatal("zero Context must be empty")
	}
	c.SetData(42)
	c.SkipCall()
	if !c.Skipped() || c.Data() != 42 {
		t.Fatal("SkipCall/SetData not recorded")
	}
}

func TestRecoverHookStopsPanic(t *testing.T) {
	var c Context
	func() {
		defer recoverHook(&c, "test/rule")
		c.flags |= flagInHook // as generated code does around the hook call
		panic(errors.New("boom"))
	}()
	if _, ok := reported.Load("test/rule"); !ok {
		t.Fatal("panic was not reported")
	}
}

func TestEnabled(t *testing.T) {
	t.Setenv("OTEL_SDK_DISABLED", "")
	t.Setenv("OTEL_GO_ENABLED_INSTRUMENTATIONS", "")
	t.Setenv("OTEL_GO_DISABLED_INSTRUMENTATIONS", "grpc, NetHTTP")
	if Enabled("nethttp") || !Enabled("redis") {
		t.Fatal("disabled list not honoured")
	}
	t.Setenv("OTEL_GO_DISABLED_INSTRUMENTATIONS", "")
	t.Setenv("OTEL_GO_ENABLED_INSTRUMENTATIONS", "redis")
	if Enabled("nethttp") || !Enabled("redis") {
		t.Fatal("enabled list not honoured")
	}
	t.Setenv("OTEL_SDK_DISABLED", "TRUE")
	if Enabled("redis") {
		t.Fatal("OTEL_SDK_DISABLED not honoured")
	}
}
