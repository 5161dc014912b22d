package nethttp

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// routeOfRequest serves one GET through h (behind the emulated
// serverHandler) and returns the server span's name and http.route.
func routeOfRequest(t *testing.T, h http.Handler, path string) (name, route string, code int) {
	t.Helper()
	ts := newServer(t, h)
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	code, _ = do(t, ts.Client(), req)
	s := waitSpans(t, 1)[0]
	return s.Name, attrs(s.Attributes)["http.route"].AsString(), code
}

func TestNestedMuxRoutes(t *testing.T) {
	ok := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }

	inner := http.NewServeMux()
	inner.HandleFunc("GET /users/{id}", ok)
	inner.HandleFunc("/static/", ok)
	innerW := wovenMux{inner}

	deeper := http.NewServeMux()
	deeper.HandleFunc("GET /items/{item}", ok)
	mid := http.NewServeMux()
	mid.Handle("/v3/", http.StripPrefix("/v3", wovenMux{deeper}))

	// A router of ours that strips a wildcard segment itself.
	tenants := http.NewServeMux()
	tenants.HandleFunc("GET /orders/{o}", ok)
	stripTenant := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.StripPrefix("/t/"+r.PathValue("tenant"), wovenMux{tenants}).ServeHTTP(w, r)
	})

	outer := http.NewServeMux()
	outer.Handle("/api/v2/", http.StripPrefix("/api/v2", innerW))
	outer.Handle("/api/slash/", http.StripPrefix("/api/slash/", innerW))
	outer.Handle("/nostrip/", innerW) // inner sees the full path and matches nothing
	outer.Handle("/m/", http.StripPrefix("/m", wovenMux{mid}))
	outer.Handle("/t/{tenant}/", stripTenant)
	outer.HandleFunc("GET /plain/{x}", ok)
	outerW := wovenMux{outer}

	for _, tc := range []struct {
		handler     http.Handler
		path, route string
		code        int
	}{
		{outerW, "/api/v2/users/7", "/api/v2/users/{id}", 200},
		{outerW, "/api/v2/static/a/b.css", "/api/v2/static/", 200},
		{outerW, "/api/v2/nothing", "/api/v2/", 404}, // inner matched nothing: the outer prefix
		{outerW, "/plain/1", "/plain/{x}", 200},
		{outerW, "/nostrip/users/1", "/nostrip/", 404},
		{outerW, "/m/v3/items/9", "/m/v3/items/{item}", 200},
		{outerW, "/t/acme/orders/5", "/t/{tenant}/orders/{o}", 200},
		// A StripPrefix in front of every mux: the literal prefix.
		{http.StripPrefix("/svc", innerW), "/svc/users/3", "/svc/users/{id}", 200},
	} {
		t.Run(tc.path, func(t *testing.T) {
			name, route, code := routeOfRequest(t, tc.handler, tc.path)
			if route != tc.route || name != "GET "+tc.route || code != tc.code {
				t.Errorf("%s: span %q route %q status %d, want route %q status %d", tc.path, name, route, code, tc.route, tc.code)
			}
		})
	}
}

// fakeRouter reports like a framework hook through serverspan: at match
// time (Route) or on Enter/Leave.
type fakeRouter struct {
	route string
	next  http.Handler
	leave bool // Enter/Leave instead of Route
}

func (f fakeRouter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sp := serverspan.From(r.Context())
	if sp == nil {
		http.Error(w, "no server span", 500)
		return
	}
	if f.leave {
		sp.Enter()
		defer sp.Leave(f.route, r.URL.Path)
	} else {
		sp.Route(f.route, r.URL.Path)
	}
	if f.next != nil {
		f.next.ServeHTTP(w, r)
		return
	}
	io.WriteString(w, "ok")
}

