package chi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// fakeSpan records what the hook reports, as net/http's server state would
// receive it.
type fakeSpan struct {
	mu     sync.Mutex
	calls  []string
	panicV any
	stack  string
}

func (f *fakeSpan) Enter()                   { f.add("enter") }
func (f *fakeSpan) Leave(route, path string) { f.add("leave " + route + " " + path) }
func (f *fakeSpan) Route(route, path string) { f.add("route " + route + " " + path) }
func (f *fakeSpan) add(s string) {
	f.mu.Lock()
	f.calls = append(f.calls, s)
	f.mu.Unlock()
}
func (f *fakeSpan) RecordPanic(v any, stack []byte) {
	f.mu.Lock()
	if f.panicV == nil {
		f.panicV, f.stack = v, string(stack)
	}
	f.mu.Unlock()
}

type spanCtx struct {
	context.Context
	s *fakeSpan
}

func (c spanCtx) Value(k any) any {
	if _, ok := k.(serverspan.ContextKey); ok {
		return c.s
	}
	return c.Context.Value(k)
}

// ctxMirror has hook.Context's layout, as the woven package declares it.
type ctxMirror struct {
	data   any
	panicV any
	flags  uint32
}

// woven runs body as a woven target: Before, body, After (also on a panic,
// which After sees and which then goes on).
func woven(before func(*hook.Context), body func(), after func(*hook.Context)) {
	var m ctxMirror
	c := (*hook.Context)(unsafe.Pointer(&m))
	before(c)
	done := false
	defer func() {
		if done {
			after(c)
			return
		}
		r := recover()
		m.panicV, m.flags = r, m.flags|2
		after(c)
		panic(r)
	}()
	body()
	done = true
}

// hooked makes mx run the hooks around its routeHTTP, as the weave does:
// the last middleware a Mux uses calls routeHTTP with its own request.
func hooked(mx *chi.Mux) {
	mx.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			woven(func(c *hook.Context) { RouteBefore(c, mx, w, r) },
				func() { next.ServeHTTP(w, r) }, RouteAfter)
		})
	})
}

func serve(h http.Handler, path string, s *fakeSpan) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	req := httptest.NewRequest("GET", path, nil)
	if s != nil {
		req = req.WithContext(spanCtx{req.Context(), s})
	}
	h.ServeHTTP(w, req)
	return w
}

func TestRoutePatternAcrossMounts(t *testing.T) {
	sub := chi.NewRouter()
	hooked(sub)
	sub.Get("/{id}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "user "+chi.URLParam(r, "id")) })
	root := chi.NewRouter()
	hooked(root)
	root.Mount("/users", sub)
	root.Get("/files/*", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "file") })

	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/users/7", []string{"enter", "enter", "leave /users/{id} /users/7", "leave /users/{id} /users/7"}},
		{"/files/a/b", []string{"enter", "leave /files/* /files/a/b"}},
		{"/nope", []string{"enter", "leave  /nope"}},
	} {
		s := &fakeSpan{}
		serve(root, tc.path, s)
		if strings.Join(s.calls, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: reports %q, want %q", tc.path, s.calls, tc.want)
		}
	}
	if w := serve(root, "/users/1", nil); w.Body.String() != "user 1" {
		t.Errorf("without a server span: body %q", w.Body.String())
	}
}

func TestRecoveredPanicIsRecorded(t *testing.T) {
	boom := errors.New("boom")
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	hooked(r)
	r.Get("/p/{id}", func(http.ResponseWriter, *http.Request) { panic(boom) })
	s := &fakeSpan{}
	// Recoverer prints the panic to stderr; that is its behaviour.
	w := serve(r, "/p/1", s)
	if w.Code != 500 {
		t.Errorf("status %d", w.Code)
	}
	if s.panicV != boom || !strings.Contains(s.stack, "TestRecoveredPanicIsRecorded") {
		t.Errorf("recorded %v, stack:\n%s", s.panicV, s.stack)
	}
	if len(s.calls) != 2 || s.calls[1] != "leave /p/{id} /p/1" {
		t.Errorf("reports %q", s.calls)
	}
}

// recovererWoven is middleware.Recoverer as gotel weaves it: RecovererBefore
// runs on its argument first.
func recovererWoven(next http.Handler) http.Handler {
	RecovererBefore(&hook.Context{}, &next)
	return middleware.Recoverer(next)
}

func TestGroupRecovererPanicIsRecorded(t *testing.T) {
	boom := errors.New("boom")
	// The instrumented build's peek sees the panic in flight; this one
	// reports the value the handler set before it panicked.
	var peeking any
	hook.PeekPanic = func() (any, bool) { return peeking, peeking != nil }
	defer func() { hook.PeekPanic = nil }()
	r := chi.NewRouter()
	hooked(r)
	r.Group(func(g chi.Router) {
		g.Use(recovererWoven)
		g.Get("/g/{id}", func(http.ResponseWriter, *http.Request) { peeking = boom; panic(boom) })
	})
	r.With(recovererWoven).Get("/ok", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })

	s := &fakeSpan{}
	// Recoverer prints the panic to stderr; that is its behaviour.
	if w := serve(r, "/g/1", s); w.Code != 500 {
		t.Errorf("status %d", w.Code)
	}
	if s.panicV != boom || !strings.Contains(s.stack, "TestGroupRecovererPanicIsRecorded") {
		t.Errorf("recorded %v, stack:\n%s", s.panicV, s.stack)
	}
	// Recovered below the routing: routeHTTP returns normally, with the route.
	if strings.Join(s.calls, "|") != "enter|leave /g/{id} /g/1" {
		t.Errorf("reports %q", s.calls)
	}

	peeking = nil
	s = &fakeSpan{}
	if w := serve(r, "/ok", s); w.Code != 200 || w.Body.String() != "ok" || s.panicV != nil {
		t.Errorf("no panic: status %d body %q recorded %v", w.Code, w.Body.String(), s.panicV)
	}
	if w := serve(r, "/g/2", nil); w.Code != 500 {
		t.Errorf("without a server span: status %d", w.Code)
	}
}

func TestRecovererUnchangedInPlainBuild(t *testing.T) {
	var h http.Handler = http.RedirectHandler("/", 302) // comparable
	before := h
	RecovererBefore(&hook.Context{}, &h) // no hook.PeekPanic: a plain build
	if h != before {
		t.Error("next changed without a peek")
	}
	RecovererBefore(&hook.Context{}, nil)
	var none http.Handler
	RecovererBefore(&hook.Context{}, &none)
	if none != nil {
		t.Error("a nil next changed")
	}
}
