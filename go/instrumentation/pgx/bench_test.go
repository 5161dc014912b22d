package pgx

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"gotel.dev/runtime/hook"
)

// The hooks' own cost per operation, without the database: what gotel adds
// to each query, with every span sampled into an SDK that drops it and the
// histogram aggregated (bench/pgx compares it with otelpgx's tracer under
// the same SDK, and measures whole queries against PostgreSQL).

type dropSpans struct{}

func (dropSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (dropSpans) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (dropSpans) Shutdown(context.Context) error                  { return nil }
func (dropSpans) ForceFlush(context.Context) error                { return nil }

func benchSetup(b *testing.B) context.Context {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithSpanProcessor(dropSpans{})))
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())))
	ctx, span := otel.Tracer("bench").Start(context.Background(), "request")
	b.Cleanup(func() { span.End() })
	b.ReportAllocs()
	return ctx
}

func BenchmarkHooksExec(b *testing.B) {
	ctx := benchSetup(b)
	c := new(pgx.Conn)
	args := []any{1}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var hc hook.Context
		ExecBefore(&hc, c, ctx, "SELECT $1::int", args)
		ExecAfter(&hc, pgconn.CommandTag{}, nil)
	}
}

func BenchmarkHooksQueryRow(b *testing.B) {
	ctx := benchSetup(b)
	c := new(pgx.Conn)
	args := []any{1}
	tag := pgconn.NewCommandTag("SELECT 1")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var hc, cc hook.Context
		QueryBefore(&hc, c, ctx, "SELECT $1::int + 1", args)
		rows := &fakeRows{tag: tag, hasRows: true}
		QueryAfter(&hc, rows, nil)
		RowsCloseBefore(&cc, rows)
		rows.closed = true
		RowsCloseAfter(&cc)
	}
}
