package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotel.dev/tests/e2e/otlpreceiver"
)

// The database/sql instrumentation: one program (testdata/databasesql_new,
// whose main.go databasesql_low shares) serves /work?d=DRIVER, doing every
// kind of call on one driver with the request's context and one query in a
// goroutine without context, plus failures; /down?d=... pings a database
// that is not there. The instrumented build's answers must be the plain
// one's (recorded, see plainRun), and its spans must be there.

func TestLibDatabasesqlNew(t *testing.T) {
	t.Parallel()
	testDatabasesql(t, "databasesql_new", []string{"pq", "mypostgres", "pgx", "pgxconnector", "mysql", "sqlite"}, true)
}

func TestLibDatabasesqlLow(t *testing.T) {
	t.Parallel()
	testDatabasesql(t, "databasesql_low", []string{"pq", "pgx", "pgxconnector", "mysql"}, false)
}

type dbDriver struct {
	system, namespace, address, port string
	ph                               string // placeholder of the first parameter
}

var dbDrivers = map[string]dbDriver{
	"pq":           {"postgresql", "test", "127.0.0.1", "5432", "$1"},
	"mypostgres":   {"postgresql", "test", "127.0.0.1", "5432", "$1"},
	"pgx":          {"postgresql", "test", "127.0.0.1", "5432", "$1"},
	"pgxconnector": {"postgresql", "test", "127.0.0.1", "5432", "$1"},
	"mysql":        {"mysql", "test", "127.0.0.1", "3306", "?"},
	"sqlite":       {"sqlite", "", "", "", "?"},
}

