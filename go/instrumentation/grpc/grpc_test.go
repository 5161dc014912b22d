package grpc

import (
	"context"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func attr(s tracetest.SpanStub, k attribute.Key) (attribute.Value, bool) {
	for _, kv := range s.Attributes {
		if kv.Key == k {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func str(s tracetest.SpanStub, k attribute.Key) string {
	v, _ := attr(s, k)
	return v.Emit()
}

func byKind(t *testing.T, ss tracetest.SpanStubs, kind trace.SpanKind) tracetest.SpanStub {
	t.Helper()
	for _, s := range ss {
		if s.SpanKind == kind {
			return s
		}
	}
	t.Fatalf("no %v span in %v", kind, names(ss))
	return tracetest.SpanStub{}
}

// pair checks one RPC's client and server spans: one trace, the server's
// parent the client's, the conventions' attributes.
func pair(t *testing.T, ss tracetest.SpanStubs, addr, method, code string) (client, server tracetest.SpanStub) {
	t.Helper()
	client, server = byKind(t, ss, trace.SpanKindClient), byKind(t, ss, trace.SpanKindServer)
	if client.Name != method || server.Name != method {
		t.Errorf("span names %q, %q, want %q", client.Name, server.Name, method)
	}
	if server.Parent.SpanID() != client.SpanContext.SpanID() || server.SpanContext.TraceID() != client.SpanContext.TraceID() {
		t.Errorf("server span's parent %v, want the client span %v", server.Parent, client.SpanContext)
	}
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	for _, s := range []tracetest.SpanStub{client, server} {
		if got := str(s, "rpc.system.name"); got != "grpc" {
			t.Errorf("%v rpc.system.name %q", s.SpanKind, got)
		}
		if got := str(s, "rpc.method"); got != method {
			t.Errorf("%v rpc.method %q, want %q", s.SpanKind, got, method)
		}
		if got := str(s, "rpc.response.status_code"); got != code {
			t.Errorf("%v rpc.response.status_code %q, want %q", s.SpanKind, got, code)
		}
		if got := str(s, "server.address"); got != host {
			t.Errorf("%v server.address %q, want %q", s.SpanKind, got, host)
		}
		if v, _ := attr(s, "server.port"); v.AsInt64() != int64(p) {
			t.Errorf("%v server.port %v, want %d", s.SpanKind, v.Emit(), p)
		}
		if s.InstrumentationScope.Name != ScopeName {
			t.Errorf("scope %q", s.InstrumentationScope.Name)
		}
	}
	if str(server, "network.peer.address") != "127.0.0.1" {
		t.Errorf("server network.peer.address %q", str(server, "network.peer.address"))
	}
	return client, server
}

func TestUnary(t *testing.T) {
	spans.Reset()
	addr := serve(t, newServer)
	cc := newClient(t, addr)

	// A parent in the caller's context.
	parent := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1, 2, 3}, SpanID: trace.SpanID{4, 5}, TraceFlags: trace.FlagsSampled,
	})
	ctx := trace.ContextWithSpanContext(context.Background(), parent)
	got, err := unary(ctx, cc, "hi")
	if err != nil || got != "echo hi" {
		t.Fatalf("unary = %q, %v", got, err)
	}
	ss := waitSpans(t, 2)
	client, server := pair(t, ss, addr, "test.Echo/Unary", "OK")
	if client.Parent.SpanID() != parent.SpanID() || client.SpanContext.TraceID() != parent.TraceID() {
		t.Errorf("client span's parent %v, want the context's %v", client.Parent, parent)
	}
	for _, s := range []tracetest.SpanStub{client, server} {
		if s.Status.Code != otelcodes.Unset {
			t.Errorf("%v status %v", s.SpanKind, s.Status)
		}
		if _, ok := attr(s, "error.type"); ok {
			t.Errorf("%v has error.type", s.SpanKind)
		}
	}
	checkMetrics(t, addr)
}

// checkMetrics: both call-duration histograms, in seconds, with the
// advised boundaries and the conventions' attributes. The server records
// its point after its span ends, on its own goroutine: wait for it
// (bounded).
func checkMetrics(t *testing.T, addr string) {
	t.Helper()
	names := []string{"rpc.server.call.duration", "rpc.client.call.duration"}
	deadline := time.Now().Add(5 * time.Second)
	for {
		found, problems := scanMetrics(t)
		missing := []string{}
		for _, n := range names {
			if !found[n] {
				missing = append(missing, n)
			}
		}
		if len(missing) == 0 || time.Now().After(deadline) {
			for _, p := range problems {
				t.Error(p)
			}
			for _, n := range missing {
				t.Errorf("no %s point for test.Echo/Unary OK", n)
			}
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func scanMetrics(t *testing.T) (found map[string]bool, problems []string) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	found = map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != ScopeName {
			continue
		}
		for _, m := range sm.Metrics {
			h, ok := m.Data.(metricdata.Histogram[float64])
			if !ok || m.Unit != "s" {
				problems = append(problems, fmt.Sprintf("%s: %T unit %q", m.Name, m.Data, m.Unit))
				continue
			}
			for _, dp := range h.DataPoints {
				if !slices.Equal(dp.Bounds, []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}) {
					problems = append(problems, fmt.Sprintf("%s bounds %v", m.Name, dp.Bounds))
				}
				m2, _ := dp.Attributes.Value("rpc.method")
				sys, _ := dp.Attributes.Value("rpc.system.name")
				code, _ := dp.Attributes.Value("rpc.response.status_code")
				host, _ := dp.Attributes.Value("server.address")
				if m2.AsString() == "test.Echo/Unary" && sys.AsString() == "grpc" && code.AsString() == "OK" && host.AsString() == "127.0.0.1" && dp.Count > 0 {
					found[m.Name] = true
				}
			}
		}
	}
	return found, problems
}

func TestStreams(t *testing.T) {
	addr := serve(t, newServer)
	cc := newClient(t, addr)
	ctx := context.Background()

	t.Run("client streaming", func(t *testing.T) {
		spans.Reset()
		cs, err := cc.NewStream(ctx, clientStreamDesc, "/test.Echo/ClientStream")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if err := cs.SendMsg(wrapperspb.String("x")); err != nil {
				t.Fatal(err)
			}
		}
		if err := cs.CloseSend(); err != nil {
			t.Fatal(err)
		}
		out := new(wrapperspb.StringValue)
		if err := cs.RecvMsg(out); err != nil || out.Value != "got 3" {
			t.Fatalf("got %q, %v", out.Value, err)
		}
		if err := cs.RecvMsg(out); err != io.EOF {
			t.Fatalf("second RecvMsg: %v", err)
		}
		pair(t, waitSpans(t, 2), addr, "test.Echo/ClientStream", "OK")
	})
	t.Run("server streaming", func(t *testing.T) {
		spans.Reset()
		cs, err := cc.NewStream(ctx, serverStreamDesc, "/test.Echo/ServerStream")
		if err != nil {
			t.Fatal(err)
		}
		if err := cs.SendMsg(wrapperspb.String("internal")); err != nil {
			t.Fatal(err)
		}
		cs.CloseSend()
		n := 0
		var rerr error
		for {
			if rerr = cs.RecvMsg(new(wrapperspb.StringValue)); rerr != nil {
				break
			}
			n++
		}
		if n != 3 || status.Code(rerr) != codes.Internal {
			t.Fatalf("%d messages, then %v", n, rerr)
		}
		client, server := pair(t, waitSpans(t, 2), addr, "test.Echo/ServerStream", "INTERNAL")
		for _, s := range []tracetest.SpanStub{client, server} {
			if s.Status.Code != otelcodes.Error || s.Status.Description != "stream broke" || str(s, "error.type") != "INTERNAL" {
				t.Errorf("%v: status %v error.type %q", s.SpanKind, s.Status, str(s, "error.type"))
			}
		}
	})
	t.Run("bidi streaming", func(t *testing.T) {
		spans.Reset()
		cs, err := cc.NewStream(ctx, bidiDesc, "/test.Echo/Bidi")
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{"a", "b"} {
			if err := cs.SendMsg(wrapperspb.String(v)); err != nil {
				t.Fatal(err)
			}
			out := new(wrapperspb.StringValue)
			if err := cs.RecvMsg(out); err != nil || out.Value != v {
				t.Fatalf("got %q, %v", out.Value, err)
			}
		}
		cs.CloseSend()
		if err := cs.RecvMsg(new(wrapperspb.StringValue)); err != io.EOF {
			t.Fatalf("end of stream: %v", err)
		}
		pair(t, waitSpans(t, 2), addr, "test.Echo/Bidi", "OK")
	})
	t.Run("bidi cancelled", func(t *testing.T) {
		spans.Reset()
		cctx, cancel := context.WithCancel(ctx)
		cs, err := cc.NewStream(cctx, bidiDesc, "/test.Echo/Bidi")
		if err != nil {
			t.Fatal(err)
		}
		if err := cs.SendMsg(wrapperspb.String("wait")); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := cs.RecvMsg(new(wrapperspb.StringValue)); status.Code(err) != codes.Canceled {
			t.Fatalf("cancelled stream: %v", err)
		}
		ss := waitSpans(t, 2)
		client, server := byKind(t, ss, trace.SpanKindClient), byKind(t, ss, trace.SpanKindServer)
		if str(client, "rpc.response.status_code") != "CANCELLED" || client.Status.Code != otelcodes.Error || str(client, "error.type") != "CANCELLED" {
			t.Errorf("client: %q %v", str(client, "rpc.response.status_code"), client.Status)
		}
		// CANCELLED is the caller's doing: no error on the server.
		if str(server, "rpc.response.status_code") != "CANCELLED" || server.Status.Code != otelcodes.Unset {
			t.Errorf("server: %q %v", str(server, "rpc.response.status_code"), server.Status)
		}
	})
}

