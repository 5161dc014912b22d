package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// otelsql (github.com/XSAM/otelsql) wraps the driver beneath database/sql
// and traces there; gotel traces database/sql itself. A program that uses
// otelsql (testdata/otelsql_low, pinned to the lowest supported otelsql,
// and otelsql_new, the newest) must get one span per operation, gotel's,
// a child of the request's span or of the program's own span, with the
// server and database seen through the wrapper; with gotel's database/sql
// instrumentation switched off, otelsql's spans come back, in the provider
// the program gave otelsql.

func TestLibOtelsqlLow(t *testing.T) { t.Parallel(); testOtelsql(t, "otelsql_low") }
func TestLibOtelsqlNew(t *testing.T) { t.Parallel(); testOtelsql(t, "otelsql_new") }

const otelsqlScope = "github.com/XSAM/otelsql"

func testOtelsql(t *testing.T, name string) {
	needService(t, "PostgreSQL", "127.0.0.1:5432")
	inst := libProgram(t, name)
	dbs := []string{"open", "openpgx", "opendb", "wrap", "register"}

	answers := func(bin string, c collector, env ...string) map[string]string {
		p := start(t, bin, programEnv(c, name, env...))
		base := "http://" + p.listenAddr(t)
		out := map[string]string{}
		for _, d := range dbs {
			for _, path := range []string{"/work?db=" + d, "/manual?db=" + d} {
				code, body := get(t, base+path)
				if code != 200 {
					t.Fatalf("%s: %d %s", path, code, body)
				}
				out[path] = body
			}
		}
		_, out["/own"] = get(t, base+"/own")
		return out
	}
	want := plainAnswers(t, filepath.Dir(inst), "answers", func(bin string) map[string]string {
		return answers(bin, startCollector(t))
	})
	c := startCollector(t)
	got := answers(inst, c)
	for path, w := range want {
		if path != "/own" && got[path] != w {
			t.Errorf("%s: instrumented answer differs\n--- plain\n%s--- instrumented\n%s", path, w, got[path])
		}
		if path == "/own" {
			continue
		}
		for _, l := range strings.Split(strings.TrimSpace(w), "\n") {
			if !strings.HasSuffix(l, "<nil>") {
				t.Errorf("%s: plain build failed: %s", path, l)
			}
		}
	}
	// In the plain build the program's own provider gets otelsql's spans
	// of the "opendb" DB; under gotel, gotel's spans replace them.
	if strings.TrimSpace(want["/own"]) == "0" || strings.TrimSpace(got["/own"]) != "0" {
		t.Errorf("spans in the program's own provider: plain %s, gotel %s; want some, then none", want["/own"], got["/own"])
	}

	// Eight operations per /work, in this order of names.
	ops := []string{"SELECT", "SELECT", "SELECT", "PING test", "BEGIN test", "SELECT", "COMMIT test", "SELECT"}
	for _, d := range dbs {
		srv := c.waitSpan(t, func(s span) bool {
			return s.Kind == "server" && s.Attrs["url.path"] == "/work" && s.Attrs["url.query"] == "db="+d
		})
		// The manual span ends before the /manual response: once the
		// server span is here, so are the manual span and its child.
		c.waitSpan(t, func(s span) bool {
			return s.Kind == "server" && s.Attrs["url.path"] == "/manual" && s.Attrs["url.query"] == "db="+d
		})
		kids := c.spansWhere(func(s span) bool { return s.TraceID == srv.TraceID && s.SpanID != srv.SpanID })
		if len(kids) != len(ops) {
			t.Errorf("%s: %d spans under the request, want %d: %v", d, len(kids), len(ops), names(kids))
		}
		count := map[string]int{}
		for _, s := range kids {
			count[s.Name]++
			if s.ParentID != srv.SpanID || s.Scope != "gotel.dev/instrumentation/databasesql" || s.Kind != "client" {
				t.Errorf("%s: span %q scope %s kind %s parent %s, want a client span of gotel's database/sql under the request %s",
					d, s.Name, s.Scope, s.Kind, s.ParentID, srv.SpanID)
			}
			if s.Attrs["db.system.name"] != "postgresql" || s.Attrs["db.namespace"] != "test" ||
				s.Attrs["server.address"] != "127.0.0.1" || s.Attrs["server.port"] != "5432" {
				t.Errorf("%s: span %q attributes %v, want postgresql, test, 127.0.0.1:5432 seen through otelsql", d, s.Name, s.Attrs)
			}
		}
		wantCount := map[string]int{}
		for _, o := range ops {
			wantCount[o]++
		}
		for n, k := range wantCount {
			if count[n] != k {
				t.Errorf("%s: %d spans %q, want %d (%v)", d, count[n], n, k, names(kids))
			}
		}
	}
	// Each /manual query: one span, a child of the program's own span.
	mans := c.spansWhere(func(s span) bool { return s.Name == "manual" && s.Scope == "example.com/otelsql" })
	if len(mans) != len(dbs) {
		t.Errorf("%d manual spans, want %d", len(mans), len(dbs))
	}
	for _, m := range mans {
		kids := c.spansWhere(func(s span) bool { return s.TraceID == m.TraceID && s.ParentID == m.SpanID })
		if len(kids) != 1 || kids[0].Scope != "gotel.dev/instrumentation/databasesql" || kids[0].Name != "SELECT" {
			t.Errorf("under the manual span %s: %+v, want one SELECT span of gotel's", m.SpanID, kids)
		}
	}
	if o := c.spansWhere(func(s span) bool { return s.Scope == otelsqlScope }); len(o) != 0 {
		t.Errorf("%d otelsql spans under gotel, want none: %v", len(o), names(o))
	}

	// gotel's database/sql switched off at run time: otelsql traces as
	// without gotel, through the program's own provider where it gave one.
	c2 := startCollector(t)
	off := answers(inst, c2, "OTEL_GO_DISABLED_INSTRUMENTATIONS=databasesql")
	if strings.TrimSpace(off["/own"]) == "0" {
		t.Errorf("databasesql off: the program's own provider got no otelsql span")
	}
	c2.waitSpan(t, func(s span) bool { return s.Scope == otelsqlScope })
	if n := len(c2.spansWhere(func(s span) bool { return s.Scope == "gotel.dev/instrumentation/databasesql" })); n != 0 {
		t.Errorf("databasesql off: %d gotel database/sql spans", n)
	}
}
