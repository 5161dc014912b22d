package goredis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

// newClient returns a client on DB 3 instrumented as the woven NewClient
// would, and a key prefix unique to the test run.
func newClient(t *testing.T) (*redis.Client, string) {
	t.Helper()
	needRedis(t)
	c := redis.NewClient(&redis.Options{Addr: redisAddr, DB: 3})
	NewClientAfter(nil, c)
	t.Cleanup(func() { c.Close() })
	return c, fmt.Sprintf("gotel:goredis:%d:", time.Now().UnixNano())
}

func TestCommands(t *testing.T) {
	sr, rd := setup(t)
	c, p := newClient(t)
	ctx := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled}))

	if err := c.Set(ctx, p+"a", "secret-value", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Get(ctx, p+"missing").Err(); !errors.Is(err, redis.Nil) {
		t.Fatalf("get missing: %v", err)
	}
	if err := c.LPush(ctx, p+"a", "x").Err(); err == nil {
		t.Fatal("LPUSH on a string succeeded")
	}
	if err := c.ConfigGet(ctx, "maxmemory").Err(); err != nil {
		t.Fatal(err)
	}
	c.Del(ctx, p+"a")

	spans := sr.Ended()
	if len(spans) != 5 {
		t.Fatalf("%d spans, want 5", len(spans))
	}
	for _, s := range spans {
		a := attrs(s.Attributes())
		if s.SpanKind() != trace.SpanKindClient || s.Parent().SpanID() != (trace.SpanID{2}) ||
			a["db.system.name"] != "redis" || a["db.namespace"] != "3" ||
			a["server.address"] != "127.0.0.1" || a["server.port"] != "6379" {
			t.Errorf("span %s: kind %v parent %v attrs %v", s.Name(), s.SpanKind(), s.Parent().SpanID(), a)
		}
		for k, v := range a {
			if k != "db.namespace" && (contains(v, "secret") || contains(v, p)) {
				t.Errorf("span %s exports a value: %s=%s", s.Name(), k, v)
			}
		}
	}
	set, get, lpush, cfg := spans[0], spans[1], spans[2], spans[3]
	if a := attrs(set.Attributes()); set.Name() != "SET" || a["db.operation.name"] != "SET" || a["db.query.text"] != "SET ? ?" {
		t.Errorf("SET span: %s %v", set.Name(), a)
	}
	if get.Status().Code != codes.Unset || attrs(get.Attributes())["error.type"] != "" {
		t.Errorf("redis.Nil recorded as an error: %v", get.Status())
	}
	if a := attrs(lpush.Attributes()); lpush.Status().Code != codes.Error || lpush.Status().Description != "WRONGTYPE" ||
		a["error.type"] != "WRONGTYPE" || a["db.response.status_code"] != "WRONGTYPE" {
		t.Errorf("LPUSH span: %v %v", lpush.Status(), a)
	}
	if a := attrs(cfg.Attributes()); cfg.Name() != "CONFIG GET" || a["db.query.text"] != "CONFIG GET ?" {
		t.Errorf("CONFIG GET span: %s %v", cfg.Name(), a)
	}
	pts := durationPoints(t, rd)
	var n uint64
	for _, pt := range pts {
		n += pt.Count
	}
	if n != 5 {
		t.Errorf("%d durations recorded, want 5", n)
	}
}

func contains(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestPipelineAndTransaction(t *testing.T) {
	sr, _ := setup(t)
	c, p := newClient(t)
	ctx := context.Background()
	_, err := c.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Set(ctx, p+"a", "1", 0)
		pipe.Get(ctx, p+"a")
		pipe.Get(ctx, p+"nope")
		return nil
	})
	if !errors.Is(err, redis.Nil) {
		t.Fatalf("pipeline: %v", err)
	}
	_, err = c.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Incr(ctx, p+"n")
		pipe.Incr(ctx, p+"n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Get(ctx, p+"a")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Del(ctx, p+"a", p+"n")
	spans := sr.Ended()
	if len(spans) != 4 {
		t.Fatalf("%d spans, want 4", len(spans))
	}
	if a := attrs(spans[0].Attributes()); spans[0].Name() != "PIPELINE" || a["db.operation.batch.size"] != "3" ||
		spans[0].Status().Code != codes.Unset {
		t.Errorf("pipeline span: %s %v %v", spans[0].Name(), a, spans[0].Status())
	}
	if a := attrs(spans[1].Attributes()); spans[1].Name() != "MULTI INCR" || a["db.operation.batch.size"] != "2" {
		t.Errorf("transaction span: %s %v", spans[1].Name(), a)
	}
	if a := attrs(spans[2].Attributes()); spans[2].Name() != "GET" || a["db.operation.batch.size"] != "" {
		t.Errorf("pipeline of one: %s %v", spans[2].Name(), a)
	}
}