func TestErrors(t *testing.T) {
	addr := serve(t, newServer)
	cc := newClient(t, addr)
	for _, tc := range []struct {
		value, code string
		serverErr   bool
	}{
		{"notfound", "NOT_FOUND", false},
		{"internal", "INTERNAL", true},
		{"plain", "UNKNOWN", true},
	} {
		t.Run(tc.value, func(t *testing.T) {
			spans.Reset()
			_, err := unary(context.Background(), cc, tc.value)
			if err == nil {
				t.Fatal("no error")
			}
			client, server := pair(t, waitSpans(t, 2), addr, "test.Echo/Unary", tc.code)
			if client.Status.Code != otelcodes.Error || str(client, "error.type") != tc.code {
				t.Errorf("client: %v %q", client.Status, str(client, "error.type"))
			}
			if (server.Status.Code == otelcodes.Error) != tc.serverErr || (str(server, "error.type") != "") != tc.serverErr {
				t.Errorf("server: %v %q, want error %v", server.Status, str(server, "error.type"), tc.serverErr)
			}
		})
	}
	t.Run("deadline", func(t *testing.T) {
		spans.Reset()
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := unary(ctx, cc, "wait")
		if status.Code(err) != codes.DeadlineExceeded {
			t.Fatalf("err %v", err)
		}
		ss := waitSpans(t, 2)
		client, server := byKind(t, ss, trace.SpanKindClient), byKind(t, ss, trace.SpanKindServer)
		if str(client, "rpc.response.status_code") != "DEADLINE_EXCEEDED" || client.Status.Code != otelcodes.Error {
			t.Errorf("client: %q %v", str(client, "rpc.response.status_code"), client.Status)
		}
		// The server's own timer or the client's RST_STREAM, whichever
		// comes first, ends the handler's context.
		switch code := str(server, "rpc.response.status_code"); {
		case code == "DEADLINE_EXCEEDED" && server.Status.Code == otelcodes.Error:
		case code == "CANCELLED" && server.Status.Code == otelcodes.Unset:
		default:
			t.Errorf("server: %q %v", code, server.Status)
		}
	})
	t.Run("unknown method", func(t *testing.T) {
		spans.Reset()
		err := cc.Invoke(context.Background(), "/test.Echo/Nope", wrapperspb.String("x"), new(wrapperspb.StringValue))
		if status.Code(err) != codes.Unimplemented {
			t.Fatalf("err %v", err)
		}
		ss := waitSpans(t, 2)
		client, server := byKind(t, ss, trace.SpanKindClient), byKind(t, ss, trace.SpanKindServer)
		if client.Name != "test.Echo/Nope" || str(client, "rpc.method") != "test.Echo/Nope" {
			t.Errorf("client %q %q", client.Name, str(client, "rpc.method"))
		}
		if server.Name != "grpc" || str(server, "rpc.method") != "_OTHER" || str(server, "rpc.method_original") != "/test.Echo/Nope" ||
			server.Status.Code != otelcodes.Error || str(server, "error.type") != "UNIMPLEMENTED" {
			t.Errorf("server %q %q %q %v", server.Name, str(server, "rpc.method"), str(server, "rpc.method_original"), server.Status)
		}
	})
}

