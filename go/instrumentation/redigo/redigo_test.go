package redigo

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gomodule/redigo/redis"
	"go.opentelemetry.io/otel/codes"

	"gotel.dev/runtime/hook"
)

// Without the weave there is no gotel field in conn: the tests stand in
// for it with a map, and call the hooks around the real methods as the
// generated code would.
var (
	fieldsMu sync.Mutex
	fields   = map[any]*any{}
)

func init() {
	registerConnState(func(c any) *any {
		fieldsMu.Lock()
		defer fieldsMu.Unlock()
		p := fields[c]
		if p == nil {
			p = new(any)
			fields[c] = p
		}
		return p
	})
}

func dial(t *testing.T, db int) redis.Conn {
	t.Helper()
	needRedis(t)
	var hc hook.Context
	DialBefore(&hc, context.Background(), "tcp", redisAddr, nil)
	c, err := redis.Dial("tcp", redisAddr)
	if err != nil {
		t.Fatal(err)
	}
	// What DialContext itself does for DialDatabase, before it returns.
	var sc hook.Context
	DoBefore(&sc, c, 0, "SELECT", []any{db})
	r, err := c.Do("SELECT", db)
	DoAfter(&sc, r, err)
	DialAfter(&hc, c, nil)
	t.Cleanup(func() { c.Close() })
	return c
}

func do(c redis.Conn, cmd string, args ...any) (any, error) {
	var hc hook.Context
	DoBefore(&hc, c, 0, cmd, args)
	r, err := c.Do(cmd, args...)
	DoAfter(&hc, r, err)
	return r, err
}

func send(c redis.Conn, cmd string, args ...any) {
	SendBefore(nil, c, cmd, args)
	c.Send(cmd, args...)
}

func TestRedigo(t *testing.T) {
	sr, rd := setup(t)
	c := dial(t, 2)
	k := fmt.Sprintf("gotel:redigo:%d:", time.Now().UnixNano())
	do(c, "SET", k+"s", "secret-value")
	do(c, "GET", k+"missing")
	if _, err := do(c, "LPUSH", k+"s", "x"); err == nil {
		t.Fatal("LPUSH on a string succeeded")
	}
	send(c, "GET", k+"s")
	send(c, "GET", k+"s")
	do(c, "")
	send(c, "MULTI")
	send(c, "INCR", k+"n")
	send(c, "INCR", k+"n")
	if r, err := redis.Int64s(do(c, "EXEC")); err != nil || len(r) != 2 {
		t.Fatalf("EXEC: %v %v", r, err)
	}
	send(c, "GET", k+"s")
	send(c, "SET", k+"s", "v")
	FlushBefore(new(hook.Context), c)
	c.Flush()
	for range 2 {
		var hc hook.Context
		ReceiveBefore(&hc, c, 0)
		r, err := c.Receive()
		ReceiveAfter(&hc, r, err)
	}
	// DoContext: the span is DoContext's, the inner DoWithTimeout has none.
	var hc hook.Context
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	DoContextBefore(&hc, c, ctx, "GET", []any{k + "s"})
	DoContextAfter(&hc, nil, context.Canceled)
	do(c, "GET", k+"s") // stands for the inner call: skipped
	do(c, "SELECT", 3)
	do(c, "DEL", k+"s", k+"n")

	want := []struct{ name, ns, batch, errType string }{
		{"SET", "2", "", ""},
		{"GET", "2", "", ""},
		{"LPUSH", "2", "", "WRONGTYPE"},
		{"PIPELINE GET", "2", "2", ""},
		{"MULTI INCR", "2", "2", ""},
		{"PIPELINE", "2", "2", ""},
		{"GET", "2", "", "context.Canceled"},
		{"SELECT", "2", "", ""},
		{"DEL", "3", "", ""},
	}
	spans := sr.Ended()
	if len(spans) != len(want) {
		for _, s := range spans {
			t.Log(s.Name(), attrs(s.Attributes()))
		}
		t.Fatalf("%d spans, want %d", len(spans), len(want))
	}
	for i, w := range want {
		s := spans[i]
		a := attrs(s.Attributes())
		if s.Name() != w.name || a["db.namespace"] != w.ns || a["db.operation.batch.size"] != w.batch ||
			a["error.type"] != w.errType || (w.errType != "") != (s.Status().Code == codes.Error) ||
			a["server.address"] != "127.0.0.1" || a["server.port"] != "6379" {
			t.Errorf("span %d: %s %v %v, want %+v", i, s.Name(), a, s.Status(), w)
		}
	}
	if q := attrs(spans[0].Attributes())["db.query.text"]; q != "SET ? ?" {
		t.Errorf("query text %q", q)
	}
	if len(durationPoints(t, rd)) == 0 {
		t.Error("no duration recorded")
	}
}
