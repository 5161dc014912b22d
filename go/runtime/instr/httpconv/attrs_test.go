package httpconv

import (
	"errors"
	"net/url"
	"testing"
)

func TestMethod(t *testing.T) {
	for in, want := range map[string]string{"": "GET", "GET": "GET", "PATCH": "PATCH", "QUERY": "QUERY", "get": "_OTHER", "PURGE": "_OTHER"} {
		if got, other := Method(in); got != want || other != (want == "_OTHER") {
			t.Errorf("Method(%q) = %q %v", in, got, other)
		}
	}
}

func TestSplitHostPort(t *testing.T) {
	cases := []struct {
		in   string
		host string
		port int
	}{
		{"example.com:8080", "example.com", 8080},
		{"example.com", "example.com", -1},
		{"[::1]:443", "::1", 443},
		{"[::1]", "::1", -1},
		{"::1", "::1", -1},
		{"h:99999", "h", -1},
		{"h:x", "h", -1},
		{"", "", -1},
	}
	for _, c := range cases {
		if h, p := SplitHostPort(c.in); h != c.host || p != c.port {
			t.Errorf("SplitHostPort(%q) = %q %d, want %q %d", c.in, h, p, c.host, c.port)
		}
	}
}

func TestRedactQuery(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "",
		"a=1&b=2":                   "a=1&b=2",
		"sig=x":                     "sig=REDACTED",
		"a=1&X-Goog-Signature=zz&b": "a=1&X-Goog-Signature=REDACTED&b",
		"SIG=x&sig":                 "SIG=x&sig", // case-sensitive; no value, nothing to hide
		"X-Amz-Credential=a%2Fb&x=": "X-Amz-Credential=REDACTED&x=",
	} {
		if got := RedactQuery(in); got != want {
			t.Errorf("RedactQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFullURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://u:p@h.example/x?sig=1#frag": "https://REDACTED:REDACTED@h.example/x?sig=REDACTED#frag",
		"https://u@h.example/":               "https://REDACTED@h.example/",
		"http://h:8080/p?q=1":                "http://h:8080/p?q=1",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := FullURL(u); got != want {
			t.Errorf("FullURL(%q) = %q, want %q", in, got, want)
		}
		if u.String() != in {
			t.Errorf("fullURL modified its argument: %q", u)
		}
	}
}

func TestClientAddress(t *testing.T) {
	cases := []struct{ fwd, xff, peer, want string }{
		{"", "", "10.0.0.1", "10.0.0.1"},
		{"", "203.0.113.5, 10.0.0.2", "10.0.0.1", "203.0.113.5"},
		{`for="[2001:db8::1]:4711";proto=https, for=10.0.0.2`, "1.2.3.4", "10.0.0.1", "2001:db8::1"},
		{"for=_hidden", "1.2.3.4:5", "10.0.0.1", "1.2.3.4"},
	}
	for _, c := range cases {
		if got := ClientAddress(c.fwd, c.xff, c.peer); got != c.want {
			t.Errorf("ClientAddress(%q, %q, %q) = %q, want %q", c.fwd, c.xff, c.peer, got, c.want)
		}
	}
}

func TestSpanName(t *testing.T) {
	if SpanName("GET", false, "") != "GET" || SpanName("_OTHER", true, "/x") != "HTTP /x" || SpanName("PUT", false, "/a") != "PUT /a" {
		t.Error("span names")
	}
}

type badError struct{}

func (*badError) Error() string { panic("broken Error method") }

func TestPanicAndErrorMessages(t *testing.T) {
	if PanicMessage("x") != "x" || PanicMessage(errors.New("e")) != "e" || PanicMessage(42) != "panic: int" {
		t.Error("panic messages")
	}
	if got := PanicMessage(&badError{}); got != "panic: *httpconv.badError" {
		t.Errorf("a panicking Error method: %q", got)
	}
	if got := ErrorMessage(&badError{}); got != "*httpconv.badError" {
		t.Errorf("ErrorMessage of a panicking Error method: %q", got)
	}
	if ErrorType(nil) != "_OTHER" || ErrorType(errors.New("x")) != "*errors.errorString" {
		t.Error("error types")
	}
}
