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
	"syscall"
	"time"
)

// DSN is the benchmark's PostgreSQL (the machine's service).
const DSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// cpuTime is the process's user+system CPU time: per-query wall time is
// dominated by the round trip to the server and by other load on the
// machine, CPU time shows what the instrumentation costs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Run runs each query n times after a warm-up and prints one line per
// query: name, wall ns/op, allocs/op, CPU ns/op (every allocation of the process meanwhile,
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
		c0 := cpuTime()
		t0 := time.Now()
		for i := 0; i < n; i++ {
			if err := q.f(); err != nil {
				fmt.Fprintln(os.Stderr, q.name, err)
				os.Exit(1)
			}
		}
		el := time.Since(t0)
		cpu := cpuTime() - c0
		runtime.ReadMemStats(&after)
		fmt.Printf("%s %.0f %.1f %.0f\n", q.name, float64(el.Nanoseconds())/float64(n),
			float64(after.Mallocs-before.Mallocs)/float64(n), float64(cpu.Nanoseconds())/float64(n))
	}
}
