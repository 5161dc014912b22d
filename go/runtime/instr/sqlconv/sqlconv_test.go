package sqlconv

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"gotel.dev/runtime/instr/instrtest"
)

// The cases come from the two scanners this package replaced (database/sql's
// and pgx's); where they disagreed the database semantic conventions
// decided, as the comments marked "decision" say.

func TestSanitize(t *testing.T) {
	pg := DialectOf("postgresql")
	my := DialectOf("mysql")
	cases := []struct {
		d        Dialect
		in, want string
	}{
		{pg, "SELECT 1", "SELECT ?"},
		{pg, "SELECT * FROM users WHERE name = 'bob' AND age > 42", "SELECT * FROM users WHERE name = ? AND age > ?"},
		{pg, "SELECT * FROM t WHERE a = $1", "SELECT * FROM t WHERE a = $1"},
		{pg, "SELECT 'it''s', 1.5e-3, .5, 0x1F", "SELECT ?, ?, ?, ?"},
		{pg, "SELECT 'it''s', E'a\\'b', 3.14e-2, .5, 0x1F", "SELECT ?, ?, ?, ?, ?"},
		{pg, "SELECT E'a\\'b', 'c'", "SELECT ?, ?"},
		{pg, `SELECT 'a\', 'b'`, "SELECT ?, ?"}, // standard strings: \ is no escape
		{my, `SELECT 'a\'', "b"`, "SELECT ?, ?"},
		{pg, `SELECT "Col1" FROM "T2"`, `SELECT "Col1" FROM "T2"`},
		{pg, `SELECT "col'1" FROM t`, `SELECT "col'1" FROM t`},
		{pg, "SELECT $$secret$$, $tag$x $$ y$tag$", "SELECT ?, ?"},
		{pg, "SELECT $$secret$$, $tag$x$y$tag$", "SELECT ?, ?"},
		{pg, "SELECT x::int FROM t", "SELECT x::int FROM t"},
		{pg, "SELECT a::int, @name, :named FROM t", "SELECT a::int, @name, :named FROM t"},
		// decision: booleans are literals ("Boolean … literals", the
		// conventions' sanitization rule); pgx's scanner kept them.
		{pg, "SELECT t1.c2 FROM t1 WHERE c3 = true", "SELECT t1.c2 FROM t1 WHERE c3 = ?"},
		{pg, "SELECT X'ff', B'0101', N'nat'", "SELECT ?, ?, ?"},
		{pg, "SELECT 1_000, 0o17, 0b101, 0xZZ", "SELECT ?, ?, ?, ?"},
		// decision: comments go (pgx's rule; database/sql's scanner kept
		// them): they are no literals but may hold anything, from user data
		// to per-request sqlcommenter tags, which the conventions' "no
		// sensitive data" and low cardinality rule out. A space stays
		// between the tokens a comment separated.
		{pg, "SELECT 1 -- 'comment'\n, 2", "SELECT ? , ?"},
		{pg, "SELECT /* 'x' /* nested */ 'y' */ 3", "SELECT ?"},
		{pg, "SELECT t1.c2 FROM t1 -- where pw='x'\nWHERE id=7", "SELECT t1.c2 FROM t1 WHERE id=?"},
		{pg, "SELECT /* pw 'x' */ a", "SELECT a"},
		{pg, "/* app=shop,user='bob' */ SELECT a FROM t /* tail */", "SELECT a FROM t"},
		{pg, "SELECT a/**/FROM t", "SELECT a FROM t"},
		{my, "SELECT 1 # 'comment'\n", "SELECT ?"},
		{pg, "SELECT 2 # 3", "SELECT ? # ?"}, // PostgreSQL: # is XOR
		{pg, "SELECT 'unterminated", "SELECT ?"},
		{pg, "SELECT a /* unterminated 'x'", "SELECT a"},
		{pg, "INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO t VALUES (?, ?), (?, ?)"},
		{pg, "INSERT INTO t VALUES (-1, 'a')", "INSERT INTO t VALUES (-?, ?)"},
		{pg, "SELECT * FROM t WHERE id = :id OR id = @p1 OR id = ?", "SELECT * FROM t WHERE id = :id OR id = @p1 OR id = ?"},
		{pg, "", ""},
		{pg, "SELECT a FROM t", "SELECT a FROM t"},
		{pg, "  SELECT a\n", "SELECT a"},
		{pg, "begin", "begin"},
	}
	for _, c := range cases {
		if got := Sanitize(c.in, c.d); got != c.want {
			t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSanitizeNoAllocWithoutLiterals(t *testing.T) {
	q := "SELECT a, b FROM t WHERE c = $1"
	if n := testing.AllocsPerRun(100, func() { _ = Sanitize(q, PostgreSQL) }); n != 0 {
		t.Fatalf("%v allocations for a query without literals", n)
	}
}

func TestDialectOf(t *testing.T) {
	for sys, want := range map[string]Dialect{
		"postgresql": PostgreSQL, "mysql": MySQL, "mariadb": MySQL,
		"microsoft.sql_server": SQLServer, "sqlite": Generic, "other_sql": Generic, "": Generic,
	} {
		if got := DialectOf(sys); got != want {
			t.Errorf("DialectOf(%q) = %d, want %d", sys, got, want)
		}
	}
}

func TestAnalyze(t *testing.T) {
	cases := []struct {
		in                      string
		summary, op, coll, proc string
	}{
		{"SELECT * FROM users WHERE id = $1", "SELECT users", "SELECT", "users", ""},
		// decision: as written, no case change (the conventions, for the
		// summary and db.operation.name); pgx's scanner upper-cased.
		{"select * from users", "select users", "select", "users", ""},
		{"select a, b from public.users u where u.id=1", "select public.users", "select", "public.users", ""},
		{"create temp table x (id int)", "create table x", "create table", "x", ""},
		{`SELECT x FROM "Users"`, `SELECT "Users"`, "SELECT", `"Users"`, ""},
		{"SELECT 1", "SELECT", "SELECT", "", ""},
		{"SELECT * FROM songs, artists WHERE songs.artist_id = artists.id", "SELECT songs artists", "SELECT", "", ""},
		{"SELECT * FROM a, b WHERE a.x = b.x", "SELECT a b", "SELECT", "", ""},
		// 'artists' is a string literal: never part of a summary.
		{"SELECT * FROM \"song list\", 'artists'", "SELECT \"song list\"", "SELECT", "\"song list\"", ""},
		{"SELECT a FROM public.users u JOIN orders o ON o.uid = u.id", "SELECT public.users orders", "SELECT", "", ""},
		{"SELECT s.a FROM songs s JOIN artists a ON a.id = s.artist", "SELECT songs artists", "SELECT", "", ""},
		// decision: db.operation.name when the text holds a single
		// operation name ("SHOULD NOT be extracted … unless the query
		// format is known to only ever have a single operation name"), so
		// SELECT for nested SELECTs, UNIONs and CTEs (pgx's answer) but
		// none for INSERT … SELECT (database/sql's; pgx said INSERT).
		{"SELECT order_date FROM (SELECT * FROM orders o JOIN customers c ON o.customer_id = c.customer_id)",
			"SELECT SELECT orders customers", "SELECT", "", ""},
		{"SELECT d FROM (SELECT * FROM orders o JOIN customers c ON o.c = c.id) t", "SELECT SELECT orders customers", "SELECT", "", ""},
		{"INSERT INTO shipping_details (order_id, address) SELECT order_id, address FROM orders WHERE order_id = ?",
			"INSERT shipping_details SELECT orders", "", "", ""},
		{"INSERT INTO shipping_details (id) SELECT id FROM orders", "INSERT shipping_details SELECT orders", "", "", ""},
		{"INSERT INTO orders (a, b) VALUES ($1, $2)", "INSERT orders", "INSERT", "orders", ""},
		{"INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = 2", "INSERT t", "INSERT", "t", ""},
		{"INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = 2", "INSERT t", "INSERT", "t", ""},
		{"UPDATE users SET name = 'x' WHERE id = 1", "UPDATE users", "UPDATE", "users", ""},
		{"UPDATE items SET n = n + 1 WHERE id = 3", "UPDATE items", "UPDATE", "items", ""},
		{"UPDATE t SET a = o.a FROM other o WHERE o.id = t.id", "UPDATE t other", "UPDATE", "", ""},
		{"DELETE FROM sessions WHERE expires < now()", "DELETE sessions", "DELETE", "sessions", ""},
		// pgx's: the tables of USING are read (database/sql's missed them).
		{"DELETE FROM t USING u WHERE t.id = u.id", "DELETE t u", "DELETE", "", ""},
		{"SELECT * FROM a JOIN b USING (id)", "SELECT a b", "SELECT", "", ""},
		{"SELECT * FROM t FOR UPDATE", "SELECT t", "SELECT", "t", ""},
		{"SELECT EXTRACT(YEAR FROM d) FROM t", "SELECT t", "SELECT", "t", ""},
		{"SELECT * FROM generate_series(1, 10)", "SELECT", "SELECT", "", ""},
		// decision: one table named twice is a single collection
		// ("SHOULD be the single collection name in the query").
		{"SELECT * FROM t a JOIN t b ON a.p = b.id", "SELECT t t", "SELECT", "t", ""},
		{"CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY)", "CREATE TABLE items", "CREATE TABLE", "items", ""},
		{"CREATE TABLE IF NOT EXISTS t1 (id int)", "CREATE TABLE t1", "CREATE TABLE", "t1", ""},
		{"DROP TABLE IF EXISTS items", "DROP TABLE items", "DROP TABLE", "items", ""},
		{"DROP TABLE t2", "DROP TABLE t2", "DROP TABLE", "t2", ""},
		// the indexed table is the target (pgx's scanner gave the index).
		{"CREATE UNIQUE INDEX idx ON items (id)", "CREATE INDEX items", "CREATE INDEX", "items", ""},
		{"CREATE DATABASE shop", "CREATE DATABASE shop", "CREATE DATABASE", "", ""},
		{"TRUNCATE TABLE a, b", "TRUNCATE a b", "TRUNCATE", "", ""},
		{"TRUNCATE TABLE t3", "TRUNCATE t3", "TRUNCATE", "t3", ""},
		// pgx's: COPY, LOCK, VACUUM… name their tables (database/sql's
		// scanner gave the operation alone).
		{`copy "t" ( "a", "b" ) from stdin binary;`, `copy "t"`, "copy", `"t"`, ""},
		{"COPY (SELECT * FROM t WHERE a = 1) TO STDOUT", "COPY SELECT t", "", "t", ""},
		{"LOCK TABLE a, b IN SHARE MODE", "LOCK a b", "LOCK", "", ""},
		{"LOCK TABLES a READ, b WRITE", "LOCK a b", "LOCK", "", ""},
		{"VACUUM (VERBOSE) t (c1, c2)", "VACUUM t", "VACUUM", "t", ""},
		{"VACUUM FULL ANALYZE t", "VACUUM t", "VACUUM", "t", ""},
		{"REFRESH MATERIALIZED VIEW CONCURRENTLY v", "REFRESH v", "REFRESH", "v", ""},
		{"REINDEX INDEX idx", "REINDEX idx", "REINDEX", "", ""},
		{"OPTIMIZE TABLE t", "OPTIMIZE t", "OPTIMIZE", "t", ""},
		{"CALL do_things(1, 2)", "CALL do_things", "CALL", "", "do_things"},
		{"CALL p(); SELECT 1", "CALL p SELECT", "", "", ""},
		{"BEGIN", "BEGIN", "BEGIN", "", ""},
		{"begin", "begin", "begin", "", ""},
		{"begin isolation level serializable", "begin", "begin", "", ""},
		{"commit", "commit", "commit", "", ""},
		{"rollback", "rollback", "rollback", "", ""},
		{"START TRANSACTION READ ONLY", "START TRANSACTION", "START TRANSACTION", "", ""},
		{"SET search_path TO 'x'", "SET", "SET", "", ""},
		{"SET search_path = x", "SET", "SET", "", ""},
		{"VALUES (1), (2)", "VALUES", "VALUES", "", ""},
		{"SELECT 1; SELECT 2", "SELECT SELECT", "SELECT", "", ""},
		{"WITH x AS (SELECT * FROM a) SELECT * FROM x", "SELECT a SELECT x", "SELECT", "", ""},
		{"WITH t AS (SELECT * FROM src) SELECT * FROM t", "SELECT src SELECT t", "SELECT", "", ""},
		{"SELECT a FROM t1 UNION ALL SELECT a FROM t2", "SELECT t1 SELECT t2", "SELECT", "", ""},
		{"SELECT replace(a, 'x', 'y') FROM t", "SELECT t", "SELECT", "t", ""},
		{"REPLACE INTO t VALUES (1)", "REPLACE t", "REPLACE", "t", ""},
		{"SELECT `a` FROM `db`.`t`", "SELECT `db`.`t`", "SELECT", "`db`.`t`", ""},
		{"EXPLAIN SELECT * FROM t", "EXPLAIN SELECT t", "", "t", ""},
		{"EXPLAIN ANALYZE SELECT * FROM t", "EXPLAIN SELECT t", "", "t", ""},
		{"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1", "MERGE t s", "MERGE", "", ""},
		{"/* comment */ SELECT a FROM t", "SELECT t", "SELECT", "t", ""},
		{"-- hello\n/* c */ SELECT 1 FROM t", "SELECT t", "SELECT", "t", ""},
		{"SELECT * FROM t WHERE s = 'FROM secret'", "SELECT t", "SELECT", "t", ""},
		{"hello world", "", "", "", ""},
		{"getUser", "", "", "", ""},
		{"", "", "", "", ""},
		{";", "", "", "", ""},
		{"SELECT a FROM t AS x WHERE b IN (SELECT c FROM u)", "SELECT t SELECT u", "SELECT", "", ""},
	}
	for _, c := range cases {
		got := Analyze(c.in, PostgreSQL)
		want := Info{Summary: c.summary, Operation: c.op, Collection: c.coll, Procedure: c.proc}
		if got != want {
			t.Errorf("Analyze(%q) = %+v, want %+v", c.in, got, want)
		}
	}
}

// EXEC names a procedure in SQL Server; EXECUTE runs a prepared statement
// in PostgreSQL and MySQL.
func TestAnalyzeExecute(t *testing.T) {
	if in := Analyze("EXEC dbo.get_user @id = 1", SQLServer); in.Procedure != "dbo.get_user" || in.Summary != "EXEC dbo.get_user" {
		t.Errorf("SQL Server EXEC: %+v", in)
	}
	if in := Analyze("EXECUTE stmt1(1)", PostgreSQL); in.Procedure != "" || in.Summary != "EXECUTE" || in.Operation != "EXECUTE" {
		t.Errorf("PostgreSQL EXECUTE: %+v", in)
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
	s := Analyze(b.String(), Generic).Summary
	if len(s) > MaxSummary || !strings.HasPrefix(s, "SELECT table_number_") || strings.HasSuffix(s, " ") {
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
		"SELECT * FROM 'secret'",
		"COPY t FROM 'secret'",
		"LOCK TABLE t IN 'secret'",
		"VALUES ('secret', 42)",
	} {
		for d := Dialect(0); d < numDialects; d++ {
			in := Analyze(q, d)
			for _, s := range []string{in.Summary, in.Operation, in.Collection, in.Procedure} {
				if strings.Contains(s, "secret") || strings.Contains(s, "42") {
					t.Errorf("Analyze(%q, %d) = %+v", q, d, in)
				}
			}
		}
	}
}

func TestLookupCaches(t *testing.T) {
	resetCache()
	t.Cleanup(resetCache)
	q := "SELECT a FROM cached_t WHERE b = 'x'"
	a := Lookup(q, PostgreSQL)
	if a.Summary != "SELECT cached_t" || a.Collection != "cached_t" || a.Sanitized() != "SELECT a FROM cached_t WHERE b = ?" {
		t.Fatalf("Lookup: %+v %q", a.Info, a.Sanitized())
	}
	if Lookup(q, PostgreSQL) != a {
		t.Fatal("second Lookup did not come from the cache")
	}
	// The dialect is part of the key: "x" is a string in MySQL.
	if m := Lookup(`SELECT "x" FROM cached_t`, MySQL).Sanitized(); m != "SELECT ? FROM cached_t" {
		t.Fatalf("MySQL: %q", m)
	}
	if p := Lookup(`SELECT "x" FROM cached_t`, PostgreSQL).Sanitized(); p != `SELECT "x" FROM cached_t` {
		t.Fatalf("PostgreSQL: %q", p)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Lookup(q, PostgreSQL).Sanitized() }); n != 0 {
		t.Fatalf("%v allocations for a cached text", n)
	}
}

// resetCache empties the cache, so that tests do not depend on their order.
func resetCache() {
	for i := range cache {
		cache[i].Clear()
	}
	cachedCount.Store(0)
	cachedBytes.Store(0)
}

// The cache stays bounded however many distinct texts a program sends,
// and texts past the bound are still analyzed.
func TestLookupBounded(t *testing.T) {
	resetCache()
	t.Cleanup(resetCache)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < maxCached; i++ {
				q := "SELECT * FROM bounded WHERE id = " + strconv.Itoa(g) + " AND n = " + strconv.Itoa(i)
				if Lookup(q, Generic).Collection != "bounded" {
					t.Error("wrong analysis")
					return
				}
			}
		}()
	}
	wg.Wait()
	// A few may pass the check together; the bound holds within that.
	if n := cachedCount.Load(); n < maxCached || n > maxCached+8 {
		t.Fatalf("cache holds %d texts, want %d", n, maxCached)
	}
	late := "SELECT * FROM late"
	if a, b := Lookup(late, Generic), Lookup(late, Generic); a == b || a.Summary != "SELECT late" {
		t.Fatal("a text past the bound was cached, or analyzed wrong")
	}
	resetCache()
	big := "SELECT * FROM big WHERE a = '" + strings.Repeat("x", maxCachedLen) + "'"
	if a, b := Lookup(big, Generic), Lookup(big, Generic); a == b || a.Sanitized() != "SELECT * FROM big WHERE a = ?" {
		t.Fatal("a text over the length bound was cached, or sanitized wrong")
	}
	// The byte budget: texts of 8 KiB fill 4 MiB long before 4096 texts.
	pad := strings.Repeat(" ", 8<<10)
	for i := 0; i < maxCached; i++ {
		Lookup("SELECT "+strconv.Itoa(i)+pad, Generic)
	}
	if b := cachedBytes.Load(); b > maxCachedBytes || cachedCount.Load() >= maxCached {
		t.Fatalf("byte budget: %d bytes in %d texts", b, cachedCount.Load())
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM t WHERE a = 'x'", "$tag$", "$1", "/* /* */", "E'\\", "'", "\"", "`",
		"INSERT INTO t SELECT", "CREATE INDEX ON", "a.b.c", "(((", ")))", "x'", "u&'", "0x", "1e+",
		"$$", "$a$ $a", "CREATE TABLE", "INSERT INTO", ":", "@", "`a", "a/**/b", "-/**/-1",
		"COPY (", "VACUUM (", "LOCK TABLE a,", "CALL p;", "START",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(MySQL))
	}
	f.Fuzz(func(t *testing.T, q string, dv uint8) {
		d := Dialect(dv % uint8(numDialects))
		s := Sanitize(q, d)
		in := Analyze(q, d)
		if len(in.Summary) > MaxSummary {
			t.Fatalf("summary too long: %d", len(in.Summary))
		}
		// Sanitizing is idempotent: ? is no literal, and no comment is left.
		if s2 := Sanitize(s, d); s2 != s {
			t.Fatalf("sanitize not idempotent: %q -> %q -> %q", q, s, s2)
		}
		// A plain string literal never survives.
		if strings.Contains(q, "'secretvalue'") && strings.Contains(s, "secretvalue") && !strings.ContainsAny(q, "\"`$-/#") {
			t.Fatalf("literal survived: %q -> %q", q, s)
		}
	})
}