func TestFailures(t *testing.T) {
	sr, _ := setup(t)
	needRedis(t)
	down := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1})
	NewClientAfter(nil, down)
	defer down.Close()
	if err := down.Ping(context.Background()).Err(); err == nil {
		t.Fatal("ping of a closed port succeeded")
	}
	c, p := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Get(ctx, p+"x").Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled get: %v", err)
	}
	spans := sr.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	if a := attrs(spans[0].Attributes()); spans[0].Status().Code != codes.Error || a["error.type"] != "*net.OpError" || a["server.port"] != "1" {
		t.Errorf("down: %v %v", spans[0].Status(), a)
	}
	if a := attrs(spans[1].Attributes()); spans[1].Status().Code != codes.Error || a["error.type"] != "context.Canceled" {
		t.Errorf("cancelled: %v %v", spans[1].Status(), a)
	}
}

// A program's own hooks run as before, inside gotel's span, and see the
// context the program passed.
type progHook struct{ saw []context.Context }

func (h *progHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *progHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.saw = append(h.saw, ctx)
		return next(ctx, cmd)
	}
}
func (h *progHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

type ctxKey struct{}

func TestProgramHooks(t *testing.T) {
	sr, _ := setup(t)
	c, p := newClient(t)
	h := &progHook{}
	c.AddHook(h)
	ctx := context.WithValue(context.Background(), ctxKey{}, 1)
	c.Get(ctx, p+"x")
	if len(h.saw) != 1 || h.saw[0] != ctx {
		t.Fatalf("the program's hook saw %v, want the program's context", h.saw)
	}
	if len(sr.Ended()) != 1 {
		t.Fatalf("%d spans", len(sr.Ended()))
	}
}

func TestInstrumentTracingSkipped(t *testing.T) {
	var hc hook.Context
	InstrumentTracingBefore(&hc, nil, nil)
	err := errors.New("would have failed")
	InstrumentTracingAfter(&hc, &err)
	if !hc.Skipped() || err != nil {
		t.Fatalf("redisotel.InstrumentTracing not made a successful no-op: skipped %v, err %v", hc.Skipped(), err)
	}
}

func TestConnInitLeftOut(t *testing.T) {
	sr, _ := setup(t)
	c, p := newClient(t)
	ctx := context.Background()
	InitConnBefore(nil, nil, &ctx, nil)
	c.Get(ctx, p+"x")
	c.Pipelined(ctx, func(pipe redis.Pipeliner) error { pipe.Get(ctx, p+"x"); pipe.Get(ctx, p+"y"); return nil })
	if n := len(sr.Ended()); n != 0 {
		t.Fatalf("%d spans for connection set-up commands", n)
	}
}

// A client of sentinels gets gotel's hook with the server of its options
// (the machine's Redis answers PING as a sentinel would).
func TestSentinelClient(t *testing.T) {
	sr, _ := setup(t)
	needRedis(t)
	opt := &redis.Options{Addr: redisAddr}
	var hc hook.Context
	NewSentinelClientBefore(&hc, opt)
	sc := redis.NewSentinelClient(opt)
	NewSentinelClientAfter(&hc, sc)
	defer sc.Close()
	if err := sc.Ping(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	spans := sr.Ended()
	if len(spans) != 1 || spans[0].Name() != "PING" {
		t.Fatalf("%d spans, want one PING", len(spans))
	}
	if a := attrs(spans[0].Attributes()); a["server.address"] != "127.0.0.1" || a["server.port"] != "6379" || a["db.namespace"] != "0" {
		t.Errorf("attributes %v", a)
	}
}

// A failover client's dials carry the connection set-up mark, so that
// the master discovery its sentinel clients do gets no span; other
// clients' dials are left as they are.
func TestFailoverDialMarked(t *testing.T) {
	var seen context.Context
	next := func(ctx context.Context, network, addr string) (net.Conn, error) {
		seen = ctx
		return nil, errors.New("no")
	}
	(&tracingHook{failover: true}).DialHook(next)(context.Background(), "tcp", "x:1")
	if seen == nil || seen.Value(connInitKey{}) == nil {
		t.Fatal("failover dial context not marked")
	}
	(&tracingHook{}).DialHook(next)(context.Background(), "tcp", "x:1")
	if seen.Value(connInitKey{}) != nil {
		t.Fatal("plain client's dial context marked")
	}
	// And the failover client is made with the flag.
	fo := redis.NewFailoverClient(&redis.FailoverOptions{MasterName: "m", SentinelAddrs: []string{"127.0.0.1:1"}})
	defer fo.Close()
	sr, _ := setup(t)
	NewFailoverClientAfter(nil, fo)
	fo.Get(context.Background(), "k")
	spans := sr.Ended()
	if len(spans) != 1 || spans[0].Status().Code != codes.Error {
		t.Fatalf("failover GET with its sentinel down: %d spans, want one failed GET", len(spans))
	}
	if a := attrs(spans[0].Attributes()); a["server.address"] != "" {
		t.Errorf("failover span has server.address %q", a["server.address"])
	}
}
