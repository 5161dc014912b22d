package fasthttp

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// plainServer serves without hooks and reports the traceparent it got.
func plainServer(t *testing.T, h fasthttp.RequestHandler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fasthttp.Server{Handler: h}
	go s.Serve(ln)
	t.Cleanup(func() { _ = s.Shutdown() })
	return ln.Addr().String()
}

func TestClientSpanAndPropagation(t *testing.T) {
	spans.Reset()
	histogram(t, "")
	got := make(chan string, 1)
	addr := plainServer(t, func(ctx *fasthttp.RequestCtx) {
		got <- string(ctx.Request.Header.Peek("traceparent"))
		ctx.WriteString("ok")
	})
	hc := &fasthttp.HostClient{Addr: addr}
	req := fasthttp.AcquireRequest()
	req.SetRequestURI("http://" + addr + "/p?x=1&X-Amz-Signature=s")
	req.Header.Set("Tracestate", "mine=1")
	resp := fasthttp.AcquireResponse()
	if err := wovenDo(hc, req, resp); err != nil {
		t.Fatal(err)
	}
	if string(resp.Body()) != "ok" {
		t.Fatalf("body %q", resp.Body())
	}
	s := waitSpans(t, 1)[0]
	if s.Name != "GET" || s.SpanKind != trace.SpanKindClient || s.Parent.IsValid() {
		t.Errorf("span %q kind %v parent %v", s.Name, s.SpanKind, s.Parent)
	}
	tp := <-got
	if want := "00-" + s.SpanContext.TraceID().String() + "-" + s.SpanContext.SpanID().String() + "-01"; tp != want {
		t.Errorf("server got traceparent %q, want %q", tp, want)
	}
	// The caller's request is as it was.
	if v := req.Header.Peek("traceparent"); v != nil {
		t.Errorf("traceparent left on the caller's request: %q", v)
	}
	if v := string(req.Header.Peek("Tracestate")); v != "mine=1" {
		t.Errorf("tracestate not restored: %q", v)
	}
	a := attrs(s.Attributes)
	host, _, _ := strings.Cut(addr, ":")
	if a["url.full"].AsString() != "http://"+addr+"/p?x=1&X-Amz-Signature=REDACTED" ||
		a["server.address"].AsString() != host || a["server.port"].AsInt64() == 0 ||
		a["http.response.status_code"].AsInt64() != 200 || a["network.protocol.version"].AsString() != "1.1" {
		t.Errorf("attributes %v", a)
	}
	dp := histogram(t, "http.client.request.duration")
	if len(dp) != 1 || dp[0].Count != 1 {
		t.Fatalf("client duration points %+v", dp)
	}
}

func TestClientErrors(t *testing.T) {
	spans.Reset()
	// A port nothing listens on.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	down := ln.Addr().String()
	ln.Close()
	hc := &fasthttp.HostClient{Addr: down}
	req := &fasthttp.Request{}
	req.SetRequestURI("http://" + down + "/")
	plainErr := (&fasthttp.HostClient{Addr: down}).Do(req, &fasthttp.Response{})
	err := wovenDo(hc, req, &fasthttp.Response{})
	if err == nil || plainErr == nil || errors.Unwrap(err) != nil && errors.Unwrap(plainErr) == nil {
		t.Fatalf("err %v, plain %v", err, plainErr)
	}
	s := waitSpans(t, 1)[0]
	if s.Status.Code != codes.Error || attrs(s.Attributes)["error.type"].AsString() == "" {
		t.Errorf("refused: status %v attrs %v", s.Status, s.Attributes)
	}

	// A timeout.
	spans.Reset()
	block := make(chan struct{})
	defer close(block)
	addr := plainServer(t, func(ctx *fasthttp.RequestCtx) {
		select {
		case <-block:
		case <-time.After(5 * time.Second):
		}
	})
	hc = &fasthttp.HostClient{Addr: addr}
	req.SetRequestURI("http://" + addr + "/slow")
	var terr error
	woven(func(c *hook.Context) { ClientBefore(c, hc, req, nil) },
		func() { terr = hc.DoTimeout(req, nil, 50*time.Millisecond) },
		func(c *hook.Context) { ClientAfter(c, terr) })
	if !errors.Is(terr, fasthttp.ErrTimeout) {
		t.Fatalf("timeout err %v", terr)
	}
	s = waitSpans(t, 1)[0]
	if s.Status.Code != codes.Error || attrs(s.Attributes)["error.type"].AsString() != "timeout" {
		t.Errorf("timeout: status %v attrs %v", s.Status, s.Attributes)
	}

	// 4xx fails a client span.
	spans.Reset()
	addr = plainServer(t, func(ctx *fasthttp.RequestCtx) { ctx.Error("gone", 410) })
	hc = &fasthttp.HostClient{Addr: addr}
	req.SetRequestURI("http://" + addr + "/gone")
	resp := &fasthttp.Response{}
	if err := wovenDo(hc, req, resp); err != nil || resp.StatusCode() != 410 {
		t.Fatalf("err %v status %d", err, resp.StatusCode())
	}
	s = waitSpans(t, 1)[0]
	if s.Status.Code != codes.Error || attrs(s.Attributes)["error.type"].AsString() != "410" {
		t.Errorf("410: status %v attrs %v", s.Status, s.Attributes)
	}
}
