package databasesql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"sync"
	"testing"
	"unsafe"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

// A fake driver: queries return two rows, an exec of "BAD" fails with an
// error carrying a status code.
type fakeDriver struct{}

func (fakeDriver) Open(string) (driver.Conn, error) { return fakeConn{}, nil }

type fakeConn struct{}

func (fakeConn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("no prepare") }
func (fakeConn) Close() error                        { return nil }
func (fakeConn) Begin() (driver.Tx, error)           { return nil, errors.New("no tx") }
func (fakeConn) QueryContext(_ context.Context, q string, _ []driver.NamedValue) (driver.Rows, error) {
	return &fakeRows{n: 2}, nil
}
func (fakeConn) ExecContext(_ context.Context, q string, _ []driver.NamedValue) (driver.Result, error) {
	if q == "BAD" {
		return nil, &fakeError{Code: "42601"}
	}
	return driver.RowsAffected(1), nil
}

type fakeError struct{ Code string }

func (e *fakeError) Error() string { return "fake: " + e.Code }

type fakeRows struct{ n int }

func (r *fakeRows) Columns() []string { return []string{"a"} }
func (r *fakeRows) Close() error      { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.n == 0 {
		return io.EOF
	}
	r.n--
	dest[0] = int64(r.n)
	return nil
}

var registerOnce sync.Once

// testAccessors stand in for the injected ones: fields kept in maps.
func testAccessors() {
	var slots sync.Map
	slot := func(p unsafe.Pointer) *unsafe.Pointer {
		v, _ := slots.LoadOrStore(p, new(unsafe.Pointer))
		return v.(*unsafe.Pointer)
	}
	registerAccessors(
		func(db *sql.DB) *unsafe.Pointer { return slot(unsafe.Pointer(db)) },
		func(rs *sql.Rows) *unsafe.Pointer { return slot(unsafe.Pointer(rs)) },
		func(*sql.Tx) (*sql.DB, context.Context, bool) { return nil, context.Background(), false },
		func(*sql.Conn) *sql.DB { return nil },
		func(*sql.Stmt) (*sql.DB, string) { return nil, "" },
		func(rs *sql.Rows) error { return rs.Err() },
	)
}

func setup(t testing.TB) (*tracetest.SpanRecorder, *sdkmetric.ManualReader, *sql.DB) {
	registerOnce.Do(func() { sql.Register("gotelfake", fakeDriver{}) })
	testAccessors()
	sr := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	rd := sdkmetric.NewManualReader()
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(rd)))

	dsn := "postgres://user:hunter2@db.example:6543/shop?sslmode=disable"
	db, err := sql.Open("gotelfake", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// What the woven sql.Open / sql.OpenDB would do.
	var c, c2 hook.Context
	OpenBefore(&c, "gotelfake", dsn)
	OpenDBBefore(&c2, fakeConnector{})
	OpenDBAfter(&c2, db)
	OpenAfter(&c, db, nil)
	return sr, rd, db
}

type fakeConnector struct{}

