// redis serves /goredis, /goredisv8, /redigo, /rueidis and /valkey; each
// handler runs Redis commands through one client library, with the request's context and from
// a goroutine without it, as single commands, a pipeline and a MULTI/EXEC
// transaction, plus failures (WRONGTYPE, a cancelled context, a server
// that is down). main requests each path once, prints what the handlers
// answered and exits, so that the plain and the instrumented build can be
// compared line by line. Keys start with $KEYS (unique per run).
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	goredisv8 "github.com/go-redis/redis/v8"
	redigo "github.com/gomodule/redigo/redis"
	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/rueidis"
	"github.com/valkey-io/valkey-go"
)

const addr = "127.0.0.1:6379"

var (
	keys = os.Getenv("KEYS")
	// instrumentGoredis is set by redis_new's otel.go to add redisotel.
	instrumentGoredis = func(*goredis.Client) error { return nil }
	// instrumentGoredisV8 is set by redis_new's otel.go to add redisotel v8.
	instrumentGoredisV8 = func(*goredisv8.Client) {}
)

// out collects a handler's results, one per line.
type out struct{ b strings.Builder }

func (o *out) add(what string, v any, err any) {
	fmt.Fprintf(&o.b, "%s: %v err=%v\n", what, v, err)
}

func cancelled(ctx context.Context) context.Context {
	c, cancel := context.WithCancel(ctx)
	cancel()
	return c
}

func goredisHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	k := keys + ":goredis:"
	c := goredis.NewClient(&goredis.Options{Addr: addr, DB: 5})
	defer c.Close()
	o.add("instrument", nil, instrumentGoredis(c))
	v, err := c.Set(ctx, k+"s", "secret-value", time.Minute).Result()
	o.add("set", v, err)
	v, err = c.Get(ctx, k+"s").Result()
	o.add("get", v, err)
	v, err = c.Get(ctx, k+"missing").Result()
	o.add("get missing", v, err)
	n, err := c.LPush(ctx, k+"s", "x").Result()
	o.add("lpush on a string", n, err)
	cmds, err := c.Pipelined(ctx, func(p goredis.Pipeliner) error {
		p.Get(ctx, k+"s")
		p.Get(ctx, k+"s")
		p.Get(ctx, k+"s")
		return nil
	})
	o.add("pipeline", len(cmds), err)
	cmds, err = c.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.Incr(ctx, k+"n")
		p.Incr(ctx, k+"n")
		return nil
	})
	o.add("transaction", cmds[1].(*goredis.IntCmd).Val(), err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // no context: the span's parent comes from the goroutine
		defer wg.Done()
		v, err := c.Get(context.Background(), k+"s").Result()
		o.add("goroutine get", v, err)
	}()
	wg.Wait()
	v, err = c.Get(cancelled(ctx), k+"s").Result()
	o.add("cancelled get", v, err)
	down := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", MaxRetries: -1})
	o.add("down ping", nil, down.Ping(ctx).Err())
	down.Close()
	c.Del(ctx, k+"s", k+"n")
	io.WriteString(w, o.b.String())
}

func goredisV8Handler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	k := keys + ":goredisv8:"
	c := goredisv8.NewClient(&goredisv8.Options{Addr: addr, DB: 5})
	instrumentGoredisV8(c)
	defer c.Close()
	v, err := c.Set(ctx, k+"s", "secret-value", time.Minute).Result()
	o.add("set", v, err)
	v, err = c.Get(ctx, k+"s").Result()
	o.add("get", v, err)
	v, err = c.Get(ctx, k+"missing").Result()
	o.add("get missing", v, err)
	n, err := c.LPush(ctx, k+"s", "x").Result()
	o.add("lpush on a string", n, err)
	cmds, err := c.Pipelined(ctx, func(p goredisv8.Pipeliner) error {
		p.Get(ctx, k+"s")
		p.Get(ctx, k+"s")
		p.Get(ctx, k+"s")
		return nil
	})
	o.add("pipeline", len(cmds), err)
	cmds, err = c.TxPipelined(ctx, func(p goredisv8.Pipeliner) error {
		p.Incr(ctx, k+"n")
		p.Incr(ctx, k+"n")
		return nil
	})
	o.add("transaction", cmds[1].(*goredisv8.IntCmd).Val(), err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // no context: the span's parent comes from the goroutine
		defer wg.Done()
		v, err := c.Get(context.Background(), k+"s").Result()
		o.add("goroutine get", v, err)
	}()
	wg.Wait()
	v, err = c.Get(cancelled(ctx), k+"s").Result()
	o.add("cancelled get", v, err)
	down := goredisv8.NewClient(&goredisv8.Options{Addr: "127.0.0.1:1", MaxRetries: -1})
	o.add("down ping", nil, down.Ping(ctx).Err())
	down.Close()
	c.Del(ctx, k+"s", k+"n")
	io.WriteString(w, o.b.String())
}

func redigoHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	k := keys + ":redigo:"
	pool := &redigo.Pool{Dial: func() (redigo.Conn, error) {
		return redigo.Dial("tcp", addr, redigo.DialDatabase(6))
	}}
	defer pool.Close()
	c := pool.Get()
	defer c.Close()
	v, err := c.Do("SET", k+"s", "secret-value")
	o.add("set", v, err)
	v, err = redigo.String(c.Do("GET", k+"s"))
	o.add("get", v, err)
	v, err = c.Do("GET", k+"missing")
	o.add("get missing", v, err)
	v, err = c.Do("LPUSH", k+"s", "x")
	o.add("lpush on a string", v, err)
	c.Send("GET", k+"s")
	c.Send("GET", k+"s")
	v, err = redigo.Strings(c.Do(""))
	o.add("pipeline", v, err)
	c.Send("MULTI")
	c.Send("INCR", k+"n")
	c.Send("INCR", k+"n")
	v, err = redigo.Int64s(c.Do("EXEC"))
	o.add("transaction", v, err)
	c.Send("GET", k+"s")
	c.Send("GET", k+"s")
	c.Flush()
	v, err = c.Receive()
	o.add("receive 1", fmt.Sprintf("%s", v), err)
	v, err = c.Receive()
	o.add("receive 2", fmt.Sprintf("%s", v), err)
	// The pool's connection keeps its optional interfaces.
	ct, ok := c.(redigo.ConnWithTimeout)
	o.add("is ConnWithTimeout", ok, nil)
	if ok {
		v, err = redigo.String(ct.DoWithTimeout(time.Second, "GET", k+"s"))
		o.add("get with timeout", v, err)
	}
	cc, ok := c.(redigo.ConnWithContext)
	o.add("is ConnWithContext", ok, nil)
	if ok {
		v, err = redigo.String(cc.DoContext(ctx, "GET", k+"s"))
		o.add("get with context", v, err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		v, err := redigo.String(c.Do("GET", k+"s"))
		o.add("goroutine get", v, err)
	}()
	wg.Wait()
	// A bare connection (not from the pool), and SELECT changing its DB.
	d, err := redigo.Dial("tcp", addr)
	o.add("dial", nil, err)
	if err == nil {
		_, ok := d.(redigo.ConnWithContext)
		o.add("bare is ConnWithContext", ok, nil)
		v, err = d.Do("SELECT", 7)
		o.add("select", v, err)
		v, err = d.Do("GET", k+"s")
		o.add("get db 7", v, err)
		if dc, ok := d.(redigo.ConnWithContext); ok {
			v, err = dc.DoContext(cancelled(ctx), "GET", k+"s")
			o.add("cancelled get", v, err)
		}
		d.Close()
	}
	_, err = redigo.Dial("tcp", "127.0.0.1:1")
	o.add("down dial", nil, err != nil)
	c.Do("DEL", k+"s", k+"n")
	io.WriteString(w, o.b.String())
}

func rueidisHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	k := keys + ":rueidis:"
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{addr}, SelectDB: 4, DisableCache: true})
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	defer c.Close()
	o.add("set", nil, c.Do(ctx, c.B().Set().Key(k+"s").Value("secret-value").Build()).Error())
	v, err := c.Do(ctx, c.B().Get().Key(k+"s").Build()).ToString()
	o.add("get", v, err)
	v, err = c.Do(ctx, c.B().Get().Key(k+"missing").Build()).ToString()
	o.add("get missing", v, rueidis.IsRedisNil(err))
	n, err := c.Do(ctx, c.B().Lpush().Key(k+"s").Element("x").Build()).AsInt64()
	o.add("lpush on a string", n, err)
	var vals []string
	for _, res := range c.DoMulti(ctx,
		c.B().Get().Key(k+"s").Build(),
		c.B().Get().Key(k+"s").Build(),
		c.B().Get().Key(k+"s").Build()) {
		s, err := res.ToString()
		vals = append(vals, s+fmt.Sprint(err))
	}
	o.add("pipeline", vals, nil)
	res := c.DoMulti(ctx,
		c.B().Multi().Build(),
		c.B().Incr().Key(k+"n").Build(),
		c.B().Incr().Key(k+"n").Build(),
		c.B().Exec().Build())
	ns, err := res[3].AsIntSlice()
	o.add("transaction", ns, err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		v, err := c.Do(context.Background(), c.B().Get().Key(k+"s").Build()).ToString()
		o.add("goroutine get", v, err)
	}()
	wg.Wait()
	v, err = c.Do(cancelled(ctx), c.B().Get().Key(k+"s").Build()).ToString()
	o.add("cancelled get", v, err)
	_, err = rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{"127.0.0.1:1"}, DisableRetry: true})
	o.add("down client", nil, err != nil)
	c.Do(ctx, c.B().Del().Key(k+"s", k+"n").Build())
	io.WriteString(w, o.b.String())
}

func valkeyHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	k := keys + ":valkey:"
	c, err := valkey.NewClient(valkey.ClientOption{InitAddress: []string{addr}, SelectDB: 4, DisableCache: true})
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	defer c.Close()
	o.add("set", nil, c.Do(ctx, c.B().Set().Key(k+"s").Value("secret-value").Build()).Error())
	v, err := c.Do(ctx, c.B().Get().Key(k+"s").Build()).ToString()
	o.add("get", v, err)
	v, err = c.Do(ctx, c.B().Get().Key(k+"missing").Build()).ToString()
	o.add("get missing", v, valkey.IsValkeyNil(err))
	n, err := c.Do(ctx, c.B().Lpush().Key(k+"s").Element("x").Build()).AsInt64()
	o.add("lpush on a string", n, err)
	var vals []string
	for _, res := range c.DoMulti(ctx,
		c.B().Get().Key(k+"s").Build(),
		c.B().Get().Key(k+"s").Build(),
		c.B().Get().Key(k+"s").Build()) {
		s, err := res.ToString()
		vals = append(vals, s+fmt.Sprint(err))
	}
	o.add("pipeline", vals, nil)
	res := c.DoMulti(ctx,
		c.B().Multi().Build(),
		c.B().Incr().Key(k+"n").Build(),
		c.B().Incr().Key(k+"n").Build(),
		c.B().Exec().Build())
	ns, err := res[3].AsIntSlice()
	o.add("transaction", ns, err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		v, err := c.Do(context.Background(), c.B().Get().Key(k+"s").Build()).ToString()
		o.add("goroutine get", v, err)
	}()
	wg.Wait()
	v, err = c.Do(cancelled(ctx), c.B().Get().Key(k+"s").Build()).ToString()
	o.add("cancelled get", v, err)
	_, err = valkey.NewClient(valkey.ClientOption{InitAddress: []string{"127.0.0.1:1"}, DisableRetry: true})
	o.add("down client", nil, err != nil)
	c.Do(ctx, c.B().Del().Key(k+"s", k+"n").Build())
	io.WriteString(w, o.b.String())
}

// oneSlot is a cluster of one standalone server: every slot on addr.
func oneSlot(context.Context) ([]goredis.ClusterSlot, error) {
	return []goredis.ClusterSlot{{Start: 0, End: 16383, Nodes: []goredis.ClusterNode{{Addr: addr}}}}, nil
}

func oneSlotV8(context.Context) ([]goredisv8.ClusterSlot, error) {
	return []goredisv8.ClusterSlot{{Start: 0, End: 16383, Nodes: []goredisv8.ClusterNode{{Addr: addr}}}}, nil
}

