package pgx

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/instrtest"
)

// The hooks reach pgx's unexported state through accessors that the
// injected file registers (checked end to end in tests/e2e/pgx_test.go).
// Here fake ones stand in, over fake rows and batch results, so that the
// hooks' own logic is tested without weaving.

type fakeRows struct {
	state   any
	closed  bool
	tag     pgconn.CommandTag
	err     error
	hasRows bool
}

type fakeBatch struct{ state any }

type fakes struct {
	mu      sync.Mutex
	conns   map[*pgx.Conn]*any
	batches map[*pgx.Batch][]string
}

var fk = &fakes{conns: map[*pgx.Conn]*any{}, batches: map[*pgx.Batch][]string{}}

func init() {
	registerAccessors(
		func(c *pgx.Conn) (*any, string, uint16, string) {
			fk.mu.Lock()
			defer fk.mu.Unlock()
			s := fk.conns[c]
			if s == nil {
				s = new(any)
				fk.conns[c] = s
			}
			return s, "db.example", 6543, "shop"
		},
		func(_ *pgx.Conn, name string) string {
			if name == "byname" {
				return "SELECT x FROM prepared_t WHERE id = $1"
			}
			return ""
		},
		func(r any) (*any, bool) {
			if f, ok := r.(*fakeRows); ok {
				return &f.state, f.closed
			}
			return nil, true
		},
		func(r any) (pgconn.CommandTag, error, bool) {
			f := r.(*fakeRows)
			return f.tag, f.err, f.hasRows
		},
		func(br any) *any {
			if f, ok := br.(*fakeBatch); ok {
				return &f.state
			}
			return nil
		},
	)
	registerBatchAccessor(func(b *pgx.Batch, i int) (string, []any) {
		fk.mu.Lock()
		defer fk.mu.Unlock()
		return fk.batches[b][i], []any{i}
	})
}

// fakeRows and fakeBatch satisfy the interfaces the After hooks receive.
func (f *fakeRows) Close()                                       { f.closed = true }
func (f *fakeRows) Err() error                                   { return f.err }
func (f *fakeRows) CommandTag() pgconn.CommandTag                { return f.tag }
func (f *fakeRows) FieldDescriptions() []pgconn.FieldDescription { return nil }
func (f *fakeRows) Next() bool                                   { return false }
func (f *fakeRows) Scan(...any) error                            { return nil }
func (f *fakeRows) Values() ([]any, error)                       { return nil, nil }
func (f *fakeRows) RawValues() [][]byte                          { return nil }
func (f *fakeRows) Conn() *pgx.Conn                              { return nil }

func (f *fakeBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, nil }
func (f *fakeBatch) Query() (pgx.Rows, error)         { return nil, nil }
func (f *fakeBatch) QueryRow() pgx.Row                { return nil }
func (f *fakeBatch) Close() error                     { return nil }

func setup(t *testing.T) (*tracetest.SpanRecorder, *sdkmetric.ManualReader) {
	sr := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	rd := sdkmetric.NewManualReader()
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(rd)))
	return sr, rd
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func one(t *testing.T, sr *tracetest.SpanRecorder) sdktrace.ReadOnlySpan {
	t.Helper()
	ended := sr.Ended()
	if len(ended) != 1 {
		t.Fatalf("%d spans ended, want 1", len(ended))
	}
	return ended[0]
}

func TestExecSpanAndMetric(t *testing.T) {
	sr, rd := setup(t)
	c := new(pgx.Conn)
	parentCtx, parentSpan := otel.Tracer("test").Start(context.Background(), "parent")
	hc := &hook.Context{}
	ExecBefore(hc, c, parentCtx, "INSERT INTO items (id) VALUES ($1)", []any{1})
	ExecAfter(hc, pgconn.CommandTag{}, &pgconn.PgError{Code: "23505", Message: "duplicate key"})
	parentSpan.End()

	var s sdktrace.ReadOnlySpan
	for _, e := range sr.Ended() {
		if e.Name() != "parent" {
			s = e
		}
	}
	if s == nil || s.Name() != "INSERT items" || s.SpanKind() != trace.SpanKindClient {
		t.Fatalf("span %v", s)
	}
	if s.Parent().SpanID() != parentSpan.SpanContext().SpanID() {
		t.Error("not a child of the context's span")
	}
	a := attrs(s)
	for k, v := range map[attribute.Key]string{
		"db.system.name": "postgresql", "db.namespace": "shop", "server.address": "db.example",
		"db.operation.name": "INSERT", "db.collection.name": "items", "db.query.summary": "INSERT items",
		"db.query.text": "INSERT INTO items (id) VALUES ($1)", "error.type": "23505", "db.response.status_code": "23505",
	} {
		if a[k].AsString() != v {
			t.Errorf("%s = %q, want %q", k, a[k].Emit(), v)
		}
	}
	if a["server.port"].AsInt64() != 6543 {
		t.Errorf("server.port %v", a["server.port"].Emit())
	}
	if s.Status().Code != codes.Error {
		t.Errorf("status %v", s.Status())
	}

	var rm metricdata.ResourceMetrics
	if err := rd.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != "db.client.operation.duration" || m.Unit != "s" {
				continue
			}
			h := m.Data.(metricdata.Histogram[float64])
			for _, p := range h.DataPoints {
				if v, _ := p.Attributes.Value("error.type"); v.AsString() == "23505" && p.Count == 1 {
					found = true
				}
				if _, ok := p.Attributes.Value("db.query.text"); ok {
					t.Error("query text on the metric")
				}
			}
		}
	}
	if !found {
		t.Errorf("no measurement: %+v", rm)
	}
}