func TestFrameworkRoutesThroughServerspan(t *testing.T) {
	ok := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }
	innerMux := http.NewServeMux()
	innerMux.HandleFunc("GET /legacy/{x}", ok)

	outer := http.NewServeMux()
	outer.Handle("/api/", http.StripPrefix("/api", fakeRouter{route: "/users/:id"}))
	outer.Handle("/gin/", http.StripPrefix("/gin", fakeRouter{route: "/users/:id", leave: true}))
	// A framework mounted without stripping spells the whole route.
	outer.Handle("/full/", fakeRouter{route: "/full/users/{id}"})
	// A framework that hands a request on to a ServeMux: the mux is inner.
	outer.Handle("/wrap/", fakeRouter{route: "/wrap/*", next: http.StripPrefix("/wrap", wovenMux{innerMux})})
	outer.Handle("/wrapl/", fakeRouter{route: "/wrapl/*", leave: true, next: http.StripPrefix("/wrapl", wovenMux{innerMux})})
	// A framework inside a framework: the later match is inner.
	outer.Handle("/ff/", fakeRouter{route: "/ff/*", next: fakeRouter{route: "/ff/inner/:n"}})
	outerW := wovenMux{outer}

	for _, tc := range []struct{ path, route string }{
		{"/api/users/1", "/api/users/:id"},
		{"/gin/users/1", "/gin/users/:id"},
		{"/full/users/2", "/full/users/{id}"},
		{"/wrap/legacy/3", "/wrap/legacy/{x}"},
		{"/wrapl/legacy/3", "/wrapl/legacy/{x}"},
		{"/ff/inner/4", "/ff/inner/:n"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			name, route, code := routeOfRequest(t, outerW, tc.path)
			if route != tc.route || name != "GET "+tc.route || code != 200 {
				t.Errorf("%s: span %q route %q status %d, want %q", tc.path, name, route, code, tc.route)
			}
		})
	}
}

func TestRecoveredPanicIsRecorded(t *testing.T) {
	boom := errors.New("boom")
	// A recovering middleware as frameworks have: it records the panic
	// through serverspan and answers 500.
	recoverer := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					serverspan.From(r.Context()).RecordPanic(v, nil)
					w.WriteHeader(500)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
	h := recoverer(fakeRouter{route: "/p/:id", next: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(boom) })})
	name, route, code := routeOfRequest(t, h, "/p/1")
	if name != "GET /p/:id" || route != "/p/:id" || code != 500 {
		t.Fatalf("span %q route %q status %d", name, route, code)
	}
	s := spans.GetSpans()[0]
	if s.Status.Code != codes.Error || s.Status.Description != "boom" {
		t.Errorf("status %v", s.Status)
	}
	expectAttrs(t, s.Attributes, map[string]any{"error.type": "500", "http.response.status_code": 500})
	if len(s.Events) != 1 || s.Events[0].Name != "exception" {
		t.Fatalf("events %v", s.Events)
	}
	expectAttrs(t, s.Events[0].Attributes, map[string]any{"exception.type": "*errors.errorString", "exception.message": "boom"})
	if st := attrs(s.Events[0].Attributes)["exception.stacktrace"].AsString(); !strings.Contains(st, "TestRecoveredPanicIsRecorded") {
		t.Errorf("stack trace does not show the panicking handler:\n%s", st)
	}

	// http.ErrAbortHandler recovered the same way is no error; only the
	// 500 the middleware wrote is.
	h = recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	routeOfRequest(t, h, "/a")
	if s := spans.GetSpans()[0]; len(s.Events) != 0 || s.Status.Description != "" {
		t.Errorf("ErrAbortHandler recorded: events %v status %v", s.Events, s.Status)
	}
}

func TestComposeRoute(t *testing.T) {
	for _, tc := range []struct {
		rep  []routeReport
		orig string
		want string
	}{
		{nil, "/x", ""},
		{[]routeReport{{"/a/{b}", "/a/1", 1}}, "/a/1", "/a/{b}"},
		{[]routeReport{{"/u/{id}", "/u/1", 2}, {"/api/", "/api/u/1", 1}}, "/api/u/1", "/api/u/{id}"},
		// Equally deep: the later wins.
		{[]routeReport{{"/ff/*", "/ff/x", 1}, {"/ff/x", "/ff/x", 1}}, "/ff/x", "/ff/x"},
		// A catch-all outer segment keeps the stripped literal.
		{[]routeReport{{"/u", "/u", 2}, {"/f/{rest...}", "/f/a/b/u", 1}}, "/f/a/b/u", "/f/a/b/u"},
		// gin-style outer wildcard.
		{[]routeReport{{"/u", "/u", 2}, {"/t/:tenant/*rest", "/t/acme/u", 1}}, "/t/acme/u", "/t/:tenant/u"},
		// The path was rewritten, not stripped: no prefix.
		{[]routeReport{{"/u", "/u", 1}}, "/v", "/u"},
	} {
		if got := composeRoute(tc.rep, tc.orig); got != tc.want {
			t.Errorf("composeRoute(%v, %q) = %q, want %q", tc.rep, tc.orig, got, tc.want)
		}
	}
}

