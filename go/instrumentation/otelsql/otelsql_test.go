package otelsql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/XSAM/otelsql"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"gotel.dev/instrumentation/databasesql"
	"gotel.dev/runtime/hook"
)

// A driver answering every query with one row, so that otelsql has
// connections, statements and rows to wrap.
type fakeDriver struct{}
type fakeConn struct{}
type fakeRows struct{ done bool }

func (fakeDriver) Open(string) (driver.Conn, error)  { return fakeConn{}, nil }
func (fakeConn) Prepare(string) (driver.Stmt, error) { return nil, driver.ErrSkip }
func (fakeConn) Close() error                        { return nil }
func (fakeConn) Begin() (driver.Tx, error)           { return fakeConn{}, nil }
func (fakeConn) Commit() error                       { return nil }
func (fakeConn) Rollback() error                     { return nil }
func (fakeConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	return &fakeRows{}, nil
}
func (fakeConn) ExecContext(context.Context, string, []driver.NamedValue) (driver.Result, error) {
	return driver.RowsAffected(1), nil
}
func (*fakeRows) Columns() []string { return []string{"n"} }
func (*fakeRows) Close() error      { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	r.done = true
	dest[0] = int64(1)
	return nil
}

// program opens a DB the way a program does with otelsql, with a tracer
// provider and a span filter of its own, after the woven hook ran on the
// options; it returns the DB, the program's recorder and how often its
// filter was asked.
func program(t *testing.T, before func(opts *[]otelsql.Option)) (*sql.DB, *tracetest.SpanRecorder, *atomic.Int32) {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	var asked atomic.Int32
	opts := make([]otelsql.Option, 0, 6) // spare capacity the hook must not write
	opts = append(opts,
		otelsql.WithTracerProvider(tp),
		otelsql.WithSpanOptions(otelsql.SpanOptions{SpanFilter: func(context.Context, otelsql.Method, string, []driver.NamedValue) bool {
			asked.Add(1)
			return true
		}}))
	shared := opts
	before(&opts)
	if len(opts) != len(shared)+1 {
		t.Fatalf("hook left %d options, want %d", len(opts), len(shared)+1)
	}
	if &opts[0] == &shared[0] || shared[:cap(shared)][len(shared)] != nil {
		t.Fatal("hook appended into the caller's slice")
	}
	sql.Register(t.Name(), otelsql.WrapDriver(fakeDriver{}, opts...))
	db, err := sql.Open(t.Name(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, sr, &asked
}

func work(t *testing.T, ctx context.Context, db *sql.DB) {
	t.Helper()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&n); err != nil || n != 1 {
		t.Fatalf("query: %d %v", n, err)
	}
	if _, err := db.ExecContext(ctx, "UPDATE t SET a = 1"); err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// Work in a context that gotel's database/sql hooks marked gets no otelsql
// span, and the program's filter is not even asked; unmarked work keeps
// otelsql's spans, in the program's own provider, through its filter.
func TestStepsAsideWhereGotelTraces(t *testing.T) {
	db, sr, asked := program(t, func(opts *[]otelsql.Option) { WrapDriverBefore(nil, nil, opts) })

	work(t, hook.EnterLayer(context.Background(), databasesql.LayerKind), db)
	if n := len(sr.Ended()); n != 0 {
		for _, s := range sr.Ended() {
			t.Logf("otelsql span %q", s.Name())
		}
		t.Fatalf("%d otelsql spans for work gotel traces, want 0", n)
	}
	if asked.Load() != 0 {
		t.Errorf("program's filter asked %d times for work gotel traces", asked.Load())
	}

	work(t, context.Background(), db)
	if len(sr.Ended()) == 0 || asked.Load() == 0 {
		t.Fatalf("work gotel does not trace: %d otelsql spans, filter asked %d times; want otelsql's spans through the program's filter",
			len(sr.Ended()), asked.Load())
	}
	for _, s := range sr.Ended() {
		if s.InstrumentationScope().Name != "github.com/XSAM/otelsql" {
			t.Errorf("span %q from %q", s.Name(), s.InstrumentationScope().Name)
		}
	}
}

// Without the hook, the same marked work gets otelsql's spans: the test
// above can fail.
func TestWithoutHookBothTrace(t *testing.T) {
	db, sr, _ := program(t, func(opts *[]otelsql.Option) {
		o := *opts
		*opts = append(o[:len(o):len(o)], otelsql.WithAttributes())
	})
	work(t, hook.EnterLayer(context.Background(), databasesql.LayerKind), db)
	if len(sr.Ended()) == 0 {
		t.Fatal("no otelsql span without gotel's option")
	}
}

// Every constructor's hook adds the option.
func TestConstructorHooks(t *testing.T) {
	var c hook.Context
	for name, h := range map[string]func(*[]otelsql.Option){
		"Open":       func(o *[]otelsql.Option) { OpenBefore(&c, "x", "dsn", o) },
		"OpenDB":     func(o *[]otelsql.Option) { OpenDBBefore(nil, nil, o) },
		"WrapDriver": func(o *[]otelsql.Option) { WrapDriverBefore(nil, nil, o) },
		"Register":   func(o *[]otelsql.Option) { RegisterBefore(nil, "x", o) },
	} {
		var opts []otelsql.Option
		h(&opts)
		if len(opts) != 1 {
			t.Errorf("%s: %d options", name, len(opts))
		}
	}
	if c.Data() != "dsn" {
		t.Errorf("Open kept %v, want the DSN", c.Data())
	}
}

func TestChainFilterOddShapes(t *testing.T) {
	chainFilter(reflectValue(nil))
	var s struct{ SpanOptions int }
	chainFilter(reflectValue(&s))
	var u struct{ SpanOptions struct{ SpanFilter func() } }
	chainFilter(reflectValue(&u))
	if u.SpanOptions.SpanFilter != nil {
		t.Fatal("filter of another type set")
	}
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v) }
