package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotel.dev/tests/e2e/otlpreceiver"
)

// TestLibRedis builds testdata/redis_low (go-redis v9 and v8, redigo,
// rueidis and valkey-go at the lowest versions gotel supports) and redis_new (the newest, and
// redisotel on the go-redis client) plainly and with gotel, runs both
// against the machine's Redis, and checks the instrumented run's output
// against the plain one and its spans and metrics: one client span per
// command, pipeline and transaction, children of the request's server span
// whether the command got the request's context or ran in a goroutine
// without one, errors recorded (and redis.Nil not), no argument exported.
func TestLibRedis(t *testing.T) {
	t.Parallel()
	needService(t, "Redis", "127.0.0.1:6379")
	for _, name := range []string{"redis_low", "redis_new"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testRedisProgram(t, name)
		})
	}
}

// redisWant is what a handler's spans must be: counts by span name, and
// per name the attributes each span of that name must have (error spans
// are described separately).
type redisWant struct {
	path, scope string
	counts      map[string]int
	namespace   map[string]string // span name -> db.namespace, default def
	def         string
	errors      map[string]string // span name -> error.type of its one failing span
	batch       map[string]string // span name -> db.operation.batch.size
}

func testRedisProgram(t *testing.T, name string) {
	inst := libProgram(t, name)
	dir := filepath.Dir(inst)
	stamp := fmt.Sprintf("gotel-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())

	pr := plainRun(t, dir, "main", []string{"KEYS=" + stamp + "-plain"})
	if pr.code != 0 {
		t.Fatalf("plain run failed (%d): %s", pr.code, pr.stderr)
	}
	c := startCollector(t)
	ir := run(t, dir, programEnv(c, "redis", "KEYS="+stamp, "OTEL_METRICS_EXPORTER=otlp",
		"OTEL_METRIC_EXPORT_INTERVAL=100"), inst)
	if ir.code != 0 {
		t.Fatalf("instrumented run failed (%d): %s", ir.code, ir.stderr)
	}
	if ir.stdout != pr.stdout {
		t.Errorf("output differs:\nplain:\n%s\ninstrumented:\n%s", pr.stdout, ir.stdout)
	}
	for _, line := range strings.Split(pr.stdout, "\n") {
		if strings.HasPrefix(line, "== ") && !strings.HasSuffix(line, " 200") {
			t.Errorf("a handler failed: %s\n%s", line, pr.stdout)
		}
	}

	wants := []redisWant{
		{
			path: "/goredis", scope: "gotel.dev/instrumentation/goredis", def: "5",
			counts:    map[string]int{"SET": 1, "GET": 4, "LPUSH": 1, "PIPELINE GET": 1, "MULTI INCR": 1, "PING": 1, "DEL": 1},
			namespace: map[string]string{"PING": "0"},
			errors:    map[string]string{"LPUSH": "WRONGTYPE", "GET": "context.Canceled", "PING": "*net.OpError"},
			batch:     map[string]string{"PIPELINE GET": "3", "MULTI INCR": "2"},
		},
		{
			path: "/goredisv8", scope: "gotel.dev/instrumentation/goredisv8", def: "5",
			counts:    map[string]int{"SET": 1, "GET": 4, "LPUSH": 1, "PIPELINE GET": 1, "MULTI INCR": 1, "PING": 1, "DEL": 1},
			namespace: map[string]string{"PING": "0"},
			errors:    map[string]string{"LPUSH": "WRONGTYPE", "GET": "context.Canceled", "PING": "*net.OpError"},
			batch:     map[string]string{"PIPELINE GET": "3", "MULTI INCR": "2"},
		},
		{
			path: "/redigo", scope: "gotel.dev/instrumentation/redigo", def: "6",
			// get, missing, with timeout, with context, goroutine, db 7,
			// cancelled; two pipelines (Do("") and Flush/Receive).
			counts:    map[string]int{"SET": 1, "GET": 7, "LPUSH": 1, "PIPELINE GET": 2, "MULTI INCR": 1, "SELECT": 1, "DEL": 1},
			namespace: map[string]string{"SELECT": "0"},
			errors:    map[string]string{"LPUSH": "WRONGTYPE", "GET": "context.Canceled"},
			batch:     map[string]string{"PIPELINE GET": "2", "MULTI INCR": "2"},
		},
		{
			path: "/rueidis", scope: "gotel.dev/instrumentation/rueidis", def: "4",
			counts: map[string]int{"SET": 1, "GET": 4, "LPUSH": 1, "PIPELINE GET": 1, "MULTI INCR": 1, "DEL": 1},
			errors: map[string]string{"LPUSH": "WRONGTYPE", "GET": "context.Canceled"},
			batch:  map[string]string{"PIPELINE GET": "3", "MULTI INCR": "2"},
		},
		{
			path: "/valkey", scope: "gotel.dev/instrumentation/valkeygo", def: "4",
			counts: map[string]int{"SET": 1, "GET": 4, "LPUSH": 1, "PIPELINE GET": 1, "MULTI INCR": 1, "DEL": 1},
			errors: map[string]string{"LPUSH": "WRONGTYPE", "GET": "context.Canceled"},
			batch:  map[string]string{"PIPELINE GET": "3", "MULTI INCR": "2"},
		},
	}
	for _, w := range wants {
		t.Run(strings.TrimPrefix(w.path, "/"), func(t *testing.T) {
			srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == w.path })
			got := c.spansWhere(func(s span) bool { return s.ParentID == srv.SpanID && s.Scope == w.scope })
			byName := map[string][]span{}
			for _, s := range got {
				byName[s.Name] = append(byName[s.Name], s)
			}
			for n, want := range w.counts {
				if len(byName[n]) != want {
					t.Errorf("%d %q spans, want %d", len(byName[n]), n, want)
				}
			}
			for _, s := range got {
				if _, ok := w.counts[s.Name]; !ok && !strings.HasPrefix(s.Name, "PIPELINE") {
					t.Errorf("unexpected span %q %v", s.Name, s.Attrs)
				}
				ns := w.def
				if v, ok := w.namespace[s.Name]; ok {
					ns = v
				}
				if w.path == "/redigo" && s.Attrs["db.namespace"] == "7" && s.Name == "GET" {
					ns = "7" // after the program's SELECT 7
				}
				if s.Kind != "client" || s.Attrs["db.system.name"] != "redis" || s.Attrs["db.operation.name"] != s.Name ||
					s.Attrs["db.namespace"] != ns || s.Attrs["server.address"] != "127.0.0.1" {
					t.Errorf("span %q: kind %s, attributes %v (want db.namespace %s)", s.Name, s.Kind, s.Attrs, ns)
				}
				if s.Name != "PING" && s.Attrs["server.port"] != "6379" {
					t.Errorf("span %q: server.port %q", s.Name, s.Attrs["server.port"])
				}
				for k, v := range s.Attrs {
					if strings.Contains(v, "secret") || strings.Contains(v, stamp) {
						t.Errorf("span %q exports a value in %s: %q", s.Name, k, v)
					}
				}
				if strings.Contains(s.Name, "PIPELINE") || strings.Contains(s.Name, "MULTI") {
					if b, ok := w.batch[s.Name]; ok && s.Attrs["db.operation.batch.size"] != b {
						t.Errorf("span %q: batch size %q, want %s", s.Name, s.Attrs["db.operation.batch.size"], b)
					}
				} else if q := s.Attrs["db.query.text"]; !strings.HasPrefix(q, s.Name) || strings.Trim(strings.TrimPrefix(q, s.Name), " ?") != "" {
					t.Errorf("span %q: db.query.text %q", s.Name, q)
				}
			}
			if w.path == "/redigo" {
				n7 := 0
				for _, s := range byName["GET"] {
					if s.Attrs["db.namespace"] == "7" {
						n7++
					}
				}
				if n7 != 2 {
					t.Errorf("%d GET spans on DB 7, want 2 (after the program's SELECT 7)", n7)
				}
			}
			for n, et := range w.errors {
				var failed []span
				for _, s := range byName[n] {
					if s.Status == statusError {
						failed = append(failed, s)
					} else if s.Attrs["error.type"] != "" {
						t.Errorf("span %q has error.type %q without error status", n, s.Attrs["error.type"])
					}
				}
				if len(failed) != 1 || failed[0].Attrs["error.type"] != et {
					t.Errorf("%q: failing spans %+v, want one with error.type %s", n, failed, et)
					continue
				}
				if et == "WRONGTYPE" && failed[0].Attrs["db.response.status_code"] != "WRONGTYPE" {
					t.Errorf("%q: db.response.status_code %q", n, failed[0].Attrs["db.response.status_code"])
				}
			}
		})
	}
	// Every other kind of go-redis client: ring, universal and cluster
	// clients reach NewClient; sentinel and failover clients have rules of
	// their own (v8: failover only). The program's commands are all there;
	// the library's own (ring heartbeat PINGs, the cluster client's COMMAND
	// discovery) may add spans under the request, their number depending on
	// timing (docs/instrumentation/goredis.md), so only those names may be
	// extra, and may fail (v8 cannot parse Redis 7's COMMAND reply).
	for _, cw := range []struct {
		path, scope string
		counts      map[string]int
	}{
		{"/goredisclients", "gotel.dev/instrumentation/goredis", map[string]int{"SET": 1, "GET": 4, "PING": 1, "DEL": 1}},
		{"/goredisv8clients", "gotel.dev/instrumentation/goredisv8", map[string]int{"SET": 1, "GET": 4, "DEL": 1}},
	} {
		srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == cw.path })
		kids := c.spansWhere(func(s span) bool { return s.ParentID == srv.SpanID })
		counts := map[string]int{}
		failed := 0
		for _, s := range kids {
			counts[s.Name]++
			if s.Scope != cw.scope || s.Kind != "client" || s.Attrs["db.system.name"] != "redis" {
				t.Errorf("%s: span %q scope %s kind %s attrs %v", cw.path, s.Name, s.Scope, s.Kind, s.Attrs)
			}
			if cw.counts[s.Name] == 0 && s.Name != "PING" && s.Name != "COMMAND" {
				t.Errorf("%s: unexpected span %q (%v)", cw.path, s.Name, s.Attrs)
			}
			internal := s.Name == "PING" || s.Name == "COMMAND"
			if s.Status == statusError && !internal {
				failed++ // the failover client's GET: its sentinel is down
				if s.Name != "GET" {
					t.Errorf("%s: failed span %q attrs %v, want only the failover GET to fail", cw.path, s.Name, s.Attrs)
				}
			} else if a := s.Attrs["server.address"]; a != "" && (a != "127.0.0.1" || s.Attrs["server.port"] != "6379") {
				t.Errorf("%s: span %q attrs %v", cw.path, s.Name, s.Attrs)
			}
		}
		if failed < 1 {
			t.Errorf("%s: no failed span, want the failover GET's (%v)", cw.path, names(kids))
		}
		for n, k := range cw.counts {
			if counts[n] < k {
				t.Errorf("%s: %d %q spans, want at least %d (%v)", cw.path, counts[n], n, k, names(kids))
			}
		}
	}
	if s := c.spansWhere(func(s span) bool { return strings.Contains(s.Scope, "redisotel") }); len(s) != 0 {
		t.Errorf("redisotel still traces under gotel: %d spans, first %+v", len(s), s[0])
	}
	m := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool {
		return m.Name() == "db.client.operation.duration" && m.Scope == "gotel.dev/instrumentation/goredis"
	})
	if m.Unit() != "s" || m.Type() != "histogram" {
		t.Errorf("duration metric: unit %q type %q", m.Unit(), m.Type())
	}
	var sawGet bool
	for _, dp := range m.DataPoints() {
		if dp.Attrs["db.operation.name"] == "GET" && dp.Attrs["db.system.name"] == "redis" && dp.Count > 0 {
			sawGet = true
		}
	}
	if !sawGet {
		t.Errorf("no GET data point in %+v", m.DataPoints())
	}
}
