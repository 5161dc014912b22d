package e2e

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gotel.dev/tests/e2e/otlpreceiver"
)

const pgxScope = "gotel.dev/instrumentation/pgx"

func TestLibPgxLow(t *testing.T) {
	t.Parallel()
	testLibPgx(t, "pgx_low")
}

func TestLibPgxNew(t *testing.T) {
	t.Parallel()
	testLibPgx(t, "pgx_new")
}

// testLibPgx runs testdata/<name> (a program that serves one request of
// its own with pgx work in the handler) plainly and instrumented, compares
// their output, and checks every database span of the request's trace.
func testLibPgx(t *testing.T, name string) {
	needService(t, "PostgreSQL", "127.0.0.1:5432")
	inst := libProgram(t, name)
	dir := filepath.Dir(inst)

	stamp := time.Now().UnixNano()
	env := func(table string) []string {
		return []string{
			"PGX_DSN=postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
			"PGX_DOWN_DSN=postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=5",
			"PGX_TABLE=" + table,
		}
	}
	table := fmt.Sprintf("gotel_%s_%d", name, stamp)
	want := plainRun(t, dir, "main", env(table+"_plain"))
	if want.code != 0 {
		t.Fatalf("plain program failed (%d): %s%s", want.code, want.stdout, want.stderr)
	}
	c := startCollector(t)
	got := run(t, "", append(programEnv(c, name, "OTEL_METRICS_EXPORTER=otlp", "OTEL_METRIC_EXPORT_INTERVAL=200"), env(table)...), inst)
	if got.code != 0 || got.stdout != want.stdout {
		t.Fatalf("instrumented output differs (exit %d):\n%s\nplain:\n%s\nstderr: %s", got.code, got.stdout, want.stdout, got.stderr)
	}
	// The program's own tracer saw every query, with the caller's context
	// and its own back, and its ConnConfig kept it.
	if !regexp.MustCompile(`(?m)^own tracer: starts=(\d+) ends=(\d+) bad contexts=0$`).MatchString(got.stdout) {
		t.Errorf("the program's own tracer missed calls or got other contexts:\n%s", got.stdout)
	} else if m := regexp.MustCompile(`starts=(\d+) ends=(\d+)`).FindStringSubmatch(got.stdout); m[1] != m[2] || m[1] == "0" {
		t.Errorf("own tracer: %s", m[0])
	}
	for _, line := range []string{"config tracer kept: true",
		"failing query: ERROR: relation \"gotel_no_such_table\" does not exist (SQLSTATE 42P01) (code 42P01)",
		"cancelled: true, context error: true", "down connect failed: true", "down pool exec failed: true",
		"goroutine delete: ok", "drop: ok"} {
		if !strings.Contains(got.stdout, line+"\n") {
			t.Errorf("output lacks %q:\n%s", line, got.stdout)
		}
	}

	// The program has exited (and flushed): every span is here.
	srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Name == "GET /work" })
	var db []span
	for _, s := range c.spans() {
		if s.Scope == pgxScope {
			db = append(db, s)
		}
	}
	common := map[string]string{
		"db.system.name": "postgresql", "db.namespace": "test",
		"server.address": "127.0.0.1", "server.port": "5432",
	}
	type expect struct {
		name  string
		attrs map[string]string
		error bool
	}
	a := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	T := table
	expects := []expect{
		{"CREATE TABLE " + T, a("db.operation.name", "CREATE TABLE", "db.collection.name", T,
			"db.query.text", "CREATE TABLE "+T+" (id int PRIMARY KEY, name text)"), false},
		{"INSERT " + T, a("db.operation.name", "INSERT", "db.collection.name", T, "db.query.summary", "INSERT "+T,
			"db.query.text", "INSERT INTO "+T+" (id, name) VALUES ($1, $2)"), false},
		{"SELECT " + T, a("db.operation.name", "SELECT", "db.query.text", "SELECT id, name FROM "+T+" WHERE id > $1",
			"db.response.returned_rows", "1"), false},
		// Not parameterized: its literal is replaced.
		{"SELECT " + T, a("db.query.text", "SELECT count(*) FROM "+T+" WHERE name = ?", "db.response.returned_rows", "1"), false},
		{"BATCH INSERT " + T, a("db.operation.name", "BATCH INSERT", "db.collection.name", T, "db.operation.batch.size", "2",
			"db.query.text", "INSERT INTO "+T+" (id, name) VALUES ($1, $2)"), false},
		{"COPY " + T, a("db.operation.name", "COPY", "db.collection.name", T), false},
		// Transactions: the statements pgx sends, as written (the
		// conventions: no case normalization).
		{"begin", a("db.operation.name", "begin"), false},
		{"UPDATE " + T, a("db.query.text", "UPDATE "+T+" SET name = $1 WHERE id = $2"), false},
		{"commit", a("db.operation.name", "commit"), false},
		{"PREPARE SELECT " + T, a("db.operation.name", "PREPARE", "db.query.text", "SELECT name FROM "+T+" WHERE id = $1"), false},
		// Run by its prepared statement's name: described by its SQL.
		{"SELECT " + T, a("db.operation.name", "SELECT", "db.query.text", "SELECT name FROM "+T+" WHERE id = $1"), false},
		{"SELECT gotel_no_such_table", a("error.type", "42P01", "db.response.status_code", "42P01"), true},
		{"SELECT", a("db.query.text", "SELECT ?", "error.type", "context.Canceled"), true},
		// The pool's operations, once each.
		{"SELECT " + T, a("db.query.text", "SELECT id FROM "+T+" WHERE name = $1"), false},
		{"BATCH", a("db.operation.name", "BATCH", "db.operation.batch.size", "2", "db.collection.name", T,
			"db.query.text", "SELECT id FROM "+T+" WHERE id = $1; UPDATE "+T+" SET name = $1 WHERE id = $2"), false},
		// From a goroutine with context.Background().
		{"DELETE " + T, a("db.query.text", "DELETE FROM "+T+" WHERE id = $1"), false},
		{"DROP TABLE " + T, a("db.operation.name", "DROP TABLE"), false},
	}
	if name == "pgx_new" {
		// A batch that begins a transaction: its results come wrapped.
		expects = append(expects,
			expect{"BATCH", a("db.operation.name", "BATCH", "db.operation.batch.size", "2",
				"db.query.text", "begin; UPDATE "+T+" SET name = $1 WHERE id = $2"), false},
			expect{"rollback", a("db.operation.name", "rollback"), false})
	}
	matches := func(s span, e expect) bool {
		if s.Name != e.name {
			return false
		}
		for k, v := range e.attrs {
			if s.Attrs[k] != v {
				return false
			}
		}
		return true
	}
	for _, e := range expects {
		var found []span
		for _, s := range db {
			if matches(s, e) {
				found = append(found, s)
			}
		}
		if len(found) != 1 {
			t.Errorf("%d spans %q with %v, want 1", len(found), e.name, e.attrs)
			continue
		}
		s := found[0]
		if s.Kind != "client" || s.TraceID != srv.TraceID || s.ParentID != srv.SpanID {
			t.Errorf("span %q: kind %s, parent %s/%s; want a client span child of the server span %s/%s",
				e.name, s.Kind, s.TraceID, s.ParentID, srv.TraceID, srv.SpanID)
		}
		for k, v := range common {
			if s.Attrs[k] != v {
				t.Errorf("span %q: %s = %q, want %q", e.name, k, s.Attrs[k], v)
			}
		}
		if s.Attrs["db.query.summary"] != e.name {
			t.Errorf("span %q: db.query.summary %q", e.name, s.Attrs["db.query.summary"])
		}
		if (s.Status == statusError) != e.error {
			t.Errorf("span %q: status %d, want error=%v", e.name, s.Status, e.error)
		}
		if _, ok := s.Attrs["error.type"]; ok != e.error {
			t.Errorf("span %q: error.type %q, want one: %v", e.name, s.Attrs["error.type"], e.error)
		}
	}
	// Nothing else: no span twice (pool and connection), none for the
	// statements pgx prepares by itself, none for the database that is down.
	if len(db) != len(expects) {
		for _, s := range db {
			t.Logf("span %q %v", s.Name, s.Attrs)
		}
		t.Errorf("%d pgx spans, want %d", len(db), len(expects))
	}
	for _, s := range db {
		if strings.Contains(fmt.Sprint(s.Attrs), "postgres@") || s.Attrs["server.port"] == "1" {
			t.Errorf("span %q: %v", s.Name, s.Attrs)
		}
	}

	m := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool {
		if m.Name() != "db.client.operation.duration" {
			return false
		}
		for _, p := range m.DataPoints() {
			if p.Attrs["db.query.summary"] == "DROP TABLE "+T {
				return true
			}
		}
		return false
	})
	if m.Unit() != "s" || m.Type() != "histogram" {
		t.Errorf("db.client.operation.duration: unit %q, type %s", m.Unit(), m.Type())
	}
	for _, p := range m.DataPoints() {
		if p.Attrs["db.query.summary"] == "SELECT gotel_no_such_table" && p.Attrs["error.type"] != "42P01" {
			t.Errorf("failing query's measurement: %v", p.Attrs)
		}
		if p.Attrs["db.system.name"] != "postgresql" || p.Attrs["db.query.text"] != nil {
			t.Errorf("measurement attributes: %v", p.Attrs)
		}
	}
}