// goredisClientsHandler sends commands through every other kind of
// go-redis v9 client: a ring and a universal client of one server, a
// cluster client whose one slot range is that server, a client of
// sentinels (talking to the server, which answers PING as a sentinel
// would) and a failover client whose sentinel is down.
func goredisClientsHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	k := keys + ":goredisclients:"
	ring := goredis.NewRing(&goredis.RingOptions{Addrs: map[string]string{"one": addr}})
	v, err := ring.Set(ctx, k+"r", "secret-value", time.Minute).Result()
	o.add("ring set", v, err)
	v, err = ring.Get(ctx, k+"r").Result()
	o.add("ring get", v, err)
	uni := goredis.NewUniversalClient(&goredis.UniversalOptions{Addrs: []string{addr}})
	v, err = uni.Get(ctx, k+"r").Result()
	o.add("universal get", v, err)
	uni.Close()
	cl := goredis.NewClusterClient(&goredis.ClusterOptions{ClusterSlots: oneSlot})
	v, err = cl.Get(ctx, k+"r").Result()
	o.add("cluster get", v, err)
	cl.Close()
	sc := goredis.NewSentinelClient(&goredis.Options{Addr: addr})
	v, err = sc.Ping(ctx).Result()
	o.add("sentinel ping", v, err)
	sc.Close()
	fo := goredis.NewFailoverClient(&goredis.FailoverOptions{MasterName: "gotel", SentinelAddrs: []string{"127.0.0.1:1"}, MaxRetries: -1})
	_, err = fo.Get(ctx, k+"r").Result()
	o.add("failover get fails", nil, err != nil)
	fo.Close()
	n, err := ring.Del(ctx, k+"r").Result()
	o.add("ring del", n, err)
	ring.Close()
	io.WriteString(w, o.b.String())
}

// goredisV8ClientsHandler: the same with go-redis v8 (whose clients of
// sentinels gotel does not trace).
func goredisV8ClientsHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	k := keys + ":goredisv8clients:"
	ring := goredisv8.NewRing(&goredisv8.RingOptions{Addrs: map[string]string{"one": addr}})
	v, err := ring.Set(ctx, k+"r", "secret-value", time.Minute).Result()
	o.add("ring set", v, err)
	v, err = ring.Get(ctx, k+"r").Result()
	o.add("ring get", v, err)
	uni := goredisv8.NewUniversalClient(&goredisv8.UniversalOptions{Addrs: []string{addr}})
	v, err = uni.Get(ctx, k+"r").Result()
	o.add("universal get", v, err)
	uni.Close()
	cl := goredisv8.NewClusterClient(&goredisv8.ClusterOptions{ClusterSlots: oneSlotV8})
	v, err = cl.Get(ctx, k+"r").Result()
	o.add("cluster get", v, err)
	cl.Close()
	fo := goredisv8.NewFailoverClient(&goredisv8.FailoverOptions{MasterName: "gotel", SentinelAddrs: []string{"127.0.0.1:1"}, MaxRetries: -1})
	_, err = fo.Get(ctx, k+"r").Result()
	o.add("failover get fails", nil, err != nil)
	fo.Close()
	n, err := ring.Del(ctx, k+"r").Result()
	o.add("ring del", n, err)
	ring.Close()
	io.WriteString(w, o.b.String())
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/goredis", goredisHandler)
	mux.HandleFunc("/goredisv8", goredisV8Handler)
	mux.HandleFunc("/redigo", redigoHandler)
	mux.HandleFunc("/rueidis", rueidisHandler)
	mux.HandleFunc("/valkey", valkeyHandler)
	mux.HandleFunc("/goredisclients", goredisClientsHandler)
	mux.HandleFunc("/goredisv8clients", goredisV8ClientsHandler)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go http.Serve(ln, mux)
	for _, path := range []string{"/goredis", "/goredisv8", "/redigo", "/rueidis", "/valkey", "/goredisclients", "/goredisv8clients"} {
		resp, err := http.Get("http://" + ln.Addr().String() + path)
		if err != nil {
			fmt.Println(path, err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("== %s %d\n%s", path, resp.StatusCode, b)
	}
}
