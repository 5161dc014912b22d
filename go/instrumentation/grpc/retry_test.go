package grpc

import (
	"context"
	"io"
	"sync/atomic"
	"testing"

	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// A retry policy for test.Echo: UNAVAILABLE is retried, up to 3 attempts,
// with a short backoff.
const retryConfig = `{"methodConfig":[{"name":[{"service":"test.Echo"}],"retryPolicy":{
	"maxAttempts":3,"initialBackoff":"0.01s","maxBackoff":"0.01s","backoffMultiplier":1,
	"retryableStatusCodes":["UNAVAILABLE"]}}]}`

// flaky returns server options that fail the first attempt of every call
// with UNAVAILABLE (before the handler reads anything), and the count of
// attempts the server saw.
func flaky() (*atomic.Int32, []grpc.ServerOption) {
	var n atomic.Int32
	return &n, []grpc.ServerOption{
		grpc.UnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			if n.Add(1) == 1 {
				return nil, status.Error(codes.Unavailable, "try again")
			}
			return h(ctx, req)
		}),
		grpc.StreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			if n.Add(1) == 1 {
				return status.Error(codes.Unavailable, "try again")
			}
			return h(srv, ss)
		}),
	}
}

// checkRetried: one client span for the call, OK, covering both attempts'
// server spans, which are its children; the retry is an event of it.
func checkRetried(t *testing.T, method string) {
	t.Helper()
	ss := waitSpans(t, 3)
	var client tracetest.SpanStub
	var servers []tracetest.SpanStub
	for _, s := range ss {
		switch s.SpanKind {
		case trace.SpanKindClient:
			if client.Name != "" {
				t.Fatalf("two client spans: %v", names(ss))
			}
			client = s
		case trace.SpanKindServer:
			servers = append(servers, s)
		}
	}
	if client.Name != method || len(servers) != 2 {
		t.Fatalf("spans %v", names(ss))
	}
	if str(client, "rpc.response.status_code") != "OK" || client.Status.Code != otelcodes.Unset {
		t.Errorf("client span: %q %v", str(client, "rpc.response.status_code"), client.Status)
	}
	if str(servers[0], "rpc.response.status_code") != "UNAVAILABLE" || str(servers[1], "rpc.response.status_code") != "OK" {
		t.Errorf("server spans: %q then %q", str(servers[0], "rpc.response.status_code"), str(servers[1], "rpc.response.status_code"))
	}
	for _, s := range servers {
		if s.Parent.SpanID() != client.SpanContext.SpanID() || s.SpanContext.TraceID() != client.SpanContext.TraceID() {
			t.Errorf("server span's parent %v, want the call's span %v", s.Parent, client.SpanContext)
		}
		// The server's span may end after the client read the status; it
		// starts within the call.
		if s.StartTime.Before(client.StartTime) || s.StartTime.After(client.EndTime) {
			t.Errorf("server span from %v, outside the call's %v..%v", s.StartTime, client.StartTime, client.EndTime)
		}
	}
	var retries int
	for _, e := range client.Events {
		if e.Name != retryEventName {
			continue
		}
		retries++
		for _, kv := range e.Attributes {
			if kv.Key == keyPreviousAttempts && kv.Value.AsInt64() != 1 {
				t.Errorf("previous-rpc-attempts %v", kv.Value.Emit())
			}
			if kv.Key == keyTransparentRetry && kv.Value.AsBool() {
				t.Errorf("a policy retry reported as transparent")
			}
		}
	}
	if retries != 1 {
		t.Errorf("%d retry events: %v", retries, client.Events)
	}
}

