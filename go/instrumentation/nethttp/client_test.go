package nethttp

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// headerServer is a plain (not instrumented) peer that reports the headers
// it received.
func headerServer(t *testing.T, status int) (*httptest.Server, chan http.Header) {
	t.Helper()
	got := make(chan http.Header, 4)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		w.WriteHeader(status)
	}))
	t.Cleanup(ts.Close)
	return ts, got
}

func wovenClient() (*http.Client, *http.Transport) {
	tr := &http.Transport{}
	return &http.Client{Transport: wovenTransport{tr}}, tr
}

func TestClientSpanAndPropagation(t *testing.T) {
	reset()
	ts, headers := headerServer(t, 200)
	c, tr := wovenClient()
	defer tr.CloseIdleConnections()
	u := strings.Replace(ts.URL, "http://", "http://alice:s3cret@", 1) + "/a/b?X-Amz-Signature=abc&page=2"
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("X-Mine", "1")
	before := req.Header.Clone()
	// Straight to the transport: http.Client forks a request with URL
	// credentials itself, which would hide what the hook does.
	resp, err := c.Transport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request != req {
		t.Errorf("resp.Request is not the caller's request")
	}
	if len(req.Header) != len(before) || req.Header.Get("traceparent") != "" {
		t.Errorf("the caller's request headers were modified: %v", req.Header)
	}
	h := <-headers
	s := waitSpans(t, 1)[0]
	if s.Name != "GET" || s.SpanKind != trace.SpanKindClient {
		t.Fatalf("span %q kind %v", s.Name, s.SpanKind)
	}
	want := "00-" + s.SpanContext.TraceID().String() + "-" + s.SpanContext.SpanID().String() + "-01"
	if h.Get("traceparent") != want || h.Get("X-Mine") != "1" {
		t.Errorf("peer got traceparent %q (want %q), X-Mine %q", h.Get("traceparent"), want, h.Get("X-Mine"))
	}
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://"))
	expectAttrs(t, s.Attributes, map[string]any{
		"http.request.method":       "GET",
		"url.full":                  "http://REDACTED:REDACTED@" + host + ":" + port + "/a/b?X-Amz-Signature=REDACTED&page=2",
		"server.address":            host,
		"server.port":               mustAtoi(t, port),
		"http.response.status_code": 200,
		"network.protocol.version":  "1.1",
	}, "error.type")
	if s.Status.Code != codes.Unset {
		t.Errorf("status %v", s.Status)
	}
}

func TestClientChildOfCallerSpanAndParentOfServerSpan(t *testing.T) {
	reset()
	ts := httptest.NewServer(serverHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	defer ts.Close()
	c, tr := wovenClient()
	defer tr.CloseIdleConnections()
	ctx, parent := get().tracer.Start(context.Background(), "caller")
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/x", strings.NewReader("hi"))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	parent.End()
	got := waitSpans(t, 3)
	byName := map[string]int{}
	for i, s := range got {
		byName[s.Name+"/"+s.SpanKind.String()] = i
	}
	client, server := got[byName["POST/client"]], got[byName["POST/server"]]
	if client.Parent.SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("client span parent %v, want caller %v", client.Parent.SpanID(), parent.SpanContext().SpanID())
	}
	if server.Parent.SpanID() != client.SpanContext.SpanID() || server.SpanContext.TraceID() != client.SpanContext.TraceID() {
		t.Errorf("server span parent %v, want client %v", server.Parent.SpanID(), client.SpanContext.SpanID())
	}
}

func TestClientSuppressedRequestIsLeftAlone(t *testing.T) {
	reset()
	ts, headers := headerServer(t, 200)
	c, tr := wovenClient()
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequestWithContext(hook.Suppress(context.Background()), "GET", ts.URL, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h := <-headers; h.Get("traceparent") != "" {
		t.Errorf("suppressed request carried traceparent %q", h.Get("traceparent"))
	}
	if n := len(spans.GetSpans()); n != 0 {
		t.Errorf("suppressed request made %d spans", n)
	}
}

func TestClientErrors(t *testing.T) {
	reset()
	ts, _ := headerServer(t, 502)
	c, tr := wovenClient()
	defer tr.CloseIdleConnections()
	resp, err := c.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s := waitSpans(t, 1)[0]
	if s.Status.Code != codes.Error {
		t.Errorf("502: status %v, want error", s.Status)
	}
	expectAttrs(t, s.Attributes, map[string]any{"error.type": "502", "http.response.status_code": 502})

	// A transport error: nothing listens on the port any more.
	reset()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	if _, err := c.Get("http://" + addr + "/"); err == nil {
		t.Fatal("expected a connection error")
	}
	s = waitSpans(t, 1)[0]
	if s.Status.Code != codes.Error || !strings.Contains(s.Status.Description, "refused") {
		t.Errorf("status %v", s.Status)
	}
	expectAttrs(t, s.Attributes, map[string]any{"error.type": "*net.OpError"}, "http.response.status_code")
}

func TestClientRedirectsMakeOneSpanPerHop(t *testing.T) {
	reset()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		io.WriteString(w, r.Header.Get("traceparent"))
	}))
	defer ts.Close()
	c, tr := wovenClient()
	defer tr.CloseIdleConnections()
	resp, err := c.Get(ts.URL + "/old")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	got := waitSpans(t, 2)
	second := got[1]
	if !strings.Contains(string(b), second.SpanContext.SpanID().String()) {
		t.Errorf("second hop sent traceparent %q, want span %v", b, second.SpanContext.SpanID())
	}
	expectAttrs(t, got[0].Attributes, map[string]any{"http.response.status_code": 302})
	expectAttrs(t, got[1].Attributes, map[string]any{"http.response.status_code": 200})
}

func TestClientMetric(t *testing.T) {
	reset()
	ts, _ := headerServer(t, 204)
	c, tr := wovenClient()
	defer tr.CloseIdleConnections()
	for i := 0; i < 2; i++ {
		resp, err := c.Get(ts.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	waitSpans(t, 2)
	dps := collectHistogram(t, "http.client.request.duration")
	if len(dps) != 1 || dps[0].Count != 2 {
		t.Fatalf("want one series with 2 requests, got %+v", dps)
	}
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://"))
	for k, want := range map[string]string{
		"http.request.method": "GET", "server.address": host, "server.port": port,
		"http.response.status_code": "204", "url.scheme": "http",
	} {
		if v, ok := dps[0].Attributes.Value(attribute.Key(k)); !ok || v.Emit() != want {
			t.Errorf("metric attribute %s = %q, want %q", k, v.Emit(), want)
		}
	}
}