func TestQueryEndsWhenRowsClose(t *testing.T) {
	sr, _ := setup(t)
	c := new(pgx.Conn)
	hc := &hook.Context{}
	QueryBefore(hc, c, context.Background(), "SELECT * FROM users WHERE name = 'bob'", nil)
	// pgx prepares the statement itself inside Query: no span of its own.
	inner := &hook.Context{}
	PrepareBefore(inner, c, context.Background(), "stmt", "SELECT * FROM users WHERE name = 'bob'")
	if inner.Data() != nil {
		t.Fatal("a nested Prepare started a span")
	}
	PrepareAfter(inner, nil, nil)
	rows := &fakeRows{tag: pgconn.NewCommandTag("SELECT 3"), hasRows: true}
	QueryAfter(hc, rows, nil)
	if len(sr.Ended()) != 0 {
		t.Fatal("span ended before the rows closed")
	}
	cc := &hook.Context{}
	RowsCloseBefore(cc, rows)
	rows.closed = true
	RowsCloseAfter(cc)
	// A second Close does nothing.
	cc2 := &hook.Context{}
	RowsCloseBefore(cc2, rows)
	RowsCloseAfter(cc2)

	s := one(t, sr)
	a := attrs(s)
	if s.Name() != "SELECT users" || a["db.query.text"].AsString() != "SELECT * FROM users WHERE name = ?" ||
		a["db.response.returned_rows"].AsInt64() != 3 || s.Status().Code == codes.Error {
		t.Errorf("span %s %v %v", s.Name(), a, s.Status())
	}

	// Once Query has returned, the connection's own Prepare is traced;
	// without placeholders its literals are replaced.
	pc := &hook.Context{}
	PrepareBefore(pc, c, context.Background(), "stmt", "SELECT 1")
	PrepareAfter(pc, nil, nil)
	if n := len(sr.Ended()); n != 2 || sr.Ended()[1].Name() != "PREPARE SELECT" ||
		attrs(sr.Ended()[1])["db.query.text"].AsString() != "SELECT ?" {
		t.Errorf("prepare span: %d spans", n)
	}
}

func TestQueryFailingEndsAtOnce(t *testing.T) {
	sr, _ := setup(t)
	hc := &hook.Context{}
	QueryBefore(hc, new(pgx.Conn), context.Background(), "byname", []any{7})
	rows := &fakeRows{closed: true, err: context.Canceled}
	QueryAfter(hc, rows, context.Canceled)
	s := one(t, sr)
	a := attrs(s)
	if s.Name() != "SELECT prepared_t" || a["db.query.text"].AsString() != "SELECT x FROM prepared_t WHERE id = $1" ||
		a["error.type"].AsString() != "context.Canceled" || s.Status().Code != codes.Error {
		t.Errorf("span %s %v %v", s.Name(), a, s.Status())
	}
}

func TestParameterizedOnlyWithValues(t *testing.T) {
	if parameterized([]any{pgx.QueryExecModeSimpleProtocol}) || parameterized(nil) {
		t.Error("options counted as values")
	}
	if !parameterized([]any{pgx.QueryExecModeExec, 1}) || !parameterized([]any{pgx.NamedArgs{"a": 1}}) {
		t.Error("values not counted")
	}
}

