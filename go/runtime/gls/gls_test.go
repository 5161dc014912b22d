package gls

import (
	"context"
	"testing"
	"unsafe"

	"go.opentelemetry.io/otel/trace"
)

// bindOne binds the package to one variable: the tests below run on one
// goroutine, so that stands for its field in the runtime.
func bindOne(t *testing.T) {
	var cur unsafe.Pointer
	Bind(func() unsafe.Pointer { return cur }, func(p unsafe.Pointer) { cur = p })
	t.Cleanup(func() { Bind(nil, nil) })
}

func sc(b byte) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{b}, SpanID: trace.SpanID{b}, TraceFlags: trace.FlagsSampled,
	})
}

func TestUnbound(t *testing.T) {
	if e := Enter(sc(1)); e != nil {
		t.Fatal("Enter without a goroutine context returned an entry")
	}
	(*Entry)(nil).Exit()
	if Current().IsValid() {
		t.Fatal("Current without a goroutine context found a span")
	}
}

func TestEnterExitNests(t *testing.T) {
	bindOne(t)
	if Current().IsValid() {
		t.Fatal("a span before any Enter")
	}
	outer := Enter(sc(1))
	inner := Enter(sc(2))
	if got := Current(); !got.Equal(sc(2)) {
		t.Fatalf("inner: %v", got)
	}
	inner.Exit()
	if got := Current(); !got.Equal(sc(1)) {
		t.Fatalf("after inner Exit: %v", got)
	}
	outer.Exit()
	if Current().IsValid() {
		t.Fatal("a span after the outer Exit")
	}
	if Enter(trace.SpanContext{}) != nil {
		t.Fatal("Enter of an invalid span context returned an entry")
	}
}

// An entry a goroutine still points to stops counting once its span ended.
func TestEndedEntryIsNoParent(t *testing.T) {
	bindOne(t)
	e := Enter(sc(1))
	held := get() // what a goroutine started now would hold
	e.Exit()
	set(held)
	if Current().IsValid() {
		t.Fatal("an ended entry was handed out as a parent")
	}
}

func TestParent(t *testing.T) {
	bindOne(t)
	bg := context.Background()
	if Parent(bg) != bg {
		t.Fatal("Parent changed a context with no goroutine span")
	}
	e := Enter(sc(1))
	defer e.Exit()
	if got := trace.SpanContextFromContext(Parent(bg)); !got.Equal(sc(1)) {
		t.Fatalf("Parent without a span in the context: %v", got)
	}
	explicit := trace.ContextWithSpanContext(bg, sc(3))
	if Parent(explicit) != explicit {
		t.Fatal("the goroutine's span won over an explicit context's")
	}
}