func TestReportSlotsKeepTheInnermost(t *testing.T) {
	var s serverState
	for i := int32(1); i <= 6; i++ {
		s.report("/r", "/r", i)
	}
	for _, r := range s.rep {
		if r.depth < 3 {
			t.Errorf("kept depth %d over deeper reports: %v", r.depth, s.rep)
		}
	}
}

func TestLiteralPrefixMatches(t *testing.T) {
	for _, tc := range []struct {
		route, path string
		want        bool
	}{
		{"/api/v2/", "/api/v2/users/1", true},
		{"/api/v2/", "/users/1", false}, // a StripPrefix copy: not this pattern's path
		{"/t/{tenant}/", "/t/acme/x", true},
		{"/a/", "/a", true},
		{"/b", "/a", false},
	} {
		if got := literalPrefixMatches(tc.route, tc.path); got != tc.want {
			t.Errorf("literalPrefixMatches(%q, %q) = %v", tc.route, tc.path, got)
		}
	}
}

func TestRouteOf(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"/":                   "/",
		"GET /users/{id}":     "/users/{id}",
		"POST  \t/x":          "/x",
		"example.com/static/": "/static/",
		"GET example.com/a":   "/a",
	} {
		if got := routeOf(in); got != want {
			t.Errorf("routeOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// wovenMux121 emulates a woven ServeMux under GODEBUG httpmuxgo121=1: its
// ServeHTTP finds the handler with the woven Go 1.21 matcher, which sets
// no Request.Pattern (emulated by ServeMux.Handler, which does not either,
// on patterns both matchers read alike), then serves it.
type wovenMux121 struct{ *http.ServeMux }

func (m wovenMux121) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	woven(func(c *hook.Context) { MuxBefore(c, m.ServeMux, w, r) }, func() {
		var h http.Handler
		var pattern string
		woven(func(c *hook.Context) { Mux121Before(c, nil, r) },
			func() { h, pattern = m.Handler(r) },
			func(c *hook.Context) { Mux121After(c, h, pattern) })
		h.ServeHTTP(w, r)
	}, MuxAfter)
}

func TestGo121MuxRoutes(t *testing.T) {
	ok := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }
	inner := http.NewServeMux()
	inner.HandleFunc("/users/", ok)
	outer := http.NewServeMux()
	outer.HandleFunc("/static/", ok)
	outer.HandleFunc("/exact", ok)
	outer.Handle("/api/", http.StripPrefix("/api", wovenMux121{inner}))
	for _, tc := range []struct {
		path, route string
		code        int
	}{
		{"/static/a/b.css", "/static/", 200},
		{"/exact", "/exact", 200},
		{"/api/users/7", "/api/users/", 200},
		{"/api/nothing", "/api/", 404}, // the inner mux matched nothing
	} {
		t.Run(tc.path, func(t *testing.T) {
			name, route, code := routeOfRequest(t, wovenMux121{outer}, tc.path)
			if route != tc.route || name != "GET "+tc.route || code != tc.code {
				t.Errorf("%s: span %q route %q status %d, want route %q status %d", tc.path, name, route, code, tc.route, tc.code)
			}
		})
	}
	// Without a server span (no serverHandler): nothing to report to.
	w := httptest.NewRecorder()
	wovenMux121{outer}.ServeHTTP(w, httptest.NewRequest("GET", "/exact", nil))
	if w.Code != 200 || w.Body.String() != "ok" {
		t.Errorf("without a server span: %d %q", w.Code, w.Body.String())
	}
}
