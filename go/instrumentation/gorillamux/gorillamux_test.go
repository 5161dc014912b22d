package gorillamux

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/gorilla/mux"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/serverspan"
)

type fakeSpan struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeSpan) Enter()                   {}
func (f *fakeSpan) Leave(route, path string) {}
func (f *fakeSpan) Route(route, path string) {
	f.mu.Lock()
	f.calls = append(f.calls, route+" "+path)
	f.mu.Unlock()
}
func (f *fakeSpan) RecordPanic(any, []byte) {}

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

func TestRouteTemplate(t *testing.T) {
	r := mux.NewRouter()
	r.HandleFunc("/users/{id}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "u") })
	api := r.PathPrefix("/api").Subrouter()
	api.HandleFunc("/items/{item:[0-9]+}", func(w http.ResponseWriter, r *http.Request) {})
	r.Host("h.example").HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})

	for _, tc := range []struct{ path, host, want string }{
		{"/users/7", "", "/users/{id} /users/7"},
		{"/api/items/42", "", "/api/items/{item:[0-9]+} /api/items/42"},
		{"/any", "h.example", ""}, // no path template
	} {
		s := &fakeSpan{}
		req := httptest.NewRequest("GET", tc.path, nil)
		if tc.host != "" {
			req.Host = tc.host
		}
		req = req.WithContext(spanCtx{req.Context(), s})
		// What the woven requestWithRoute does on entry: the hook, with
		// the route ServeHTTP matched.
		var m mux.RouteMatch
		if !r.Match(req, &m) {
			t.Fatalf("%s: no match", tc.path)
		}
		RouteBefore(&hook.Context{}, req, m.Route)
		got := ""
		if len(s.calls) == 1 {
			got = s.calls[0]
		}
		if got != tc.want || len(s.calls) > 1 {
			t.Errorf("%s: reports %q, want %q", tc.path, s.calls, tc.want)
		}
	}
	// No server span, no route: nothing happens.
	RouteBefore(&hook.Context{}, httptest.NewRequest("GET", "/", nil), nil)
	RouteBefore(&hook.Context{}, httptest.NewRequest("GET", "/", nil), r.Get("x"))
}