// A server that is down: the program gets grpc's own error, the span
// records it.
func TestServerDown(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()

	plain, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	_, want := unary(context.Background(), plain, "x")

	spans.Reset()
	cc := newClient(t, addr)
	_, got := unary(context.Background(), cc, "x")
	if status.Code(got) != codes.Unavailable || status.Code(got) != status.Code(want) {
		t.Fatalf("error %v, without gotel %v", got, want)
	}
	s := waitSpans(t, 1)[0]
	if s.SpanKind != trace.SpanKindClient || s.Status.Code != otelcodes.Error || str(s, "error.type") != "UNAVAILABLE" {
		t.Errorf("span %s %v %q", s.Name, s.Status, str(s, "error.type"))
	}
}

// Incoming trace context from a client gotel does not instrument.
func TestIncomingTraceContext(t *testing.T) {
	addr := serve(t, newServer)
	plain, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for _, tc := range []struct {
		name, tp string
		parent   bool
	}{
		{"foreign", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", true},
		{"malformed", "00-zzzz-b7ad6b7169203331-01", false},
		{"zero trace id", "00-00000000000000000000000000000000-b7ad6b7169203331-01", false},
		{"none", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spans.Reset()
			ctx := context.Background()
			if tc.tp != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "traceparent", tc.tp)
			}
			if got, err := unary(ctx, plain, "x"); err != nil || got != "echo x" {
				t.Fatalf("%q %v", got, err)
			}
			s := waitSpans(t, 1)[0]
			if tc.parent {
				if s.Parent.TraceID().String() != "0af7651916cd43dd8448eb211c80319c" || s.Parent.SpanID().String() != "b7ad6b7169203331" || !s.Parent.IsRemote() {
					t.Errorf("parent %v", s.Parent)
				}
			} else if s.Parent.IsValid() || !s.SpanContext.IsValid() {
				t.Errorf("want a new trace, parent %v", s.Parent)
			}
		})
	}
}

