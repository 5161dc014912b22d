package databasesql

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	pg := dialectOf(systemPostgreSQL)
	my := dialectOf(systemMySQL)
	cases := []struct {
		d        dialect
		in, want string
	}{
		{pg, "SELECT 1", "SELECT ?"},
		{pg, "SELECT * FROM users WHERE name = 'bob' AND age > 42", "SELECT * FROM users WHERE name = ? AND age > ?"},
		{pg, "SELECT * FROM t WHERE a = $1", "SELECT * FROM t WHERE a = $1"},
		{pg, "SELECT 'it''s', 1.5e-3, .5, 0x1F", "SELECT ?, ?, ?, ?"},
		{pg, "SELECT E'a\\'b', 'c'", "SELECT ?, ?"},
		{pg, `SELECT 'a\', 'b'`, "SELECT ?, ?"}, // standard strings: \ is no escape
		{my, `SELECT 'a\'', "b"`, "SELECT ?, ?"},
		{pg, `SELECT "Col1" FROM "T2"`, `SELECT "Col1" FROM "T2"`},
		{pg, "SELECT $$secret$$, $tag$x $$ y$tag$", "SELECT ?, ?"},
		{pg, "SELECT x::int FROM t", "SELECT x::int FROM t"},
		{pg, "SELECT t1.c2 FROM t1 WHERE c3 = true", "SELECT t1.c2 FROM t1 WHERE c3 = ?"},
		{pg, "SELECT X'ff', B'0101', N'nat'", "SELECT ?, ?, ?"},
		{pg, "SELECT 1 -- 'comment'\n, 2", "SELECT ? -- 'comment'\n, ?"},
		{pg, "SELECT /* 'x' /* nested */ 'y' */ 3", "SELECT /* 'x' /* nested */ 'y' */ ?"},
		{pg, "SELECT 'unterminated", "SELECT ?"},
		{pg, "INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO t VALUES (?, ?), (?, ?)"},
		{pg, "SELECT * FROM t WHERE id = :id OR id = @p1 OR id = ?", "SELECT * FROM t WHERE id = :id OR id = @p1 OR id = ?"},
		{pg, "", ""},
		{pg, "SELECT a FROM t", "SELECT a FROM t"},
		{my, "SELECT 1 # 'comment'\n", "SELECT ? # 'comment'\n"},
	}
	for _, c := range cases {
		if got := sanitize(c.in, c.d); got != c.want {
			t.Errorf("sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSanitizeNoAllocWithoutLiterals(t *testing.T) {
	q := "SELECT a, b FROM t WHERE c = $1"
	if n := testing.AllocsPerRun(100, func() { _ = sanitize(q, dialect{}) }); n != 0 {
		t.Fatalf("%v allocations for a query without literals", n)
	}
}

func TestAnalyze(t *testing.T) {
	cases := []struct {
		in                      string
		summary, op, coll, proc string
	}{
		{"SELECT * FROM users WHERE id = $1", "SELECT users", "SELECT", "users", ""},
		{"select * from users", "select users", "select", "users", ""},
		{"SELECT 1", "SELECT", "SELECT", "", ""},
		{"SELECT * FROM songs, artists WHERE songs.artist_id = artists.id", "SELECT songs artists", "SELECT", "", ""},
		{"SELECT * FROM \"song list\", 'artists'", "SELECT \"song list\"", "SELECT", "\"song list\"", ""},
		{"SELECT a FROM public.users u JOIN orders o ON o.uid = u.id", "SELECT public.users orders", "SELECT", "", ""},
		{"SELECT order_date FROM (SELECT * FROM orders o JOIN customers c ON o.customer_id = c.customer_id)",
			"SELECT SELECT orders customers", "", "", ""},
		{"INSERT INTO shipping_details (order_id, address) SELECT order_id, address FROM orders WHERE order_id = ?",
			"INSERT shipping_details SELECT orders", "", "", ""},
		{"INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = 2", "INSERT t", "INSERT", "t", ""},
		{"INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = 2", "INSERT t", "INSERT", "t", ""},
		{"UPDATE users SET name = 'x' WHERE id = 1", "UPDATE users", "UPDATE", "users", ""},
		{"UPDATE t SET a = o.a FROM other o WHERE o.id = t.id", "UPDATE t other", "UPDATE", "", ""},
		{"DELETE FROM sessions WHERE expires < now()", "DELETE sessions", "DELETE", "sessions", ""},
		{"SELECT * FROM t FOR UPDATE", "SELECT t", "SELECT", "t", ""},
		{"SELECT EXTRACT(YEAR FROM d) FROM t", "SELECT t", "SELECT", "t", ""},
		{"SELECT * FROM generate_series(1, 10)", "SELECT", "SELECT", "", ""},
		{"CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY)", "CREATE TABLE items", "CREATE TABLE", "items", ""},
		{"DROP TABLE IF EXISTS items", "DROP TABLE items", "DROP TABLE", "items", ""},
		{"CREATE UNIQUE INDEX idx ON items (id)", "CREATE INDEX items", "CREATE INDEX", "items", ""},
		{"CREATE DATABASE shop", "CREATE DATABASE shop", "CREATE DATABASE", "", ""},
		{"TRUNCATE TABLE a, b", "TRUNCATE a b", "TRUNCATE", "", ""},
		{"CALL do_things(1, 2)", "CALL do_things", "CALL", "", "do_things"},
		{"BEGIN", "BEGIN", "BEGIN", "", ""},
		{"SET search_path TO 'x'", "SET", "SET", "", ""},
		{"SELECT 1; SELECT 2", "SELECT SELECT", "", "", ""},
		{"WITH x AS (SELECT * FROM a) SELECT * FROM x", "SELECT a SELECT x", "", "", ""},
		{"SELECT a FROM t1 UNION ALL SELECT a FROM t2", "SELECT t1 SELECT t2", "", "", ""},
		{"SELECT replace(a, 'x', 'y') FROM t", "SELECT t", "SELECT", "t", ""},
		{"REPLACE INTO t VALUES (1)", "REPLACE t", "REPLACE", "t", ""},
		{"SELECT `a` FROM `db`.`t`", "SELECT `db`.`t`", "SELECT", "`db`.`t`", ""},
		{"EXPLAIN SELECT * FROM t", "EXPLAIN SELECT t", "", "", ""},
		{"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1", "MERGE t", "MERGE", "t", ""},
		{"/* comment */ SELECT a FROM t", "SELECT t", "SELECT", "t", ""},
		{"hello world", "", "", "", ""},
		{"", "", "", "", ""},
		{"SELECT a FROM t AS x WHERE b IN (SELECT c FROM u)", "SELECT t SELECT u", "", "", ""},
	}
	for _, c := range cases {
		got := analyze(c.in, dialect{})
		want := queryInfo{summary: c.summary, operation: c.op, collection: c.coll, procedure: c.proc}
		if got != want {
			t.Errorf("analyze(%q) = %+v, want %+v", c.in, got, want)
		}
	}
}

func TestSummaryTruncated(t *testing.T) {
	var b strings.Builder
	b.WriteString("SELECT * FROM ")
	for i := 0; i < 100; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("table_number_")
		b.WriteString(strings.Repeat("x", i%7))
	}
	s := analyze(b.String(), dialect{}).summary
	if len(s) > maxSummary || !strings.HasPrefix(s, "SELECT table_number_") || strings.HasSuffix(s, " ") {
		t.Fatalf("summary not truncated at a boundary: %d %q", len(s), s)
	}
	for _, p := range strings.Split(s, " ")[1:] {
		if !strings.HasPrefix(p, "table_number_") {
			t.Fatalf("part cut: %q", p)
		}
	}
}

// The summary must never carry a literal value.
func TestSummaryHasNoLiterals(t *testing.T) {
	for _, q := range []string{
		"SELECT * FROM t WHERE a = 'secret'",
		"INSERT INTO t VALUES ('secret', 42)",
		"UPDATE t SET a = 'secret'",
		"SELECT 'secret' FROM t",
		"CALL p('secret')",
		"SET password = 'secret'",
	} {
		s := analyze(q, dialect{}).summary
		if strings.Contains(s, "secret") || strings.Contains(s, "42") {
			t.Errorf("analyze(%q).summary = %q", q, s)
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM t WHERE a = 'x'", "$tag$", "$1", "/* /* */", "E'\\", "'", "\"", "`",
		"INSERT INTO t SELECT", "CREATE INDEX ON", "a.b.c", "(((", ")))", "x'", "u&'", "0x", "1e+",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, q string, my bool) {
		d := dialect{backslash: my, dquoteString: my}
		s := sanitize(q, d)
		qi := analyze(q, d)
		if len(qi.summary) > maxSummary {
			t.Fatalf("summary too long: %d", len(qi.summary))
		}
		// Sanitizing is idempotent: ? is no literal.
		if s2 := sanitize(s, d); s2 != s {
			t.Fatalf("sanitize not idempotent: %q -> %q -> %q", q, s, s2)
		}
	})
}
