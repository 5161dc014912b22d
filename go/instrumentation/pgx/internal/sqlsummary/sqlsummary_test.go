package sqlsummary

import (
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	for _, c := range []struct{ q, op, coll, sum string }{
		{"SELECT * FROM users WHERE id = $1", "SELECT", "users", "SELECT users"},
		{"select a, b from public.users u where u.id=1", "SELECT", "public.users", "SELECT public.users"},
		{`SELECT x FROM "Users"`, "SELECT", `"Users"`, `SELECT "Users"`},
		{"SELECT 1", "SELECT", "", "SELECT"},
		{"INSERT INTO orders (a, b) VALUES ($1, $2)", "INSERT", "orders", "INSERT orders"},
		{"INSERT INTO shipping_details (id) SELECT id FROM orders", "INSERT", "", "INSERT shipping_details SELECT orders"},
		{"UPDATE items SET n = n + 1 WHERE id = 3", "UPDATE", "items", "UPDATE items"},
		{"DELETE FROM items WHERE id = 3", "DELETE", "items", "DELETE items"},
		{"SELECT s.a FROM songs s JOIN artists a ON a.id = s.artist", "SELECT", "", "SELECT songs artists"},
		{"SELECT * FROM a, b WHERE a.x = b.x", "SELECT", "", "SELECT a b"},
		{"SELECT d FROM (SELECT * FROM orders o JOIN customers c ON o.c = c.id) t", "SELECT", "", "SELECT SELECT orders customers"},
		{"WITH t AS (SELECT * FROM src) SELECT * FROM t", "SELECT", "", "SELECT src SELECT t"},
		{"SELECT * FROM t FOR UPDATE", "SELECT", "t", "SELECT t"},
		{"INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2", "INSERT", "t", "INSERT t"},
		{"begin", "BEGIN", "", "BEGIN"},
		{"begin isolation level serializable", "BEGIN", "", "BEGIN"},
		{"commit", "COMMIT", "", "COMMIT"},
		{"rollback", "ROLLBACK", "", "ROLLBACK"},
		{"CREATE TABLE IF NOT EXISTS t1 (id int)", "CREATE TABLE", "t1", "CREATE TABLE t1"},
		{"create temp table x (id int)", "CREATE TABLE", "x", "CREATE TABLE x"},
		{"DROP TABLE t2", "DROP TABLE", "t2", "DROP TABLE t2"},
		{"TRUNCATE TABLE t3", "TRUNCATE", "t3", "TRUNCATE t3"},
		{`copy "t" ( "a", "b" ) from stdin binary;`, "COPY", `"t"`, `COPY "t"`},
		{"SET search_path = x", "SET", "", "SET"},
		{"-- hello\n/* c */ SELECT 1 FROM t", "SELECT", "t", "SELECT t"},
		{"SELECT * FROM t WHERE s = 'FROM secret'", "SELECT", "t", "SELECT t"},
		{"getUser", "", "", ""},
		{"", "", "", ""},
		{";", "", "", ""},
	} {
		op, coll, sum := Summarize(c.q)
		if op != c.op || coll != c.coll || sum != c.sum {
			t.Errorf("Summarize(%q) = %q, %q, %q; want %q, %q, %q", c.q, op, coll, sum, c.op, c.coll, c.sum)
		}
	}
}

func TestSummaryBounded(t *testing.T) {
	q := "SELECT * FROM " + strings.Repeat("some_long_table_name, ", 40) + "last"
	_, _, sum := Summarize(q)
	if len(sum) > maxSummary || !strings.HasPrefix(sum, "SELECT some_long_table_name") || strings.HasSuffix(sum, " ") {
		t.Fatalf("summary %d bytes: %q", len(sum), sum)
	}
}

func TestSanitize(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"SELECT * FROM t WHERE a = 'x' AND b = 42", "SELECT * FROM t WHERE a = ? AND b = ?"},
		{"SELECT * FROM t WHERE a = $1", "SELECT * FROM t WHERE a = $1"},
		{"SELECT 'it''s', E'a\\'b', 3.14e-2, .5, 0x1F", "SELECT ?, ?, ?, ?, ?"},
		{"SELECT $$secret$$, $tag$x$y$tag$", "SELECT ?, ?"},
		{"SELECT t1.c2 FROM t1 -- where pw='x'\nWHERE id=7", "SELECT t1.c2 FROM t1 WHERE id=?"},
		{"SELECT /* pw 'x' */ a", "SELECT a"},
		{`SELECT "col'1" FROM t`, `SELECT "col'1" FROM t`},
		{"SELECT a::int, @name, :named FROM t", "SELECT a::int, @name, :named FROM t"},
		{"INSERT INTO t VALUES (-1, 'a')", "INSERT INTO t VALUES (-?, ?)"},
		{"SELECT 'unterminated", "SELECT ?"},
		{"begin", "begin"},
	} {
		if got := Sanitize(c.q); got != c.want {
			t.Errorf("Sanitize(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

// FuzzSummarize: neither function panics, the summary is bounded, and no
// literal of the input survives sanitizing.
func FuzzSummarize(f *testing.F) {
	for _, s := range []string{"SELECT * FROM t WHERE a = 'x'", "$$", "$a$ $a", "/* /* */", "E'\\", "'", "\"", "0x", "1e", "CREATE TABLE", "INSERT INTO", ":", "@", "$1", "`a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, _, sum := Summarize(q)
		if len(sum) > maxSummary {
			t.Fatalf("summary too long: %d", len(sum))
		}
		s := Sanitize(q)
		if strings.Contains(q, "'secretvalue'") && strings.Contains(s, "secretvalue") && !strings.Contains(q, "\"") &&
			!strings.Contains(q, "--") && !strings.Contains(q, "/*") && !strings.Contains(q, "$") && !strings.Contains(q, "`") {
			t.Fatalf("literal survived: %q -> %q", q, s)
		}
	})
}