// The program's own interceptors and stats handlers keep working, and the
// handler sees gotel's span in its context.
type countingHandler struct{ tags, ends atomic.Int32 }

func (h *countingHandler) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context {
	h.tags.Add(1)
	return ctx
}
func (h *countingHandler) HandleRPC(_ context.Context, s stats.RPCStats) {
	if _, ok := s.(*stats.End); ok {
		h.ends.Add(1)
	}
}
func (h *countingHandler) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}
func (h *countingHandler) HandleConn(context.Context, stats.ConnStats) {}

func TestProgramOptionsKept(t *testing.T) {
	spans.Reset()
	var sh, ch countingHandler
	var seen trace.SpanContext
	var icpt, chained, cicpt atomic.Int32
	addr := serve(t, newServer,
		grpc.StatsHandler(&sh),
		grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			icpt.Add(1)
			seen = trace.SpanContextFromContext(ctx)
			return h(ctx, req)
		}),
		grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			chained.Add(1)
			return h(ctx, req)
		}))
	opts := []grpc.DialOption{grpc.WithStatsHandler(&ch), grpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		cicpt.Add(1)
		return invoker(ctx, method, req, reply, cc, opts...)
	})}
	// Dial as a program does: DialContext, whose options reach NewClient.
	DialContextBefore(new(hook.Context), context.Background(), addr, &opts)
	n := len(opts)
	NewClientBefore(new(hook.Context), addr, &opts)
	if len(opts) != n {
		t.Fatalf("NewClient's hook added a second handler")
	}
	cc := newClient(t, addr, opts...)
	if _, err := unary(context.Background(), cc, "x"); err != nil {
		t.Fatal(err)
	}
	ss := waitSpans(t, 2)
	if len(ss) != 2 {
		t.Fatalf("spans %v", names(ss))
	}
	_, server := pair(t, ss, addr, "test.Echo/Unary", "OK")
	if seen.SpanID() != server.SpanContext.SpanID() {
		t.Errorf("the program's interceptor saw %v, want gotel's span", seen)
	}
	deadline := time.Now().Add(5 * time.Second)
	for sh.ends.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if sh.tags.Load() != 1 || sh.ends.Load() != 1 || ch.tags.Load() != 1 || ch.ends.Load() != 1 ||
		icpt.Load() != 1 || chained.Load() != 1 || cicpt.Load() != 1 {
		t.Errorf("program's handlers/interceptors: server %d/%d client %d/%d, interceptors %d %d %d",
			sh.tags.Load(), sh.ends.Load(), ch.tags.Load(), ch.ends.Load(), icpt.Load(), chained.Load(), cicpt.Load())
	}
}