func (fakeConnector) Connect(context.Context) (driver.Conn, error) { return fakeConn{}, nil }
func (fakeConnector) Driver() driver.Driver                        { return fakeDriver{} }

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestQuerySpanEndsWithRows(t *testing.T) {
	sr, rd, db := setup(t)
	tp := otel.GetTracerProvider()
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")

	q := "SELECT a FROM items WHERE b = 'secret'"
	var c hook.Context
	DBQueryBefore(&c, db, ref(ctx), q, nil)
	rows, err := db.QueryContext(ctx, q)
	QueryAfter(&c, rows, err)
	if len(sr.Ended()) != 0 {
		t.Fatal("query span ended before its rows closed")
	}
	n := 0
	for {
		var nc hook.Context
		RowsNextBefore(&nc, rows)
		ok := rows.Next()
		RowsNextAfter(&nc, ok)
		if !ok {
			break
		}
		n++
	}
	var cc hook.Context
	RowsCloseBefore(&cc, rows, nil)
	RowsCloseAfter(&cc, rows.Close())
	RowsCloseBefore(&cc, rows, nil) // a second close ends nothing
	RowsCloseAfter(&cc, rows.Close())
	parent.End()

	ended := sr.Ended()
	if len(ended) != 2 || n != 2 {
		t.Fatalf("%d spans, %d rows", len(ended), n)
	}
	s := ended[0]
	a := attrs(s)
	if s.Name() != "SELECT items" || s.SpanKind() != trace.SpanKindClient || s.Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("span %q kind %v parent %v", s.Name(), s.SpanKind(), s.Parent().SpanID())
	}
	want := map[attribute.Key]attribute.Value{
		keyDBSystemName:     attribute.StringValue("other_sql"),
		keyDBNamespace:      attribute.StringValue("shop"),
		keyServerAddress:    attribute.StringValue("db.example"),
		keyServerPort:       attribute.IntValue(6543),
		keyDBQueryText:      attribute.StringValue("SELECT a FROM items WHERE b = ?"),
		keyDBQuerySummary:   attribute.StringValue("SELECT items"),
		keyDBOperationName:  attribute.StringValue("SELECT"),
		keyDBCollectionName: attribute.StringValue("items"),
		keyDBReturnedRows:   attribute.Int64Value(2),
	}
	for k, v := range want {
		if a[k] != v {
			t.Errorf("%s = %v, want %v", k, a[k].Emit(), v.Emit())
		}
	}
	for _, kv := range s.Attributes() {
		if v := kv.Value.Emit(); contains(v, "hunter2") || contains(v, "secret") {
			t.Errorf("%s leaks %q", kv.Key, v)
		}
	}

	var rm metricdata.ResourceMetrics
	if err := rd.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != durationName || m.Unit != "s" {
				continue
			}
			h := m.Data.(metricdata.Histogram[float64])
			for _, dp := range h.DataPoints {
				if v, ok := dp.Attributes.Value(keyDBQuerySummary); ok && v.AsString() == "SELECT items" && dp.Count == 1 {
					found = true
					if len(dp.Bounds) != len(durationBuckets) {
						t.Errorf("bounds %v", dp.Bounds)
					}
				}
			}
		}
	}
	if !found {
		t.Errorf("no duration recorded for the query: %+v", rm)
	}
}

func TestExecErrorAndArgs(t *testing.T) {
	sr, _, db := setup(t)
	ctx := context.Background()
	var c hook.Context
	DBExecBefore(&c, db, ref(ctx), "UPDATE items SET a = $1 WHERE b = 'x'", []any{1})
	res, err := db.ExecContext(ctx, "UPDATE items SET a = $1", 1)
	ExecAfter(&c, res, err)
	var c2 hook.Context
	DBExecBefore(&c2, db, ref(ctx), "BAD", nil)
	_, err = db.ExecContext(ctx, "BAD")
	ExecAfter(&c2, nil, err)
	if err == nil {
		t.Fatal("the fake exec did not fail")
	}
	ended := sr.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans", len(ended))
	}
	if a := attrs(ended[0]); a[keyDBQueryText].AsString() != "UPDATE items SET a = $1 WHERE b = 'x'" {
		t.Errorf("parameterized text changed: %q", a[keyDBQueryText].AsString())
	}
	bad := ended[1]
	a := attrs(bad)
	if bad.Status().Code != codes.Error || a[keyErrorType].AsString() != "42601" || a[keyDBResponseStatus].AsString() != "42601" {
		t.Errorf("failed exec: status %v attrs %v", bad.Status(), a)
	}
	if bad.Name() != "shop" { // no summary, no operation: the target
		t.Errorf("failed exec span name %q", bad.Name())
	}
}

