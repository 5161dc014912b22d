package httprouter

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/julienschmidt/httprouter"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

type fakeSpan struct {
	mu     sync.Mutex
	calls  []string
	panicV any
}

func (f *fakeSpan) Enter()                   {}
func (f *fakeSpan) Leave(route, path string) {}
func (f *fakeSpan) Route(route, path string) {
	f.mu.Lock()
	f.calls = append(f.calls, route+" "+path)
	f.mu.Unlock()
}
func (f *fakeSpan) RecordPanic(v any, _ []byte) { f.mu.Lock(); f.panicV = v; f.mu.Unlock() }

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

// hookedRouter adds routes as the woven Handle does: the hook first.
type hookedRouter struct{ *httprouter.Router }

func (r hookedRouter) handle(method, path string, h httprouter.Handle) {
	HandleBefore(&hook.Context{}, r.Router, method, path, &h)
	r.Router.Handle(method, path, h)
}

func TestRouteAndPanic(t *testing.T) {
	r := hookedRouter{httprouter.New()}
	r.handle("GET", "/users/:id", func(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) {
		io.WriteString(w, "user "+ps.ByName("id"))
	})
	r.handle("GET", "/files/*path", func(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) {
		io.WriteString(w, ps.ByName("path"))
	})
	boom := "boom"
	r.handle("GET", "/p", func(http.ResponseWriter, *http.Request, httprouter.Params) { panic(boom) })
	r.PanicHandler = func(w http.ResponseWriter, _ *http.Request, v any) { w.WriteHeader(500) }

	for _, tc := range []struct{ path, want, body string }{
		{"/users/7", "/users/:id /users/7", "user 7"},
		{"/files/a/b", "/files/*path /files/a/b", "/a/b"},
	} {
		s := &fakeSpan{}
		w := httptest.NewRecorder()
		req := httptest.NewRequest("GET", tc.path, nil)
		r.ServeHTTP(w, req.WithContext(spanCtx{req.Context(), s}))
		if len(s.calls) != 1 || s.calls[0] != tc.want || w.Body.String() != tc.body {
			t.Errorf("%s: reports %q body %q, want %q %q", tc.path, s.calls, w.Body.String(), tc.want, tc.body)
		}
	}

	// A plain build has no panic peek: the panic goes on to PanicHandler
	// unrecorded. With one (emulated: it reports the panic the test knows
	// of), the wrapper records it and the panic still reaches PanicHandler.
	for _, peek := range []bool{false, true} {
		if peek {
			hook.PeekPanic = func() (any, bool) { return boom, true }
		}
		s := &fakeSpan{}
		w := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/p", nil)
		r.ServeHTTP(w, req.WithContext(spanCtx{req.Context(), s}))
		hook.PeekPanic = nil
		if w.Code != 500 || (peek && s.panicV != boom) || (!peek && s.panicV != nil) {
			t.Errorf("peek %v: status %d, recorded %v", peek, w.Code, s.panicV)
		}
	}
}