// The caller's outgoing metadata stays as it was, plus the trace context.
func TestOutgoingMetadataKept(t *testing.T) {
	var got metadata.MD
	addr := serve(t, newServer, grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		got, _ = metadata.FromIncomingContext(ctx)
		return h(ctx, req)
	}))
	cc := newClient(t, addr)
	spans.Reset()
	ctx := metadata.NewOutgoingContext(context.Background(), metadata.Pairs("user", "u1"))
	ctx = metadata.AppendToOutgoingContext(ctx, "extra", "e1")
	if _, err := unary(ctx, cc, "x"); err != nil {
		t.Fatal(err)
	}
	client := byKind(t, waitSpans(t, 2), trace.SpanKindClient)
	if got.Get("user")[0] != "u1" || got.Get("extra")[0] != "e1" || len(got.Get("traceparent")) != 1 ||
		got.Get("traceparent")[0] != "00-"+client.SpanContext.TraceID().String()+"-"+client.SpanContext.SpanID().String()+"-01" {
		t.Errorf("server got %v", got)
	}
	if md, _ := metadata.FromOutgoingContext(ctx); len(md) != 2 {
		t.Errorf("the caller's context changed: %v", md)
	}
}

func TestTargetAddress(t *testing.T) {
	for _, tc := range []struct {
		target string
		host   string
		port   int
	}{
		{"127.0.0.1:50051", "127.0.0.1", 50051},
		{"dns:///example.com:8080", "example.com", 8080},
		{"dns://8.8.8.8/example.com", "example.com", 443},
		{"example.com", "example.com", 443},
		{"passthrough:///10.0.0.1:9000", "10.0.0.1", 9000},
		{"[::1]:50051", "::1", 50051},
		{"unix:///tmp/grpc.sock", "/tmp/grpc.sock", -1},
		{"unix:relative.sock", "relative.sock", -1},
		{"xds:///svc", "svc", -1},
	} {
		h, p := targetAddress(tc.target)
		if h != tc.host || p != tc.port {
			t.Errorf("%q: %q %d, want %q %d", tc.target, h, p, tc.host, tc.port)
		}
	}
}

func TestSplitMethod(t *testing.T) {
	for in, want := range map[string]string{"/a.B/C": "a.B/C", "/B/C": "B/C", "a.B/C": "", "/abc": "", "/a/": "", "": ""} {
		m, ok := splitMethod(in)
		if (want == "") == ok || (ok && m != want) {
			t.Errorf("%q: %q %v", in, m, ok)
		}
	}
}

// An UnknownServiceHandler serves methods the server did not register: the
// span ends at the RPC's End with the handler's status, not at the trailer.
func TestUnknownServiceHandler(t *testing.T) {
	addr := serve(t, newServer, grpc.UnknownServiceHandler(func(_ any, ss grpc.ServerStream) error {
		in := new(wrapperspb.StringValue)
		if err := ss.RecvMsg(in); err != nil {
			return err
		}
		return ss.SendMsg(wrapperspb.String("proxied " + in.Value))
	}))
	cc := newClient(t, addr)
	spans.Reset()
	out := new(wrapperspb.StringValue)
	if err := cc.Invoke(context.Background(), "/other.Svc/Call", wrapperspb.String("x"), out); err != nil || out.Value != "proxied x" {
		t.Fatalf("%q %v", out.Value, err)
	}
	server := byKind(t, waitSpans(t, 2), trace.SpanKindServer)
	if server.Name != "grpc" || str(server, "rpc.method") != "_OTHER" || str(server, "rpc.method_original") != "/other.Svc/Call" ||
		str(server, "rpc.response.status_code") != "OK" || server.Status.Code != otelcodes.Unset {
		t.Errorf("server span %q %v %v", server.Name, server.Attributes, server.Status)
	}
}