// A call retried by the service config's policy has one client span,
// from the call to its final status.
func TestRetriedCall(t *testing.T) {
	t.Run("unary", func(t *testing.T) {
		attempts, opts := flaky()
		addr := serve(t, newServer, opts...)
		cc := newClient(t, addr, grpc.WithDefaultServiceConfig(retryConfig))
		spans.Reset()
		if got, err := unary(context.Background(), cc, "hi"); err != nil || got != "echo hi" {
			t.Fatalf("unary = %q, %v", got, err)
		}
		if attempts.Load() != 2 {
			t.Fatalf("%d attempts reached the server", attempts.Load())
		}
		checkRetried(t, "test.Echo/Unary")
	})
	t.Run("server streaming", func(t *testing.T) {
		attempts, opts := flaky()
		addr := serve(t, newServer, opts...)
		cc := newClient(t, addr, grpc.WithDefaultServiceConfig(retryConfig))
		spans.Reset()
		cs, err := cc.NewStream(context.Background(), serverStreamDesc, "/test.Echo/ServerStream")
		if err != nil {
			t.Fatal(err)
		}
		if err := cs.SendMsg(wrapperspb.String("x")); err != nil {
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
		if n != 3 || rerr != io.EOF || attempts.Load() != 2 {
			t.Fatalf("%d messages, then %v, %d attempts", n, rerr, attempts.Load())
		}
		checkRetried(t, "test.Echo/ServerStream")
	})
	t.Run("attempts exhausted", func(t *testing.T) {
		var n atomic.Int32
		addr := serve(t, newServer, grpc.UnaryInterceptor(func(context.Context, any, *grpc.UnaryServerInfo, grpc.UnaryHandler) (any, error) {
			n.Add(1)
			return nil, status.Error(codes.Unavailable, "down for good")
		}))
		cc := newClient(t, addr, grpc.WithDefaultServiceConfig(retryConfig))
		spans.Reset()
		if _, err := unary(context.Background(), cc, "x"); status.Code(err) != codes.Unavailable || n.Load() != 3 {
			t.Fatalf("err %v after %d attempts", err, n.Load())
		}
		ss := waitSpans(t, 4)
		var clients []tracetest.SpanStub
		for _, s := range ss {
			if s.SpanKind == trace.SpanKindClient {
				clients = append(clients, s)
			}
		}
		if len(clients) != 1 || len(ss) != 4 {
			t.Fatalf("spans %v", names(ss))
		}
		c := clients[0]
		if str(c, "rpc.response.status_code") != "UNAVAILABLE" || c.Status.Code != otelcodes.Error || c.Status.Description != "down for good" {
			t.Errorf("client span %q %v", str(c, "rpc.response.status_code"), c.Status)
		}
	})
}

// Several traceparent values: the server continues the first, whichever
// client sent them; a gotel client replaces the caller's own.
func TestSeveralTraceparents(t *testing.T) {
	var seen []string
	addr := serve(t, newServer, grpc.UnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		seen = metadata.ValueFromIncomingContext(ctx, "traceparent")
		return h(ctx, req)
	}))
	const first = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	const second = "00-11111111111111111111111111111111-2222222222222222-01"

	plain, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	spans.Reset()
	ctx := metadata.AppendToOutgoingContext(context.Background(), "traceparent", first, "traceparent", second)
	if _, err := unary(ctx, plain, "x"); err != nil {
		t.Fatal(err)
	}
	s := waitSpans(t, 1)[0]
	if len(seen) != 2 || s.Parent.TraceID().String() != "0af7651916cd43dd8448eb211c80319c" || s.Parent.SpanID().String() != "b7ad6b7169203331" {
		t.Errorf("server got %v, parent %v: want the first", seen, s.Parent)
	}

	// The caller set a traceparent of its own, in both ways metadata is
	// added: gotel's client sends one, its span's.
	cc := newClient(t, addr)
	for name, ctx := range map[string]context.Context{
		"appended": metadata.AppendToOutgoingContext(context.Background(), "Traceparent", first),
		"new":      metadata.NewOutgoingContext(context.Background(), metadata.Pairs("traceparent", first, "user", "u")),
	} {
		spans.Reset()
		if _, err := unary(ctx, cc, "x"); err != nil {
			t.Fatal(err)
		}
		ss := waitSpans(t, 2)
		client, server := byKind(t, ss, trace.SpanKindClient), byKind(t, ss, trace.SpanKindServer)
		want := "00-" + client.SpanContext.TraceID().String() + "-" + client.SpanContext.SpanID().String() + "-01"
		if len(seen) != 1 || seen[0] != want || server.Parent.SpanID() != client.SpanContext.SpanID() {
			t.Errorf("%s: server got %v, want [%s]; server parent %v", name, seen, want, server.Parent)
		}
		if md, _ := metadata.FromOutgoingContext(ctx); md.Get("traceparent")[0] != first {
			t.Errorf("%s: the caller's context changed: %v", name, md)
		}
	}
}
