package serverspan

import (
	"context"
	"testing"
)

type fake struct{ Span }

type carrier struct {
	context.Context
	s Span
}

func (c carrier) Value(k any) any {
	if _, ok := k.(ContextKey); ok {
		return c.s
	}
	return c.Context.Value(k)
}

func TestFrom(t *testing.T) {
	if From(nil) != nil || From(context.Background()) != nil {
		t.Error("a span from a context without one")
	}
	s := &fake{}
	type k struct{}
	// Found through the context's own node and through derived contexts.
	ctx := context.WithValue(carrier{context.Background(), s}, k{}, 1)
	if From(ctx) != s {
		t.Errorf("From = %v, want the carrier's span", From(ctx))
	}
	// A value of another type under the key is no Span.
	if From(context.WithValue(context.Background(), ContextKey{}, "x")) != nil {
		t.Error("a string taken for a Span")
	}
	if n := testing.AllocsPerRun(100, func() { From(ctx) }); n != 0 {
		t.Errorf("From allocates %v times", n)
	}
}