func TestBatchNaming(t *testing.T) {
	for _, c := range []struct {
		queries    []string
		name, op   string
		size       int64
		text, coll string
	}{
		{[]string{"INSERT INTO t (a) VALUES ($1)", "INSERT INTO t (a) VALUES ($1)"}, "BATCH INSERT t", "BATCH INSERT", 2,
			"INSERT INTO t (a) VALUES ($1)", "t"},
		{[]string{"INSERT INTO t (a) VALUES ($1)", "UPDATE t SET a = $1"}, "BATCH", "BATCH", 2,
			"INSERT INTO t (a) VALUES ($1); UPDATE t SET a = $1", "t"},
		{[]string{"SELECT a FROM t", "SELECT b FROM u"}, "BATCH", "BATCH SELECT", 2, "SELECT a FROM t; SELECT b FROM u", ""},
		{[]string{"DELETE FROM t WHERE a = $1"}, "DELETE t", "DELETE", 0, "DELETE FROM t WHERE a = $1", "t"},
	} {
		sr, _ := setup(t)
		b := &pgx.Batch{}
		for _, q := range c.queries {
			b.Queue(q)
		}
		fk.mu.Lock()
		fk.batches[b] = c.queries
		fk.mu.Unlock()
		hc := &hook.Context{}
		SendBatchBefore(hc, new(pgx.Conn), context.Background(), b)
		br := &fakeBatch{}
		SendBatchAfter(hc, br)
		if len(sr.Ended()) != 0 {
			t.Fatal("batch span ended before Close")
		}
		cc := &hook.Context{}
		BatchCloseBefore(cc, br)
		BatchCloseAfter(cc, nil)
		s := one(t, sr)
		a := attrs(s)
		if s.Name() != c.name || a["db.operation.name"].AsString() != c.op || a["db.operation.batch.size"].AsInt64() != c.size ||
			a["db.query.text"].AsString() != c.text || a["db.collection.name"].AsString() != c.coll {
			t.Errorf("%v: span %q %v", c.queries, s.Name(), a)
		}
	}
}

func TestCopyFromSpan(t *testing.T) {
	sr, _ := setup(t)
	hc := &hook.Context{}
	CopyFromBefore(hc, new(pgx.Conn), context.Background(), pgx.Identifier{"public", "items"}, []string{"id", "na\"me"}, nil)
	CopyFromAfter(hc, 3, nil)
	s := one(t, sr)
	a := attrs(s)
	if s.Name() != "COPY public.items" || a["db.collection.name"].AsString() != "public.items" ||
		a["db.query.text"].AsString() != `copy "public"."items" ( "id", "na""me" ) from stdin binary;` {
		t.Errorf("span %q %v", s.Name(), a)
	}
}

func TestSuppressedContext(t *testing.T) {
	sr, _ := setup(t)
	hc := &hook.Context{}
	ExecBefore(hc, new(pgx.Conn), hook.Suppress(context.Background()), "SELECT 1", nil)
	ExecAfter(hc, pgconn.CommandTag{}, nil)
	// What database/sql hands pgx/v5/stdlib while it traces the operation.
	hc = &hook.Context{}
	ExecBefore(hc, new(pgx.Conn), hook.EnterLayer(context.Background(), "db"), "SELECT 1", nil)
	ExecAfter(hc, pgconn.CommandTag{}, nil)
	if len(sr.Ended()) != 0 {
		t.Fatal("span for a suppressed context or for work database/sql traces")
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		err       error
		typ, code string
	}{
		{&pgconn.PgError{Code: "42P01"}, "42P01", "42P01"},
		{errors.Join(errors.New("x"), &pgconn.PgError{Code: "40001"}), "40001", "40001"},
		{context.DeadlineExceeded, "context.DeadlineExceeded", ""},
		{errors.New("boom"), "*errors.errorString", ""},
	} {
		if typ, code := classify(c.err); typ != c.typ || code != c.code {
			t.Errorf("classify(%v) = %q, %q; want %q, %q", c.err, typ, code, c.typ, c.code)
		}
	}
}

// The metric's attribute set is kept per connection and query for
// successful operations; a failure of the same query still gets its own.
func TestMetricSetsKeptPerQuery(t *testing.T) {
	_, rd := setup(t)
	c := new(pgx.Conn)
	exec := func(err error) {
		hc := &hook.Context{}
		ExecBefore(hc, c, context.Background(), "DELETE FROM items WHERE id = $1", []any{1})
		ExecAfter(hc, pgconn.CommandTag{}, err)
	}
	exec(nil)
	exec(nil)
	exec(&pgconn.PgError{Code: "40001"})
	exec(nil)
	counts := map[string]uint64{}
	for _, p := range instrtest.HistogramPoints(t, rd, "db.client.operation.duration") {
		e, _ := p.Attributes.Value("error.type")
		if s, _ := p.Attributes.Value("db.query.summary"); s.AsString() != "DELETE items" {
			t.Errorf("summary %q", s.Emit())
		}
		counts[e.AsString()] += p.Count
	}
	if counts[""] != 3 || counts["40001"] != 1 || len(counts) != 2 {
		t.Errorf("measurements by error.type: %v", counts)
	}
}
