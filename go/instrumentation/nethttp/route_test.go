package nethttp

import "testing"

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
