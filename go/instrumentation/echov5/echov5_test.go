package echov5

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v5"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

type fakeSpan struct {
	mu     sync.Mutex
	calls  []string
	panicV any
	stack  string
}

func (f *fakeSpan) Enter()                   {}
func (f *fakeSpan) Leave(route, path string) {}
func (f *fakeSpan) Route(route, path string) {
	f.mu.Lock()
	f.calls = append(f.calls, route+" "+path)
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

func TestRouteReportsTheTemplate(t *testing.T) {
	e := echo.New()
	e.GET("/users/:id", func(c *echo.Context) error { return c.String(200, "u") })
	e.Group("/api").GET("/files/*", func(c *echo.Context) error { return c.String(200, "f") })
	router, ok := e.Router().(*echo.DefaultRouter)
	if !ok {
		t.Fatalf("router is %T", e.Router())
	}
	for _, tc := range []struct{ path, want string }{
		{"/users/7", "/users/:id /users/7"},
		{"/api/files/a/b", "/api/files/* /api/files/a/b"},
		{"/nothing", ""},
	} {
		s := &fakeSpan{}
		ec := e.NewContext(request(tc.path, s), httptest.NewRecorder())
		var hc hook.Context
		RouteBefore(&hc, router, ec)
		h := router.Route(ec)
		RouteAfter(&hc, h)
		if got := strings.Join(s.calls, "|"); got != tc.want {
			t.Errorf("%s: reports %q, want %q", tc.path, s.calls, tc.want)
		}
	}
}

func TestAddWrapsHandlersToSeePanics(t *testing.T) {
	boom := errors.New("boom")
	route := echo.Route{Method: "GET", Path: "/", Handler: func(*echo.Context) error { return nil }}
	AddBefore(&hook.Context{}, nil, &route) // no peek in a plain build: unchanged
	var peeking any
	hook.PeekPanic = func() (any, bool) { return peeking, peeking != nil }
	defer func() { hook.PeekPanic = nil }()
	want := errors.New("handler error")
	route.Handler = func(*echo.Context) error { peeking = boom; return want }
	AddBefore(&hook.Context{}, nil, &route)
	e := echo.New()
	s := &fakeSpan{}
	ec := e.NewContext(request("/p", s), httptest.NewRecorder())
	if err := route.Handler(ec); err != want {
		t.Errorf("wrapper returned %v", err)
	}
	if s.panicV != boom || !strings.Contains(s.stack, "echov5.recordPanic") {
		t.Errorf("recorded %v, stack:\n%s", s.panicV, s.stack)
	}
}
