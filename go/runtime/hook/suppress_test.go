package hook

import (
	"context"
	"testing"
)

func TestSuppress(t *testing.T) {
	ctx := context.Background()
	if Suppressed(ctx) || Suppressed(nil) {
		t.Fatal("a plain context must not be suppressed")
	}
	s := Suppress(ctx)
	child, cancel := context.WithCancel(s)
	defer cancel()
	if !Suppressed(s) || !Suppressed(child) {
		t.Fatal("Suppress must mark the context and its children")
	}
}

func TestLayer(t *testing.T) {
	ctx := context.Background()
	if InLayer(ctx, "db") || InLayer(nil, "db") {
		t.Fatal("unmarked context in a layer")
	}
	db := EnterLayer(ctx, "db")
	if !InLayer(db, "db") || InLayer(db, "messaging") || !InLayer(context.WithValue(db, layerKey{"x"}, 1), "db") {
		t.Fatal("layer marks not kept apart")
	}
}