func testDatabasesql(t *testing.T, name string, drivers []string, orms bool) {
	needService(t, "PostgreSQL", "127.0.0.1:5432")
	needService(t, "MariaDB", "127.0.0.1:3306")
	inst := libProgram(t, name)
	paths := []string{}
	for _, d := range drivers {
		paths = append(paths, "/work?d="+d)
	}
	if orms {
		paths = append(paths, "/work?d=gorm", "/work?d=sqlx")
	}
	paths = append(paths, "/down?d=pqdown", "/down?d=mysqldown")

	runID := fmt.Sprintf("%d", time.Now().UnixNano()%1e12)
	answers := func(bin, tag string, c collector) map[string]string {
		env := programEnv(c, name, "DBSQL_RUN="+tag+runID, "SQLITE_PATH="+filepath.Join(t.TempDir(), "db.sqlite"),
			"OTEL_METRICS_EXPORTER=otlp", "OTEL_METRIC_EXPORT_INTERVAL=200")
		p := start(t, bin, env)
		base := "http://" + p.listenAddr(t)
		out := map[string]string{}
		for _, path := range paths {
			code, body := get(t, base+path)
			if code != 200 {
				t.Fatalf("%s %s: %d %s", tag, path, code, body)
			}
			out[path] = strings.ReplaceAll(body, tag+runID, "RUN")
		}
		return out
	}
	c := startCollector(t)
	want := plainAnswers(t, filepath.Dir(inst), "answers", func(bin string) map[string]string { return answers(bin, "p", c) })
	got := answers(inst, "i", c)
	for _, path := range paths {
		if got[path] != want[path] {
			t.Errorf("%s: instrumented answer differs\n--- plain\n%s--- instrumented\n%s", path, want[path], got[path])
		}
		if strings.Contains(want[path], "open:") {
			t.Errorf("%s: %s", path, want[path])
		}
	}

	for _, d := range drivers {
		dd := dbDrivers[d]
		table := "gotel_" + d + "_i" + runID
		srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.query"] == "d="+d })
		// The DROP is the handler's last call: once the request's server
		// span is here, its children are too (exported in end order).
		kids := c.spansWhere(func(s span) bool { return s.ParentID == srv.SpanID && s.TraceID == srv.TraceID })
		byName := map[string][]span{}
		for _, s := range kids {
			byName[s.Name] = append(byName[s.Name], s)
			if s.Kind != "client" || s.Scope != "gotel.dev/instrumentation/databasesql" {
				t.Errorf("%s: span %q kind %s scope %s", d, s.Name, s.Kind, s.Scope)
			}
			if s.Attrs["db.system.name"] != dd.system || s.Attrs["db.namespace"] != dd.namespace ||
				s.Attrs["server.address"] != dd.address || s.Attrs["server.port"] != dd.port {
				t.Errorf("%s: span %q: system/namespace/address/port %q %q %q %q, want %+v", d, s.Name,
					s.Attrs["db.system.name"], s.Attrs["db.namespace"], s.Attrs["server.address"], s.Attrs["server.port"], dd)
			}
			for k, v := range s.Attrs {
				if strings.Contains(v, "secret") || strings.Contains(v, "postgres@") {
					t.Errorf("%s: span %q leaks a value in %s=%q", d, s.Name, k, v)
				}
			}
		}
		target := dd.namespace
		sp := func(n string, count int) []span {
			t.Helper()
			if len(byName[n]) != count {
				t.Errorf("%s: %d spans %q under the request, want %d (have %v)", d, len(byName[n]), n, count, names(kids))
				return make([]span, count)
			}
			return byName[n]
		}
		withTarget := func(op string) string {
			if target == "" {
				return op
			}
			return op + " " + target
		}
		create := sp("CREATE TABLE "+table, 1)[0]
		if create.Attrs["db.operation.name"] != "CREATE TABLE" || create.Attrs["db.collection.name"] != table {
			t.Errorf("%s: create span %+v", d, create.Attrs)
		}
		inserts := sp("INSERT "+table, 3)
		texts := map[string]bool{}
		for _, s := range inserts {
			texts[s.Attrs["db.query.text"]] = true
			if s.Attrs["db.query.summary"] != "INSERT "+table || s.Attrs["db.operation.name"] != "INSERT" {
				t.Errorf("%s: insert span %+v", d, s.Attrs)
			}
		}
		ph2 := "?"
		if dd.ph == "$1" {
			ph2 = "$2"
		}
		for _, want := range []string{
			"INSERT INTO " + table + " (id, name) VALUES (" + dd.ph + ", " + ph2 + ")", // parameterized: as written
			"INSERT INTO " + table + " (id, name) VALUES (?, ?)",                       // literals replaced
		} {
			if !texts[want] {
				t.Errorf("%s: no insert with db.query.text %q: %v", d, want, texts)
			}
		}
		selects := sp("SELECT "+table, 4) // rows, stmt row, conn count, background count
		rowsBy := map[string]string{}
		for _, s := range selects {
			rowsBy[s.Attrs["db.query.text"]] = s.Attrs["db.response.returned_rows"]
		}
		if rowsBy["SELECT id, name FROM "+table+" ORDER BY id"] != "3" ||
			rowsBy["SELECT COUNT(*) FROM "+table] != "1" ||
			rowsBy["SELECT name FROM "+table+" WHERE id = "+dd.ph] != "1" {
			t.Errorf("%s: returned rows per query %v", d, rowsBy)
		}
		// The query made without a context in a goroutine has the request
		// as parent all the same.
		if _, ok := rowsBy["SELECT COUNT(*) FROM "+table+" WHERE id > ?"]; !ok {
			t.Errorf("%s: the background query is not a child of the request: %v", d, rowsBy)
		}
		sp(withTarget("BEGIN"), 1)
		sp("UPDATE "+table, 1)
		sp(withTarget("COMMIT"), 1) // and no span for the Rollback after Commit
		if n := len(byName[withTarget("ROLLBACK")]); n != 0 {
			t.Errorf("%s: %d rollback spans for a Rollback after Commit", d, n)
		}
		prep := sp("PREPARE SELECT "+table, 1)[0]
		if prep.Attrs["db.operation.name"] != "PREPARE" {
			t.Errorf("%s: prepare span %+v", d, prep.Attrs)
		}
		sp(withTarget("PING"), 1)
		sp("DROP TABLE "+table, 1)
		missing := sp("SELECT gotel_no_such_table", 1)[0]
		syntaxName := target // no summary: the span is named after its target
		if syntaxName == "" {
			syntaxName = dd.system
		}
		syntax := sp(syntaxName, 1)
		cancelled := sp("SELECT", 1)[0]
		wantCodes := map[string][2]string{
			"postgresql": {"42P01", "42601"},
			"mysql":      {"1146", "1064"},
			"sqlite":     {"1", "1"},
		}[dd.system]
		if missing.Status != statusError || missing.Attrs["error.type"] != wantCodes[0] || missing.Attrs["db.response.status_code"] != wantCodes[0] {
			t.Errorf("%s: missing-table span status %d attrs %+v", d, missing.Status, missing.Attrs)
		}
		if syntax[0].Status != statusError || syntax[0].Attrs["error.type"] != wantCodes[1] || syntax[0].Attrs["db.query.text"] != "SELEC ?" {
			t.Errorf("%s: syntax-error span status %d attrs %+v", d, syntax[0].Status, syntax[0].Attrs)
		}
		if cancelled.Status != statusError || cancelled.Attrs["error.type"] != "context.Canceled" {
			t.Errorf("%s: cancelled span status %d attrs %+v", d, cancelled.Status, cancelled.Attrs)
		}
	}

	// The duration metric, with the conventions' attributes and buckets.
	c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool {
		if m.Name() != "db.client.operation.duration" || m.Unit() != "s" || m.Type() != "histogram" {
			return false
		}
		for _, dp := range m.DataPoints() {
			if dp.Attrs["db.system.name"] == "mysql" && dp.Attrs["db.operation.name"] == "SELECT" &&
				dp.Attrs["db.collection.name"] == "gotel_no_such_table" && dp.Attrs["error.type"] == "1146" &&
				dp.Attrs["db.response.status_code"] == "1146" && dp.Attrs["server.port"] == int64(3306) &&
				dp.Count == 1 && len(dp.Bounds) == 9 && dp.Bounds[0] == 0.001 {
				return true
			}
		}
		return false
	})

	for _, d := range []string{"pqdown", "mysqldown"} {
		srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.query"] == "d="+d })
		kids := c.spansWhere(func(s span) bool { return s.ParentID == srv.SpanID && s.TraceID == srv.TraceID })
		if len(kids) != 1 || kids[0].Name != "PING test" || kids[0].Status != statusError ||
			kids[0].Attrs["server.port"] != "1" || kids[0].Attrs["error.type"] == "" {
			t.Errorf("%s: spans under the request %+v, want one failed PING test to port 1", d, kids)
		}
	}

	// pgx through pgx/v5/stdlib (every request above has ended;
	// gorm's driver/postgres below uses it too): database/sql's
	// span is the only one, the pgx instrumentation leaves that work alone.
	for _, s := range c.spans() {
		if s.Scope == "gotel.dev/instrumentation/pgx" {
			t.Errorf("pgx traced work database/sql traces: %q", s.Name)
		}
	}
	if !orms {
		return
	}
	for _, o := range []struct {
		d     string
		names []string
	}{
		{"gorm", []string{`CREATE TABLE "gotel_gorm_i` + runID + `"`, withNS("BEGIN"), `INSERT "gotel_gorm_i` + runID + `"`,
			withNS("COMMIT"), `SELECT "gotel_gorm_i` + runID + `"`, `DROP TABLE "gotel_gorm_i` + runID + `"`}},
		{"sqlx", []string{"SELECT pg_database", "SELECT"}},
	} {
		srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.query"] == "d="+o.d })
		kids := c.spansWhere(func(s span) bool { return s.ParentID == srv.SpanID && s.TraceID == srv.TraceID })
		have := map[string]int{}
		for _, s := range kids {
			have[s.Name]++
		}
		for _, n := range o.names {
			if have[n] == 0 {
				t.Errorf("%s: no span %q under the request: %v", o.d, n, names(kids))
			}
		}
		// gorm's Count and sqlx's Get ran in a goroutine without context.
		if bg := map[string]string{"gorm": `SELECT "gotel_gorm_i` + runID + `"`, "sqlx": "SELECT"}[o.d]; o.d == "gorm" && have[bg] != 2 || have[bg] != 1 && o.d == "sqlx" {
			t.Errorf("%s: background query missing under the request: %v", o.d, names(kids))
		}
	}
}

func withNS(op string) string { return op + " test" }

func names(ss []span) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return out
}
