// Package loop is the workload of the database/sql benchmark: the same
// queries against PostgreSQL for every build (plain, gotel, otelsql).
package loop

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

// DSN is the benchmark's PostgreSQL (the machine's service).
const DSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Run runs each query n times after a warm-up and prints one line per
// query: name, ns/op, allocs/op (every allocation of the process meanwhile,
// the exporter's included).
func Run(db *sql.DB) {
	n, _ := strconv.Atoi(os.Getenv("BENCH_N"))
	if n <= 0 {
		n = 5000
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	ctx := context.Background()
	queries := []struct {
		name string
		f    func() error
	}{
		{"select1", func() error {
			var v int
			return db.QueryRowContext(ctx, "SELECT 1").Scan(&v)
		}},
		{"param", func() error {
			var v int
			return db.QueryRowContext(ctx, "SELECT $1::int + 1", 41).Scan(&v)
		}},
	}
	for _, q := range queries {
		for i := 0; i < n/10; i++ {
			if err := q.f(); err != nil {
				fmt.Fprintln(os.Stderr, q.name, err)
				os.Exit(1)
			}
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		for i := 0; i < n; i++ {
			if err := q.f(); err != nil {
				fmt.Fprintln(os.Stderr, q.name, err)
				os.Exit(1)
			}
		}
		el := time.Since(t0)
		runtime.ReadMemStats(&after)
		fmt.Printf("%s %.0f %.1f\n", q.name, float64(el.Nanoseconds())/float64(n), float64(after.Mallocs-before.Mallocs)/float64(n))
	}
}
