package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gotel.dev/tests/e2e/otlpreceiver"
)

const (
	fasthttpScope = "gotel.dev/instrumentation/fasthttp"
	nethttpScope  = "gotel.dev/instrumentation/nethttp"
)

// TestLibFastHTTP builds testdata/fasthttp_low (fasthttp and fiber v2 at
// the lowest versions gotel supports) and fasthttp_new (the newest, and
// fiber v3) plainly and with gotel, runs both, and checks the instrumented
// run's output against the plain one and its spans and metrics: server and
// client spans of fasthttp with the HTTP conventions, one trace from a
// fasthttp client to a net/http server and from a net/http client to a
// fasthttp server, calls without a context inside handlers as children of
// the request's span, fiber's route templates and recovered panics on the
// one server span of a fiber request, a malformed traceparent starting a
// new trace, and failures (503, a server that is down, a timeout).
func TestLibFastHTTP(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"fasthttp_low", "fasthttp_new"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testFastHTTPProgram(t, name, name == "fasthttp_new")
		})
	}
}

func testFastHTTPProgram(t *testing.T, name string, fiberV3 bool) {
	inst := libProgram(t, name)
	dir := filepath.Dir(inst)
	pr := plainRun(t, dir, "main", nil)
	if pr.code != 0 {
		t.Fatalf("plain run failed (%d): %s", pr.code, pr.stderr)
	}
	c := startCollector(t)
	ir := run(t, dir, programEnv(c, "fasthttp", "OTEL_METRICS_EXPORTER=otlp", "OTEL_METRIC_EXPORT_INTERVAL=100"), inst)
	if ir.code != 0 {
		t.Fatalf("instrumented run failed (%d): %s", ir.code, ir.stderr)
	}
	if ir.stdout != pr.stdout {
		t.Errorf("output differs:\nplain:\n%s\ninstrumented:\n%s", pr.stdout, ir.stdout)
	}
	for _, want := range []string{"== /fh/hello: 200 hello (200 inner) (inner)", "== /v2/panic: 500 v2 handler panicked", "== /fh/slow: err = ", "done"} {
		if !strings.Contains(pr.stdout, want) {
			t.Errorf("plain output lacks %q:\n%s", want, pr.stdout)
		}
	}

	server := func(t *testing.T, path string) span {
		t.Helper()
		s := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
		if all := c.spansWhere(func(x span) bool { return x.Kind == "server" && x.Attrs["url.path"] == path }); len(all) != 1 {
			t.Errorf("%d server spans for %s, want one", len(all), path)
		}
		return s
	}
	byID := func(id string) (span, bool) {
		for _, s := range c.spans() {
			if s.SpanID == id {
				return s, true
			}
		}
		return span{}, false
	}
	children := func(p span) []span {
		return c.spansWhere(func(s span) bool { return s.ParentID == p.SpanID && s.TraceID == p.TraceID })
	}
	// callerOf checks that s is the child of a root client span of main's
	// fasthttp client that requested path.
	callerOf := func(t *testing.T, s span, path string) span {
		t.Helper()
		p, ok := byID(s.ParentID)
		if !ok || p.TraceID != s.TraceID || p.Kind != "client" || p.Scope != fasthttpScope ||
			!strings.HasSuffix(p.Attrs["url.full"], path) || p.ParentID != "" {
			t.Errorf("%s: parent %+v (found %v), want main's root fasthttp client span", path, p, ok)
		}
		return p
	}
	// netInner checks that client is a client span of scope with one
	// net/http server span child for /nh/inner.
	netInner := func(t *testing.T, client span, scope string) {
		t.Helper()
		if client.Kind != "client" || client.Scope != scope || client.Name != "GET" || client.Attrs["http.response.status_code"] != "200" {
			t.Errorf("client span %+v", client)
		}
		kids := children(client)
		if len(kids) != 1 || kids[0].Scope != nethttpScope || kids[0].Kind != "server" || kids[0].Name != "GET /nh/inner" {
			t.Errorf("children of the client span to %s: %+v, want the net/http server span", client.Attrs["url.full"], kids)
		}
	}

	t.Run("server", func(t *testing.T) {
		s := server(t, "/fh/hello")
		want := map[string]string{
			"http.request.method": "GET", "url.scheme": "http", "network.protocol.version": "1.1",
			"server.address": "127.0.0.1", "network.peer.address": "127.0.0.1", "client.address": "127.0.0.1",
			"user_agent.original": "fasthttp", "http.response.status_code": "200",
		}
		for k, v := range want {
			if s.Attrs[k] != v {
				t.Errorf("%s = %q, want %q", k, s.Attrs[k], v)
			}
		}
		if s.Name != "GET" || s.Scope != fasthttpScope || s.Status == statusError || s.Attrs["server.port"] == "" || s.Attrs["network.peer.port"] == "" {
			t.Errorf("span %+v", s)
		}
		cl := callerOf(t, s, "/fh/hello")
		if cl.Attrs["server.address"] != "127.0.0.1" || cl.Attrs["http.request.method"] != "GET" || cl.Attrs["network.protocol.version"] != "1.1" {
			t.Errorf("client span attributes %v", cl.Attrs)
		}
		// fasthttp's client (no context) and net/http's from a goroutine.
		kids := children(s)
		if len(kids) != 2 {
			t.Fatalf("children of the handler's span: %+v, want 2 client spans", kids)
		}
		for _, k := range kids {
			if strings.HasSuffix(k.Attrs["url.full"], "?from=goroutine") {
				netInner(t, k, nethttpScope)
			} else {
				netInner(t, k, fasthttpScope)
			}
		}
	})
	t.Run("error-status", func(t *testing.T) {
		s := server(t, "/fh/fail")
		if s.Status != statusError || s.Attrs["error.type"] != "503" || s.Attrs["http.response.status_code"] != "503" {
			t.Errorf("span %+v", s)
		}
		if cl := callerOf(t, s, "/fh/fail"); cl.Status != statusError || cl.Attrs["error.type"] != "503" {
			t.Errorf("client span %+v", cl)
		}
	})
	t.Run("nethttp-client-to-fasthttp-server", func(t *testing.T) {
		nh := server(t, "/nh/call")
		callerOf(t, nh, "/nh/call")
		kids := children(nh)
		if len(kids) != 1 || kids[0].Scope != nethttpScope || kids[0].Kind != "client" {
			t.Fatalf("children of /nh/call: %+v", kids)
		}
		fh := server(t, "/fh/leaf")
		if fh.ParentID != kids[0].SpanID || fh.TraceID != nh.TraceID || fh.Scope != fasthttpScope {
			t.Errorf("fasthttp server span %+v, want the child of net/http's client span %s", fh, kids[0].SpanID)
		}
	})
	t.Run("malformed-traceparent", func(t *testing.T) {
		if s := server(t, "/fh/foreign"); s.ParentID != "" || s.TraceID == "" {
			t.Errorf("span %+v, want a new trace", s)
		}
	})
	t.Run("client-failures", func(t *testing.T) {
		down := c.waitSpan(t, func(s span) bool { return s.Kind == "client" && strings.HasSuffix(s.Attrs["url.full"], "/down") })
		if down.Status != statusError || down.Attrs["error.type"] == "" || down.Attrs["http.response.status_code"] != "" {
			t.Errorf("span to a server that is down %+v", down)
		}
		slow := c.waitSpan(t, func(s span) bool { return s.Kind == "client" && strings.HasSuffix(s.Attrs["url.full"], "/fh/slow") })
		if slow.Status != statusError || slow.Attrs["error.type"] != "timeout" {
			t.Errorf("span of a timed-out request %+v", slow)
		}
	})
	versions := []string{"v2"}
	if fiberV3 {
		versions = append(versions, "v3")
	}
	for _, v := range versions {
		t.Run("fiber"+v, func(t *testing.T) {
			id := map[string]string{"v2": "42", "v3": "7"}[v]
			route := "/" + v + "/users/:id"
			s := server(t, "/"+v+"/users/"+id)
			if s.Scope != fasthttpScope || s.Name != "GET "+route || s.Attrs["http.route"] != route || s.Status == statusError {
				t.Errorf("span %+v", s)
			}
			callerOf(t, s, "/"+v+"/users/"+id)
			if kids := children(s); len(kids) != 1 {
				t.Errorf("children of the fiber handler's span: %+v", kids)
			} else {
				netInner(t, kids[0], fasthttpScope)
			}

			p := server(t, "/"+v+"/panic")
			if p.Name != "GET /"+v+"/panic" || p.Status != statusError || p.Attrs["http.response.status_code"] != "500" || p.Attrs["error.type"] != "string" {
				t.Errorf("panic span %+v", p)
			}
			if len(p.Events) != 1 || p.Events[0].Name != "exception" || p.Events[0].Attrs["exception.message"] != v+" handler panicked" ||
				!strings.Contains(p.Events[0].Attrs["exception.stacktrace"], "main.") {
				t.Errorf("panic events %+v", p.Events)
			}
		})
	}
	t.Run("fiber-unmatched", func(t *testing.T) {
		s := server(t, "/v2/nowhere")
		if s.Name != "GET" || s.Attrs["http.route"] != "" || s.Attrs["http.response.status_code"] != "404" || s.Status == statusError {
			t.Errorf("span %+v", s)
		}
	})
	t.Run("metrics", func(t *testing.T) {
		for _, m := range []struct{ name, key, want string }{
			{"http.server.request.duration", "http.route", "/v2/users/:id"},
			{"http.client.request.duration", "error.type", "timeout"},
		} {
			got := c.r.WaitForMetric(t, func(x otlpreceiver.Metric) bool {
				if x.Name() != m.name || x.Scope != fasthttpScope {
					return false
				}
				for _, dp := range x.DataPoints() {
					if fmt.Sprint(dp.Attrs[m.key]) == m.want && dp.Count > 0 {
						return true
					}
				}
				return false
			})
			if got.Unit() != "s" || got.Type() != "histogram" {
				t.Errorf("%s: unit %q type %q", m.name, got.Unit(), got.Type())
			}
		}
	})
}
