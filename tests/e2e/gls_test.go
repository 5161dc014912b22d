package e2e

import (
	"strings"
	"testing"
)

// TestGoroutineContext: HTTP calls made without the request's context find
// the request's span through the goroutine context — directly, in a new
// goroutine, in an errgroup — while work done by goroutines that are not the
// request's (a pool started before any request, a worker started by an
// earlier request that has ended) joins no request's trace.
func TestGoroutineContext(t *testing.T) {
	c := startCollector(t)
	p := start(t, build(t, newModule(t, "gls"), true), programEnv(c, "gls"))
	base := "http://" + p.listenAddr(t)
	for _, path := range []string{"/direct", "/goroutine", "/errgroup", "/startup-pool?n=1", "/startup-pool?n=2",
		"/spawn", "/job?n=1", "/job?n=2"} {
		if code, body := get(t, base+path); code != 200 || body != "ok\n" {
			t.Fatalf("%s answered %d %q", path, code, body)
		}
	}
	server := func(path string) span {
		return c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
	}
	client := func(label string) span {
		return c.waitSpan(t, func(s span) bool {
			return s.Kind == "client" && strings.HasSuffix(s.Attrs["url.full"], "/backend?from="+label)
		})
	}
	for _, tc := range []struct{ path, label string }{
		{"/direct", "direct"}, {"/goroutine", "goroutine"}, {"/errgroup", "errgroup-1"}, {"/errgroup", "errgroup-2"},
	} {
		srv, cli := server(tc.path), client(tc.label)
		if cli.TraceID != srv.TraceID || cli.ParentID != srv.SpanID {
			t.Errorf("%s: the call %s has trace %s parent %s, want the server span's %s %s", tc.path, tc.label,
				cli.TraceID, cli.ParentID, srv.TraceID, srv.SpanID)
		}
	}
	// Nothing else may claim a parent: every other call is a root. Each
	// request's span is waited for: they may come in a later export.
	requests := map[string]bool{}
	for _, r := range []struct{ path, query string }{
		{"/startup-pool", "n=1"}, {"/startup-pool", "n=2"}, {"/spawn", ""}, {"/job", "n=1"}, {"/job", "n=2"},
	} {
		s := c.waitSpan(t, func(s span) bool {
			return s.Kind == "server" && s.Attrs["url.path"] == r.path && s.Attrs["url.query"] == r.query
		})
		requests[s.TraceID] = true
	}
	if len(requests) != 5 {
		t.Fatalf("want 5 request traces for the pools, got %d", len(requests))
	}
	for _, label := range []string{"startup-pool-1", "startup-pool-2", "spawned-1", "spawned-2"} {
		cli := client(label)
		if cli.ParentID != "" || requests[cli.TraceID] {
			t.Errorf("the pool's call %s joined a request's trace (trace %s, parent %s)", label, cli.TraceID, cli.ParentID)
		}
	}
}