// Nothing Lookup keeps (the cache, the analysis, the text and its
// sanitized form) shares bytes with the text it was given, which may live
// on a hook caller's stack.
func TestLookupOwnsText(t *testing.T) {
	resetCache()
	t.Cleanup(resetCache)
	buf := []byte("SELECT a FROM owned_t WHERE b = $1")
	in := string(buf) // bytes that stand for a caller's
	q := Lookup(in, PostgreSQL)
	for name, s := range map[string]string{"text": q.Text(), "summary": q.Summary, "operation": q.Operation,
		"collection": q.Collection, "sanitized": q.Sanitized()} {
		if instrtest.SharesBytes(s, in) {
			t.Errorf("%s %q shares the argument's bytes", name, s)
		}
	}
	if q.Text() != in || q.Collection != "owned_t" {
		t.Fatalf("Lookup: %q %+v", q.Text(), q.Info)
	}
	// Texts past the cache's bounds are not kept by the cache, but the
	// spans keep them all the same.
	long := "SELECT a FROM big_t WHERE b IN (" + strings.Repeat("1,", maxCachedLen) + "1)"
	if u := Lookup(long, PostgreSQL); instrtest.SharesBytes(u.Text(), long) || u.Text() != long {
		t.Error("an uncached text shares the argument's bytes")
	}
}
