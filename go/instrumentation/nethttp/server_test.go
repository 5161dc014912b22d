package nethttp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// newServer starts a loopback server whose handler chain is what woven
// net/http runs: serverHandler (hooked) → h.
func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	reset()
	ts := httptest.NewUnstartedServer(serverHandler(h))
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // panics are logged by net/http
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

func do(t *testing.T, c *http.Client, req *http.Request) (int, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServerSpanRouteThroughCopyingMiddleware(t *testing.T) {
	mux := http.NewServeMux()
	var handlerSpan trace.SpanContext
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		handlerSpan = trace.SpanContextFromContext(r.Context())
		io.WriteString(w, "user "+r.PathValue("id"))
	})
	type k struct{}
	// A middleware that copies the request: the mux sets Pattern on the copy.
	mw := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wovenMux{mux}.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), k{}, 1)))
	})
	ts := newServer(t, mw)
	req, _ := http.NewRequest("GET", ts.URL+"/users/42?q=go&sig=secret", nil)
	req.Header.Set("User-Agent", "gotel-test/1")
	if code, body := do(t, ts.Client(), req); code != 200 || body != "user 42" {
		t.Fatalf("got %d %q", code, body)
	}
	s := waitSpans(t, 1)[0]
	if s.Name != "GET /users/{id}" || s.SpanKind != trace.SpanKindServer {
		t.Fatalf("span %q kind %v", s.Name, s.SpanKind)
	}
	if s.Parent.IsValid() {
		t.Errorf("no trace context was sent, yet the span has parent %v", s.Parent)
	}
	if handlerSpan.SpanID() != s.SpanContext.SpanID() {
		t.Errorf("handler saw span %v, server span is %v", handlerSpan.SpanID(), s.SpanContext.SpanID())
	}
	port := strings.TrimPrefix(ts.URL, "http://127.0.0.1:")
	expectAttrs(t, s.Attributes, map[string]any{
		"http.request.method":       "GET",
		"url.scheme":                "http",
		"url.path":                  "/users/42",
		"url.query":                 "q=go&sig=REDACTED",
		"http.route":                "/users/{id}",
		"http.response.status_code": 200,
		"server.address":            "127.0.0.1",
		"server.port":               mustAtoi(t, port),
		"network.protocol.version":  "1.1",
		"user_agent.original":       "gotel-test/1",
		"client.address":            "127.0.0.1",
		"network.peer.address":      "127.0.0.1",
	}, "error.type", "http.request.method_original")
	if s.Status.Code != codes.Unset {
		t.Errorf("status %v, want unset", s.Status)
	}
}

func mustAtoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestServerExtractsTraceContextAndBaggage(t *testing.T) {
	var seen trace.SpanContext
	var member string
	ts := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = trace.SpanContextFromContext(r.Context())
		member = baggage.FromContext(r.Context()).Member("tenant").Value()
	}))
	req, _ := http.NewRequest("GET", ts.URL+"/x", nil)
	req.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	req.Header.Set("baggage", "tenant=acme")
	do(t, ts.Client(), req)
	s := waitSpans(t, 1)[0]
	if got := s.SpanContext.TraceID().String(); got != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("trace id %s not taken from traceparent", got)
	}
	if !s.Parent.IsRemote() || s.Parent.SpanID().String() != "00f067aa0ba902b7" {
		t.Errorf("parent %v, want remote 00f067aa0ba902b7", s.Parent)
	}
	if seen.SpanID() != s.SpanContext.SpanID() || member != "acme" {
		t.Errorf("handler context: span %v baggage %q", seen.SpanID(), member)
	}
	if s.Name != "GET" {
		t.Errorf("no route known: name %q, want GET", s.Name)
	}
}

func TestServerStatusCodes(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	mux.HandleFunc("POST /teapot", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X", "1")
		w.WriteHeader(http.StatusEarlyHints) // informational: not the final status
		w.WriteHeader(418)
	})
	ts := newServer(t, wovenMux{mux})
	cases := []struct {
		method, path string
		code         int
		name         string
		errType      string
	}{
		{"GET", "/fail", 503, "GET /fail", "503"},
		{"POST", "/teapot", 418, "POST /teapot", ""},
		{"GET", "/nothing", 404, "GET", ""},
	}
	for _, tc := range cases {
		reset()
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
		if code, _ := do(t, ts.Client(), req); code != tc.code {
			t.Fatalf("%s: got %d", tc.path, code)
		}
		s := waitSpans(t, 1)[0]
		if s.Name != tc.name {
			t.Errorf("%s: name %q, want %q", tc.path, s.Name, tc.name)
		}
		want := map[string]any{"http.response.status_code": tc.code}
		if tc.errType != "" {
			want["error.type"] = tc.errType
			if s.Status.Code != codes.Error {
				t.Errorf("%s: status %v, want error", tc.path, s.Status)
			}
			expectAttrs(t, s.Attributes, want)
		} else {
			if s.Status.Code != codes.Unset {
				t.Errorf("%s: status %v, want unset (4xx is not a server error)", tc.path, s.Status)
			}
			expectAttrs(t, s.Attributes, want, "error.type")
		}
	}
}

