package gin

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

// fakeSpan records what the hooks report, as net/http's server state would
// receive it.
type fakeSpan struct {
	mu     sync.Mutex
	calls  []string
	depth  int
	panicV any
	stack  string
}

func (f *fakeSpan) Enter() { f.mu.Lock(); f.depth++; f.calls = append(f.calls, "enter"); f.mu.Unlock() }
func (f *fakeSpan) Leave(route, path string) {
	f.mu.Lock()
	f.depth--
	f.calls = append(f.calls, "leave "+route+" "+path)
	f.mu.Unlock()
}
func (f *fakeSpan) Route(route, path string) {
	f.mu.Lock()
	f.calls = append(f.calls, "route "+route+" "+path)
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

func init() { gin.SetMode(gin.ReleaseMode) }

// serve runs one request through engine the way the woven handleHTTPRequest
// runs (HandleContext calls it): RouteBefore, the routing, RouteAfter.
func serve(t *testing.T, engine *gin.Engine, path string, s *fakeSpan) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	req := httptest.NewRequest("GET", path, nil)
	if s != nil {
		req = req.WithContext(spanCtx{req.Context(), s})
	}
	gc := gin.CreateTestContextOnly(w, engine)
	gc.Request = req
	var hc hook.Context
	RouteBefore(&hc, engine, gc)
	engine.HandleContext(gc)
	RouteAfter(&hc)
	return w
}

func TestRouteTemplate(t *testing.T) {
	e := gin.New()
	e.GET("/users/:id", func(c *gin.Context) { c.String(200, "user "+c.Param("id")) })
	g := e.Group("/files")
	g.GET("/*path", func(c *gin.Context) { c.String(200, c.Param("path")) })

	for _, tc := range []struct{ path, want, body string }{
		{"/users/7", "leave /users/:id /users/7", "user 7"},
		{"/files/a/b", "leave /files/*path /files/a/b", "/a/b"},
		{"/nope", "leave  /nope", "404 page not found"},
	} {
		s := &fakeSpan{}
		w := serve(t, e, tc.path, s)
		if w.Body.String() != tc.body {
			t.Errorf("%s: body %q, want %q", tc.path, w.Body.String(), tc.body)
		}
		if len(s.calls) != 2 || s.calls[0] != "enter" || s.calls[1] != tc.want || s.depth != 0 {
			t.Errorf("%s: reports %q (depth %d), want enter, %q", tc.path, s.calls, s.depth, tc.want)
		}
	}
	// Without gotel's server span: nothing reported, nothing breaks.
	if w := serve(t, e, "/users/1", nil); w.Body.String() != "user 1" {
		t.Errorf("body %q", w.Body.String())
	}
}

func TestRecoveredPanicIsRecorded(t *testing.T) {
	boom := errors.New("boom")
	var handled any
	for name, mw := range map[string]func() gin.HandlerFunc{
		"Recovery": func() gin.HandlerFunc {
			var h gin.RecoveryFunc = func(c *gin.Context, err any) { c.AbortWithStatus(500) }
			RecoveryBefore(&hook.Context{}, io.Discard, &h)
			return gin.CustomRecoveryWithWriter(io.Discard, h)
		},
		"CustomRecovery": func() gin.HandlerFunc {
			var h gin.RecoveryFunc = func(c *gin.Context, err any) { handled = err; c.String(503, "sorry") }
			RecoveryBefore(&hook.Context{}, io.Discard, &h)
			return gin.CustomRecoveryWithWriter(io.Discard, h)
		},
	} {
		e := gin.New()
		e.Use(mw())
		e.GET("/p/:id", func(c *gin.Context) { panic(boom) })
		s := &fakeSpan{}
		w := serve(t, e, "/p/1", s)
		if s.panicV != boom || !strings.Contains(s.stack, "TestRecoveredPanicIsRecorded") {
			t.Errorf("%s: recorded %v, stack:\n%s", name, s.panicV, s.stack)
		}
		if want := map[string]int{"Recovery": 500, "CustomRecovery": 503}[name]; w.Code != want {
			t.Errorf("%s: status %d, want %d", name, w.Code, want)
		}
		if len(s.calls) != 2 || s.calls[1] != "leave /p/:id /p/1" {
			t.Errorf("%s: reports %q", name, s.calls)
		}
	}
	if handled != boom {
		t.Errorf("the program's recovery function got %v", handled)
	}
	// A nil function stays nil (gin's own behaviour on it is unchanged).
	var nilFn gin.RecoveryFunc
	RecoveryBefore(&hook.Context{}, nil, &nilFn)
	if nilFn != nil {
		t.Error("nil recovery function replaced")
	}
	_ = http.StatusOK
}
