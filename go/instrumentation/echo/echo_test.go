package echo

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

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
	f.panicV, f.stack = v, string(stack)
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

func request(path string, s *fakeSpan) *http.Request {
	req := httptest.NewRequest("GET", path, nil)
	if s != nil {
		req = req.WithContext(spanCtx{req.Context(), s})
	}
	return req
}

func TestFindReportsTheRouteTemplate(t *testing.T) {
	e := echo.New()
	e.GET("/users/:id", func(c echo.Context) error { return c.String(200, "u") })
	e.Group("/api").GET("/files/*", func(c echo.Context) error { return c.String(200, "f") })
	for _, tc := range []struct{ path, want string }{
		{"/users/7", "route /users/:id /users/7"},
		{"/api/files/a/b", "route /api/files/* /api/files/a/b"},
		{"/nothing", ""}, // nothing matched
	} {
		s := &fakeSpan{}
		ec := e.NewContext(request(tc.path, s), httptest.NewRecorder())
		var hc hook.Context
		FindBefore(&hc, e.Router(), "GET", tc.path, ec)
		e.Router().Find("GET", tc.path, ec)
		FindAfter(&hc)
		if got := strings.Join(s.calls, "|"); got != tc.want {
			t.Errorf("%s: reports %q, want %q", tc.path, s.calls, tc.want)
		}
	}
	// Without gotel's server span nothing is reported and nothing breaks.
	ec := e.NewContext(request("/users/1", nil), httptest.NewRecorder())
	var hc hook.Context
	FindBefore(&hc, e.Router(), "GET", "/users/1", ec)
	e.Router().Find("GET", "/users/1", ec)
	FindAfter(&hc)
}

func TestAddWrapsHandlersToSeePanics(t *testing.T) {
	boom := errors.New("boom")
	// A plain build has no panic peek: handlers stay as they are.
	var h echo.HandlerFunc = func(echo.Context) error { return nil }
	AddBefore(&hook.Context{}, nil, "", "GET", "/", &h, nil)
	if h == nil || hook.PeekPanic != nil {
		t.Fatal("handler changed without a peek")
	}

	// With a peek (the instrumented build's sees the panic in flight; this
	// one reports it as the deferred call runs), the wrapper records what
	// it sees and returns what the handler returned.
	var peeking any
	hook.PeekPanic = func() (any, bool) { return peeking, peeking != nil }
	defer func() { hook.PeekPanic = nil }()
	want := errors.New("handler error")
	h = func(echo.Context) error { peeking = boom; return want }
	AddBefore(&hook.Context{}, nil, "", "GET", "/", &h, nil)
	e := echo.New()
	s := &fakeSpan{}
	ec := e.NewContext(request("/p", s), httptest.NewRecorder())
	if err := h(ec); err != want {
		t.Errorf("wrapper returned %v", err)
	}
	if s.panicV != boom || !strings.Contains(s.stack, "echo.recordPanic") {
		t.Errorf("recorded %v, stack:\n%s", s.panicV, s.stack)
	}
}
