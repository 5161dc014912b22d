package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLibWebFrameworks builds testdata/webfw_low (gin, echo v4 and v5, chi
// v5, gorilla/mux and httprouter at the lowest versions gotel supports) and
// webfw_new (the newest) plainly and with gotel, runs both (the program
// serves every framework under a prefix of one ServeMux, nested muxes
// behind http.StripPrefix, and requests every route from itself), and
// checks the instrumented run's output against the plain one and its
// spans: one server span per request, named after the full route
// (framework template, prefixed by what the outer mux stripped), the
// recovered panics recorded on it, and the client call a handler makes a
// child of it.
func TestLibWebFrameworks(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"webfw_low", "webfw_new"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testWebfwProgram(t, name)
		})
	}
}

func testWebfwProgram(t *testing.T, name string) {
	// nomsgpack: gin's build tag that leaves out its MessagePack binding,
	// github.com/ugorji/go/codec, generated code and the longest compile of
	// the library programs, which no rule touches.
	inst := libProgram(t, name, "-tags=nomsgpack")
	dir := filepath.Dir(inst)
	pr := plainRun(t, dir, "main", nil)
	if pr.code != 0 {
		t.Fatalf("plain run failed (%d): %s", pr.code, pr.stderr)
	}
	c := startCollector(t)
	ir := run(t, dir, programEnv(c, "webfw"), inst)
	if ir.code != 0 {
		t.Fatalf("instrumented run failed (%d): %s", ir.code, ir.stderr)
	}
	if ir.stdout != pr.stdout {
		t.Errorf("output differs:\nplain:\n%s\ninstrumented:\n%s", pr.stdout, ir.stdout)
	}
	if n := strings.Count(pr.stdout, "== "); n != 21 {
		t.Fatalf("%d answers, want 21:\n%s", n, pr.stdout)
	}

	server := func(path string) span {
		t.Helper()
		return c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
	}
	// Each request: its one server span's name and http.route.
	routes := map[string]string{
		"/api/v2/users/7":    "/api/v2/users/{id}",
		"/api/v2/v3/items/9": "/api/v2/v3/items/{item}",
		"/api/v2/nothing":    "/api/v2/", // the inner mux matched nothing
		"/gin/users/42":      "/gin/users/:id",
		"/echo/users/42":     "/echo/users/:id",
		"/echo5/users/42":    "/echo5/users/:id",
		"/chi/users/42":      "/chi/users/{id}",
		"/gorilla/users/42":  "/gorilla/users/{id}",
		"/hr/users/42":       "/hr/users/:id",
		"/backend":           "/backend",
	}
	for _, fw := range []string{"gin", "echo", "echo5", "hr"} {
		routes["/"+fw+"/panic"] = "/" + fw + "/panic"
		routes["/"+fw+"/call"] = "/" + fw + "/call"
	}
	routes["/chi/panic"], routes["/chi/call"], routes["/gorilla/call"] = "/chi/panic", "/chi/call", "/gorilla/call"
	// Recovered by a Recoverer of a route group, below chi's routing.
	routes["/chi/group/panic"] = "/chi/group/panic"
	for path, route := range routes {
		path, route := path, route
		t.Run("route"+path, func(t *testing.T) {
			s := server(path)
			if s.Name != "GET "+route || s.Attrs["http.route"] != route || s.Scope != "gotel.dev/instrumentation/nethttp" {
				t.Errorf("span %q http.route %q scope %s, want GET %s", s.Name, s.Attrs["http.route"], s.Scope, route)
			}
			n := len(c.spansWhere(func(x span) bool { return x.Kind == "server" && x.Attrs["url.path"] == path }))
			if want := map[bool]int{true: 6, false: 1}[path == "/backend"]; n != want {
				t.Errorf("%d server spans for %s, want %d", n, path, want)
			}
			if strings.HasSuffix(path, "/panic") {
				if s.Status != statusError || s.Attrs["http.response.status_code"] != "500" || s.Attrs["error.type"] != "500" {
					t.Errorf("panic span: status %d attributes %v", s.Status, s.Attrs)
				}
				if len(s.Events) != 1 || s.Events[0].Name != "exception" || s.Events[0].Attrs["exception.message"] != "boom" ||
					s.Events[0].Attrs["exception.type"] != "*errors.errorString" ||
					!strings.Contains(s.Events[0].Attrs["exception.stacktrace"], "main.") {
					t.Errorf("panic span events %+v", s.Events)
				}
			} else if s.Status == statusError || len(s.Events) != 0 {
				t.Errorf("span %q: status %d events %+v", s.Name, s.Status, s.Events)
			}
			if !strings.HasSuffix(path, "/call") {
				return
			}
			// The handler's outgoing call: a client span, child of this
			// server span, parent of /backend's server span.
			cli := c.waitSpan(t, func(x span) bool { return x.Kind == "client" && x.ParentID == s.SpanID })
			if cli.TraceID != s.TraceID || !strings.HasSuffix(cli.Attrs["url.full"], "/backend") {
				t.Errorf("client span %+v", cli)
			}
			be := c.waitSpan(t, func(x span) bool { return x.Kind == "server" && x.ParentID == cli.SpanID })
			if be.Attrs["url.path"] != "/backend" || be.TraceID != s.TraceID {
				t.Errorf("backend span %+v", be)
			}
		})
	}
}