func TestSuppressedAndPlainOps(t *testing.T) {
	sr, _, db := setup(t)
	var c hook.Context
	DBPingBefore(&c, db, ref(hook.Suppress(context.Background())))
	ErrAfter(&c, nil)
	if len(sr.Ended()) != 0 {
		t.Fatal("a suppressed context got a span")
	}
	var c2 hook.Context
	DBBeginBefore(&c2, db, ref(context.Background()), nil)
	BeginAfter(&c2, nil, context.Canceled)
	s := sr.Ended()[0]
	if s.Name() != "BEGIN shop" || attrs(s)[keyErrorType].AsString() != "context.Canceled" {
		t.Errorf("begin span %q %v", s.Name(), attrs(s))
	}
}

// Closing before QueryAfter stores the span (a context cancelled at once)
// still ends it, once.
func TestRowsClosedBeforeQueryAfter(t *testing.T) {
	sr, _, db := setup(t)
	var c hook.Context
	DBQueryBefore(&c, db, ref(context.Background()), "SELECT 1", nil)
	rows, err := db.QueryContext(context.Background(), "SELECT 1")
	var cc hook.Context
	RowsCloseBefore(&cc, rows, nil)
	RowsCloseAfter(&cc, rows.Close())
	QueryAfter(&c, rows, err)
	if len(sr.Ended()) != 1 {
		t.Fatalf("%d spans", len(sr.Ended()))
	}
}

func TestErrorInfo(t *testing.T) {
	cases := []struct {
		err         error
		typ, status string
	}{
		{driver.ErrBadConn, "driver.ErrBadConn", ""},
		{sql.ErrTxDone, "sql.ErrTxDone", ""},
		{context.DeadlineExceeded, "context.DeadlineExceeded", ""},
		{&fakeError{Code: "23505"}, "23505", "23505"},
		{errors.Join(errors.New("x")), "*errors.joinError", ""},
		{errors.New("plain"), "_OTHER", ""},
	}
	for _, c := range cases {
		typ, st := errorInfo(c.err)
		if typ != c.typ || st != c.status {
			t.Errorf("errorInfo(%v) = %q %q, want %q %q", c.err, typ, st, c.typ, c.status)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// BenchmarkQueryHooks: the hooks' cost for one query of one row, the fake
// driver's work and the SDK's span and metric recording included (the span
// recorder keeps every span, so GC work grows with b.N).
func BenchmarkQueryHooks(b *testing.B) {
	_, _, db := setup(b)
	ctx := context.Background()
	q := "SELECT a FROM items WHERE b = $1"
	b.ReportAllocs()
	for b.Loop() {
		var c, nc, cc hook.Context
		DBQueryBefore(&c, db, ref(ctx), q, []any{1})
		rows, err := db.QueryContext(ctx, q, 1)
		QueryAfter(&c, rows, err)
		RowsNextBefore(&nc, rows)
		RowsNextAfter(&nc, rows.Next())
		RowsCloseBefore(&cc, rows, nil)
		RowsCloseAfter(&cc, rows.Close())
	}
}

// BenchmarkQueryPlain is the same query without the hooks.
func BenchmarkQueryPlain(b *testing.B) {
	_, _, db := setup(b)
	ctx := context.Background()
	q := "SELECT a FROM items WHERE b = $1"
	b.ReportAllocs()
	for b.Loop() {
		rows, _ := db.QueryContext(ctx, q, 1)
		rows.Next()
		rows.Close()
	}
}

func ref(ctx context.Context) *context.Context { return &ctx }

// The context handed to the driver is marked while the operation is
// traced (so pgx under pgx/v5/stdlib does not trace it again), and left
// alone otherwise.
func TestDriverContextMarked(t *testing.T) {
	_, _, db := setup(t)
	ctx := context.Background()
	var c hook.Context
	DBExecBefore(&c, db, &ctx, "SELECT 1", nil)
	ExecAfter(&c, nil, nil)
	if !hook.InLayer(ctx, LayerKind) {
		t.Error("the driver's context is not marked")
	}
	sup := hook.Suppress(context.Background())
	var c2 hook.Context
	DBExecBefore(&c2, db, &sup, "SELECT 1", nil)
	ExecAfter(&c2, nil, nil)
	if hook.InLayer(sup, LayerKind) {
		t.Error("an untraced operation marked the context")
	}
}
