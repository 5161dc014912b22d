package fasthttp

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

const remoteParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

func get1(t *testing.T, addr, path string, hdr map[string]string) *fasthttp.Response {
	t.Helper()
	req := fasthttp.AcquireRequest()
	defer fasthttp.ReleaseRequest(req)
	req.SetRequestURI("http://" + addr + path)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp := &fasthttp.Response{}
	if err := fasthttp.DoTimeout(req, resp, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestServerSpan(t *testing.T) {
	spans.Reset()
	histogram(t, "") // drop earlier measurements
	addr := serveHooked(t, &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		if !ServerSpanActive(ctx) {
			t.Error("no span state in the handler")
		}
		ctx.SetStatusCode(201)
		ctx.WriteString("made")
	}})
	resp := get1(t, addr, "/users/42?a=1&sig=secret", map[string]string{
		"traceparent":     remoteParent,
		"User-Agent":      "ua-test",
		"X-Forwarded-For": "203.0.113.9",
	})
	if resp.StatusCode() != 201 || string(resp.Body()) != "made" {
		t.Fatalf("response %d %q", resp.StatusCode(), resp.Body())
	}
	s := waitSpans(t, 1)[0]
	if s.Name != "GET" || s.SpanKind != trace.SpanKindServer {
		t.Errorf("span %q kind %v", s.Name, s.SpanKind)
	}
	if got := s.Parent.TraceID().String(); got != "4bf92f3577b34da6a3ce929d0e0e4736" || !s.Parent.IsRemote() || s.Parent.SpanID().String() != "00f067aa0ba902b7" {
		t.Errorf("parent %v", s.Parent)
	}
	a := attrs(s.Attributes)
	host, port, _ := strings.Cut(addr, ":")
	want := map[attribute.Key]any{
		"http.request.method":       "GET",
		"url.scheme":                "http",
		"url.path":                  "/users/42",
		"url.query":                 "a=1&sig=REDACTED",
		"network.protocol.version":  "1.1",
		"server.address":            host,
		"user_agent.original":       "ua-test",
		"client.address":            "203.0.113.9",
		"network.peer.address":      "127.0.0.1",
		"http.response.status_code": int64(201),
	}
	for k, v := range want {
		if a[k].AsInterface() != v {
			t.Errorf("%s = %v, want %v", k, a[k].AsInterface(), v)
		}
	}
	if p := a["server.port"].AsInt64(); port == "" || p == 0 {
		t.Errorf("server.port %d", p)
	}
	if _, ok := a["network.peer.port"]; !ok {
		t.Error("no network.peer.port")
	}
	if s.Status.Code != codes.Unset {
		t.Errorf("status %v", s.Status)
	}
	dp := histogram(t, "http.server.request.duration")
	if len(dp) != 1 || dp[0].Count != 1 {
		t.Fatalf("server duration points %+v", dp)
	}
	if v, _ := dp[0].Attributes.Value("http.response.status_code"); v.AsInt64() != 201 {
		t.Errorf("metric attributes %v", dp[0].Attributes.ToSlice())
	}
}

func TestServerMalformedTraceparentStartsNewTrace(t *testing.T) {
	spans.Reset()
	addr := serveHooked(t, &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {}})
	for _, tp := range []string{"00-zz-yy-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"} {
		get1(t, addr, "/", map[string]string{"traceparent": tp})
	}
	for _, s := range waitSpans(t, 3) {
		if s.Parent.IsValid() || !s.SpanContext.IsValid() {
			t.Errorf("span %s has parent %v", s.Name, s.Parent)
		}
	}
}

func TestServerErrorStatus(t *testing.T) {
	spans.Reset()
	addr := serveHooked(t, &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		if string(ctx.Path()) == "/bad" {
			ctx.Error("no", 503)
			return
		}
		ctx.Error("not here", 404)
	}})
	get1(t, addr, "/bad", nil)
	get1(t, addr, "/missing", nil)
	got := waitSpans(t, 2)
	by := map[string]tracetest_span{}
	for _, s := range got {
		by[attrs(s.Attributes)["url.path"].AsString()] = tracetest_span{s.Status.Code, attrs(s.Attributes)["error.type"].AsString()}
	}
	if by["/bad"] != (tracetest_span{codes.Error, "503"}) {
		t.Errorf("503: %+v", by["/bad"])
	}
	if by["/missing"] != (tracetest_span{codes.Unset, ""}) {
		t.Errorf("404 (a server span does not fail on 4xx): %+v", by["/missing"])
	}
}

type tracetest_span struct {
	code    codes.Code
	errType string
}

func TestServerWrapsOnce(t *testing.T) {
	spans.Reset()
	s := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {}}
	var m ctxMirror
	ServeConnBefore(nil, s, nil) // a second hook run finds the handler wrapped
	ServeConnBefore(nil, s, nil)
	_ = m
	addr := serveHooked(t, s)
	get1(t, addr, "/once", nil)
	waitSpans(t, 1)
	if n := len(spans.GetSpans()); n != 1 {
		t.Errorf("%d spans for one request", n)
	}
}

func TestFrameworkRouteAndPanic(t *testing.T) {
	spans.Reset()
	addr := serveHooked(t, &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		SetRoute(ctx, "/users/:id")
		SetRoute(ctx, "/") // the first (innermost) route wins
		func() {
			defer func() {
				if r := recover(); r != nil {
					ctx.Error("recovered", 500)
				}
			}()
			defer func() {
				// As a framework hook sees it while the panic unwinds.
				if r := recover(); r != nil {
					RecordPanic(ctx, r)
					RecordPanic(ctx, r) // once per request
					panic(r)
				}
			}()
			panic(errors.New("boom"))
		}()
	}})
	resp := get1(t, addr, "/users/7", nil)
	if resp.StatusCode() != 500 {
		t.Fatalf("status %d", resp.StatusCode())
	}
	s := waitSpans(t, 1)[0]
	a := attrs(s.Attributes)
	if s.Name != "GET /users/:id" || a["http.route"].AsString() != "/users/:id" {
		t.Errorf("name %q route %q", s.Name, a["http.route"].AsString())
	}
	if s.Status.Code != codes.Error || s.Status.Description != "boom" || a["error.type"].AsString() != "*errors.errorString" {
		t.Errorf("status %v error.type %q", s.Status, a["error.type"].AsString())
	}
	if len(s.Events) != 1 || s.Events[0].Name != "exception" {
		t.Fatalf("events %v", s.Events)
	}
	ev := attrs(s.Events[0].Attributes)
	if ev["exception.message"].AsString() != "boom" || !strings.Contains(ev["exception.stacktrace"].AsString(), "TestFrameworkRouteAndPanic") {
		t.Errorf("exception %v", ev)
	}
}

func TestServerTimeoutHandler(t *testing.T) {
	spans.Reset()
	release := make(chan struct{})
	defer close(release)
	addr := serveHooked(t, &fasthttp.Server{Handler: fasthttp.TimeoutWithCodeHandler(func(ctx *fasthttp.RequestCtx) {
		SetRoute(ctx, "/slow") // from the TimeoutHandler's goroutine
		select {
		case <-release:
		case <-time.After(5 * time.Second):
		}
	}, 50*time.Millisecond, "too slow", 504)})
	resp := get1(t, addr, "/slow", nil)
	if resp.StatusCode() != 504 {
		t.Fatalf("status %d", resp.StatusCode())
	}
	s := waitSpans(t, 1)[0]
	a := attrs(s.Attributes)
	if a["http.response.status_code"].AsInt64() != 504 || s.Status.Code != codes.Error {
		t.Errorf("attributes %v status %v", a, s.Status)
	}
}