func TestServerUnknownMethod(t *testing.T) {
	ts := newServer(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req, _ := http.NewRequest("FROB", ts.URL+"/", nil)
	do(t, ts.Client(), req)
	s := waitSpans(t, 1)[0]
	if s.Name != "HTTP" {
		t.Errorf("name %q, want HTTP", s.Name)
	}
	expectAttrs(t, s.Attributes, map[string]any{"http.request.method": "_OTHER", "http.request.method_original": "FROB"})
}

func TestServerPanicIsRecordedAndContinues(t *testing.T) {
	boom := errors.New("boom")
	reached := make(chan any, 1)
	ts := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			// The handler's own view: the panic is still going (the hooks
			// did not swallow it).
			v := recover()
			reached <- v
			panic(v)
		}()
		panic(boom)
	}))
	req, _ := http.NewRequest("GET", ts.URL+"/p", nil)
	if _, err := ts.Client().Do(req); err == nil {
		t.Fatal("net/http answers a panicking handler by closing the connection; the request should fail")
	}
	if v := <-reached; v != boom {
		t.Fatalf("panic value %v", v)
	}
	s := waitSpans(t, 1)[0]
	if s.Status.Code != codes.Error || s.Status.Description != "boom" {
		t.Errorf("status %v", s.Status)
	}
	expectAttrs(t, s.Attributes, map[string]any{"error.type": "*errors.errorString"}, "http.response.status_code")
	if len(s.Events) != 1 || s.Events[0].Name != "exception" {
		t.Fatalf("events %v", s.Events)
	}
	expectAttrs(t, s.Events[0].Attributes, map[string]any{
		"exception.type":    "*errors.errorString",
		"exception.message": "boom",
	})
	if st := attrs(s.Events[0].Attributes)["exception.stacktrace"].AsString(); !strings.Contains(st, "TestServerPanicIsRecordedAndContinues") {
		t.Errorf("stack trace does not show the panicking handler:\n%s", st)
	}
}

func TestServerAbortHandlerIsNotAnError(t *testing.T) {
	ts := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}))
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	if resp, err := ts.Client().Do(req); err == nil {
		io.ReadAll(resp.Body) // the body is cut short
		resp.Body.Close()
	}
	s := waitSpans(t, 1)[0]
	if s.Status.Code != codes.Unset || len(s.Events) != 0 {
		t.Errorf("ErrAbortHandler recorded as an error: %v %v", s.Status, s.Events)
	}
	expectAttrs(t, s.Attributes, map[string]any{"http.response.status_code": 200}, "error.type")
}

func TestServerHijackedHasNoStatus(t *testing.T) {
	ts := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.WriteString("HTTP/1.1 204 No Content\r\n\r\n")
		buf.Flush()
		conn.Close()
	}))
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	if code, _ := do(t, ts.Client(), req); code != 204 {
		t.Fatalf("got %d", code)
	}
	s := waitSpans(t, 1)[0]
	expectAttrs(t, s.Attributes, nil, "http.response.status_code", "error.type")
}

func TestServerHTTP2(t *testing.T) {
	reset()
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /items/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201) })
	ts := httptest.NewUnstartedServer(serverHandler(wovenMux{mux}))
	ts.EnableHTTP2 = true
	ts.StartTLS()
	defer ts.Close()
	req, _ := http.NewRequest("PUT", ts.URL+"/items/7", nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 || resp.StatusCode != 201 {
		t.Fatalf("got %s %d, want HTTP/2 201", resp.Proto, resp.StatusCode)
	}
	s := waitSpans(t, 1)[0]
	if s.Name != "PUT /items/{id}" {
		t.Errorf("name %q", s.Name)
	}
	expectAttrs(t, s.Attributes, map[string]any{
		"network.protocol.version":  "2",
		"url.scheme":                "https",
		"http.response.status_code": 201,
		"http.route":                "/items/{id}",
	})
}

// net/http deletes the temporary files of a parsed multipart form after the
// handler; that must still happen although the handler got a copy of the
// request.
func TestServerMultipartTempFilesStillRemoved(t *testing.T) {
	var tmp string
	ts := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1); err != nil { // force spilling to disk
			t.Error(err)
			return
		}
		f, err := r.MultipartForm.File["f"][0].Open()
		if err != nil {
			t.Error(err)
			return
		}
		if osf, ok := f.(*os.File); ok {
			tmp = osf.Name()
		}
		f.Close()
	}))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("f", "f.txt")
	fw.Write(bytes.Repeat([]byte("x"), 64<<10))
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	do(t, ts.Client(), req)
	waitSpans(t, 1)
	if tmp == "" {
		t.Fatal("the form was not spilled to a temporary file")
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(tmp); os.IsNotExist(err) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("temporary file %s was not removed", tmp)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestServerMetric(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /m/{x}", func(w http.ResponseWriter, r *http.Request) {})
	ts := newServer(t, wovenMux{mux})
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequest("GET", ts.URL+"/m/"+strconv.Itoa(i), nil)
		do(t, ts.Client(), req)
	}
	waitSpans(t, 3)
	dps := collectHistogram(t, "http.server.request.duration")
	if len(dps) != 1 || dps[0].Count != 3 {
		t.Fatalf("want one series with 3 requests, got %+v", dps)
	}
	set := dps[0].Attributes
	for k, want := range map[string]string{
		"http.request.method": "GET", "url.scheme": "http", "http.route": "/m/{x}",
		"http.response.status_code": "200", "network.protocol.version": "1.1",
	} {
		if v, ok := set.Value(attribute.Key(k)); !ok || v.Emit() != want {
			t.Errorf("metric attribute %s = %q, want %q", k, v.Emit(), want)
		}
	}
	if len(dps[0].Bounds) == 0 || dps[0].Bounds[0] != 0.005 || dps[0].Bounds[len(dps[0].Bounds)-1] != 10 {
		t.Errorf("bucket boundaries %v are not the semconv ones", dps[0].Bounds)
	}
}
