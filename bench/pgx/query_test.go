// Per-query cost of tracing pgx: the same benchmarks built plain and with
// gotel (run.sh). The plain build runs them without any tracer ("none") and
// with the contrib tracer users would otherwise add to ConnConfig.Tracer
// (github.com/exaring/otelpgx); the gotel build runs them without a tracer
// of the program's, so gotel's woven hooks do the tracing. Both record
// spans and the duration histogram into the same SDK (installed by the
// test: every span sampled, ended spans dropped, metrics aggregated and
// never read), against the real PostgreSQL on 127.0.0.1:5432, each query
// inside a recording parent span.
package pgxbench

import (
	"context"
	"os"
	"syscall"
	"testing"

	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

type discard struct{}

func (discard) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discard) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discard) Shutdown(context.Context) error                  { return nil }
func (discard) ForceFlush(context.Context) error                { return nil }

func TestMain(m *testing.M) {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithSpanProcessor(discard{})))
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())))
	os.Exit(m.Run())
}

func dsn() string {
	if s := os.Getenv("PGX_DSN"); s != "" {
		return s
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// connect opens a connection, with otelpgx's tracer when mode says so.
func connect(b *testing.B, mode string) *pgx.Conn {
	cfg, err := pgx.ParseConfig(dsn())
	if err != nil {
		b.Fatal(err)
	}
	if mode == "otelpgx" {
		cfg.Tracer = otelpgx.NewTracer()
	}
	c, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		b.Skipf("PostgreSQL: %v", err)
	}
	b.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// inSpan returns a context with a recording span, as in a request handler:
// otelpgx traces only under a recording parent.
func inSpan(b *testing.B) context.Context {
	ctx, span := otel.Tracer("bench").Start(context.Background(), "request")
	b.Cleanup(func() { span.End() })
	return ctx
}

// cpu returns the process's user+system CPU time in nanoseconds. The wall
// time per query is dominated by the database round trip and by whatever
// else the machine runs; the client's CPU time per query is what tracing
// adds to.
func cpu() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// measure runs f b.N times and reports the CPU time per op too.
func measure(b *testing.B, f func(i int)) {
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpu()
	for i := 0; i < b.N; i++ {
		f(i)
	}
	b.StopTimer()
	b.ReportMetric(float64(cpu()-c0)/float64(b.N), "cpu-ns/op")
}

func modes() []string {
	if m := os.Getenv("PGX_BENCH_MODES"); m != "" {
		return []string{m}
	}
	return []string{"none"}
}

// BenchmarkQueryRow: one parameterized single-row query per op.
func BenchmarkQueryRow(b *testing.B) {
	for _, mode := range modes() {
		b.Run(mode, func(b *testing.B) {
			c := connect(b, mode)
			ctx := inSpan(b)
			var n int
			measure(b, func(i int) {
				if err := c.QueryRow(ctx, "SELECT $1::int + 1", i).Scan(&n); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkQueryRows: a query returning 10 rows, iterated.
func BenchmarkQueryRows(b *testing.B) {
	for _, mode := range modes() {
		b.Run(mode, func(b *testing.B) {
			c := connect(b, mode)
			ctx := inSpan(b)
			measure(b, func(int) {
				rows, err := c.Query(ctx, "SELECT g FROM generate_series(1, $1::int) g", 10)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
			})
		})
	}
}

// BenchmarkExec: one statement without result rows.
func BenchmarkExec(b *testing.B) {
	for _, mode := range modes() {
		b.Run(mode, func(b *testing.B) {
			c := connect(b, mode)
			ctx := inSpan(b)
			measure(b, func(i int) {
				if _, err := c.Exec(ctx, "SELECT $1::int", i); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
