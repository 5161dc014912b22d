package sqlconv

import "testing"

// What a query costs the instrumentations: a cached text (the common case:
// constant queries) must cost nothing; a text seen for the first time, or
// past the cache's bounds, is scanned.

var benchQueries = []string{
	"SELECT id, name, email FROM users WHERE id = $1",
	"INSERT INTO orders (user_id, total, created_at) VALUES ($1, $2, now()) RETURNING id",
	"SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer_id = c.id WHERE o.total > 100 AND c.region = 'eu' ORDER BY o.id LIMIT 50",
	"UPDATE items SET stock = stock - 1 WHERE id = 42 /* request 7 */",
}

func BenchmarkLookupCached(b *testing.B) {
	for _, q := range benchQueries {
		Lookup(q, PostgreSQL).Sanitized()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = Lookup(benchQueries[i%len(benchQueries)], PostgreSQL).Sanitized()
	}
}

func BenchmarkAnalyze(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Analyze(benchQueries[i%len(benchQueries)], PostgreSQL)
	}
}

func BenchmarkSanitize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Sanitize(benchQueries[i%len(benchQueries)], PostgreSQL)
	}
}
