package valkeygo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/valkey-io/valkey-go"
	"go.opentelemetry.io/otel/codes"

	"gotel.dev/runtime/hook"
)

// Without the weave there is no gotel field in mux and no way to name
// redisresults: the tests stand in for both, and call the hooks around
// the client's methods as the generated code would around the mux's.
type fakeMux struct{ field any }
type fakeResults struct{ s []valkey.ValkeyResult }

func init() {
	registerAccessors(
		func(m any) *any {
			if f, ok := m.(*fakeMux); ok {
				return &f.field
			}
			return nil
		},
		func(r any) []valkey.ValkeyResult {
			if f, ok := r.(*fakeResults); ok {
				return f.s
			}
			return nil
		},
		nil)
}

func TestRueidis(t *testing.T) {
	needRedis(t)
	sr, rd := setup(t)
	opt := valkey.ClientOption{InitAddress: []string{redisAddr}, SelectDB: 4, DisableCache: true}
	client, err := valkey.NewClient(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	m := &fakeMux{}
	var mc hook.Context
	MakeMuxBefore(&mc, redisAddr, &opt, nil)
	MakeMuxAfter(&mc, m)

	k := fmt.Sprintf("gotel:valkeygo:%d:", time.Now().UnixNano())
	ctx := context.Background()
	do := func(ctx context.Context, cmd valkey.Completed) valkey.ValkeyResult {
		var hc hook.Context
		DoBefore(&hc, m, ctx, cmd)
		r := client.Do(ctx, cmd)
		DoAfter(&hc, r)
		return r
	}
	doMulti := func(cmds ...valkey.Completed) []valkey.ValkeyResult {
		var hc hook.Context
		DoMultiBefore(&hc, m, ctx, cmds)
		r := client.DoMulti(ctx, cmds...)
		DoMultiAfter(&hc, &fakeResults{r})
		return r
	}
	b := client.B()
	do(ctx, b.Set().Key(k+"s").Value("secret-value").Build())
	do(ctx, b.Get().Key(k+"missing").Build())
	do(ctx, b.Lpush().Key(k+"s").Element("x").Build())
	do(ctx, b.ConfigGet().Parameter("maxmemory").Build())
	do(ctx, b.ClusterShards().Build())
	doMulti(b.Get().Key(k+"s").Build(), b.Get().Key(k+"s").Build())
	doMulti(b.Multi().Build(), b.Incr().Key(k+"n").Build(), b.Incr().Key(k+"n").Build(), b.Exec().Build())
	doMulti(b.Get().Key(k+"s").Build(), b.Lpush().Key(k+"s").Element("x").Build())
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	do(cctx, b.Get().Key(k+"s").Build())
	do(ctx, b.Del().Key(k+"s", k+"n").Build())

	want := []struct{ name, text, batch, errType string }{
		{"SET", "SET ? ?", "", ""},
		{"GET", "GET ?", "", ""},
		{"LPUSH", "LPUSH ? ?", "", "WRONGTYPE"},
		{"CONFIG GET", "CONFIG GET ?", "", ""},
		{"CLUSTER SHARDS", "CLUSTER SHARDS", "", "ERR"},
		{"PIPELINE GET", "", "2", ""},
		{"MULTI INCR", "", "2", ""},
		{"PIPELINE", "", "2", "WRONGTYPE"},
		{"GET", "GET ?", "", "context.Canceled"},
		{"DEL", "DEL ? ?", "", ""},
	}
	spans := sr.Ended()
	if len(spans) != len(want) {
		t.Fatalf("%d spans, want %d", len(spans), len(want))
	}
	for i, w := range want {
		s := spans[i]
		a := attrs(s.Attributes())
		if s.Name() != w.name || a["db.query.text"] != w.text || a["db.operation.batch.size"] != w.batch ||
			a["error.type"] != w.errType || (w.errType != "") != (s.Status().Code == codes.Error) ||
			a["db.namespace"] != "4" || a["server.address"] != "127.0.0.1" || a["server.port"] != "6379" {
			t.Errorf("span %d: %s %v %v, want %+v", i, s.Name(), a, s.Status(), w)
		}
	}
	if len(durationPoints(t, rd)) == 0 {
		t.Error("no duration recorded")
	}
}
