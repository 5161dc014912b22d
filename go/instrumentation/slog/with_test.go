package slog

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"gotel.dev/runtime/hook"
)

// fakeSlots stands in for the field gotel adds to slog.Logger in a woven
// build (this test's log/slog is not woven).
var fakeSlots sync.Map // *slog.Logger -> *any

func init() {
	registerWithSlot(func(l *slog.Logger) *any {
		p, _ := fakeSlots.LoadOrStore(l, new(any))
		return p.(*any)
	})
}

// with and withGroup run what the woven methods do.
func with(l *slog.Logger, args ...any) *slog.Logger {
	var c hook.Context
	WithBefore(&c, l, args)
	r := l.With(args...)
	WithAfter(&c, r)
	return r
}

func withGroup(l *slog.Logger, name string) *slog.Logger {
	var c hook.Context
	WithGroupBefore(&c, l, name)
	r := l.WithGroup(name)
	WithAfter(&c, r)
	return r
}

func TestWithAttributesAreExported(t *testing.T) {
	setup(t)
	var buf bytes.Buffer
	base := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime}))
	l := with(base, "svc", "api", slog.Int("n", 1))
	sibling := with(l, "other", true)
	g := with(withGroup(withGroup(l, "req"), "empty"), "id", 7)
	_ = withGroup(l, "unused")

	logVia(l, context.Background(), slog.LevelInfo, "one", "k", "v")
	logVia(g, context.Background(), slog.LevelInfo, "two", "k", "v")
	logVia(sibling, context.Background(), slog.LevelInfo, "three")
	logVia(base, context.Background(), slog.LevelInfo, "four")

	text := buf.String()
	for _, want := range []string{
		`msg=one svc=api n=1 k=v`,
		`msg=two svc=api n=1 req.empty.id=7 req.empty.k=v`,
		`msg=three svc=api n=1 other=true`,
		`msg=four`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("program output lacks %q:\n%s", want, text)
		}
	}
	got := map[string]string{}
	for _, r := range exp.take() {
		var kv []string
		r.WalkAttributes(func(a attributeKV) bool {
			kv = append(kv, string(a.Key)+"="+a.Value.Emit())
			return true
		})
		got[r.Body().AsString()] = strings.Join(kv, " ")
	}
	want := map[string]string{
		"one":   "svc=api n=1 k=v",
		"two":   `svc=api n=1 req={"empty":{"id":7,"k":"v"}}`,
		"three": "svc=api n=1 other=true",
		"four":  "",
	}
	for msg, w := range want {
		if got[msg] != w {
			t.Errorf("record %q attributes %q, want %q", msg, got[msg], w)
		}
	}
}

func TestNestDropsEmptyGroups(t *testing.T) {
	segs := []withSeg{{group: "g"}, {group: "h"}}
	if got := nest(nil, segs, nil); len(got) != 0 {
		t.Errorf("empty groups kept: %v", got)
	}
}

// bridgeHandler stands in for otelslog's handler: the test points
// bridgePkg at this package.
type bridgeHandler struct{ slog.Handler }

func TestBridgeHandlerExportsAlone(t *testing.T) {
	setup(t)
	defer func(p string) { bridgePkg = p; lastVerdict.Store(nil) }(bridgePkg)
	bridgePkg = "gotel.dev/instrumentation/slog"
	lastVerdict.Store(nil)
	var buf bytes.Buffer
	text := slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})
	logVia(slog.New(&bridgeHandler{text}), spanCtx(), slog.LevelInfo, "bridged")
	logVia(slog.New(text), spanCtx(), slog.LevelInfo, "plain")
	recs := exp.take()
	if len(recs) != 1 || recs[0].Body().AsString() != "plain" {
		t.Errorf("exported %d records (want only %q)", len(recs), "plain")
	}
	if !strings.Contains(buf.String(), "msg=bridged trace_id=") {
		t.Errorf("bridged record lost its correlation: %s", buf.String())
	}
}
