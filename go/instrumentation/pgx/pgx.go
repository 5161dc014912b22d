// Package pgx holds the hooks gotel weaves into github.com/jackc/pgx/v5:
// one client span, and one db.client.operation.duration measurement, per
// database operation of a pgx.Conn — Query/QueryRow (ending when the rows
// close), Exec, Prepare, SendBatch (one span per batch, ending when its
// results close) and CopyFrom — following the stable database semantic
// conventions. pgxpool.Pool runs every operation on a pgx.Conn, so pool
// operations are traced there, once.
//
// The hooks never touch the connection's config: a QueryTracer the program
// set in ConnConfig.Tracer is called exactly as without gotel, with the
// same context.
package pgx

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/instr"
	"gotel.dev/runtime/instr/sqlconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/pgx"

type instruments struct {
	tracer   trace.Tracer
	duration metric.Float64Histogram
}

var scope = instr.New(ScopeName, schemaURL, func(t trace.Tracer, m metric.Meter) *instruments {
	return &instruments{
		tracer:   t,
		duration: instr.Histogram(m, durationName, durationDesc, durationUnit, instr.DurationBuckets...),
	}
})

// Accessors of pgx's unexported state, registered by the file gotel injects
// into pgx (inject/access.go.txt, inject/batch_v5*.go.txt); the unit tests
// register fakes.
// No initializers: pgx initialises before this package and sets them.
var (
	accConn     func(*pgx.Conn) (*any, string, uint16, string)
	accPrepared func(*pgx.Conn, string) string
	accRows     func(any) (*any, bool)
	accRowsEnd  func(any) (pgconn.CommandTag, error, bool)
	accBatch    func(any) *any
	accBatchQ   func(b *pgx.Batch, i int) (string, []any)
)

// registerAccessors is called from the injected file's init. Its signature
// is a contract with inject/access.go.txt.
func registerAccessors(
	conn func(*pgx.Conn) (*any, string, uint16, string),
	prepared func(*pgx.Conn, string) string,
	rows func(any) (*any, bool),
	rowsEnd func(any) (pgconn.CommandTag, error, bool),
	batch func(any) *any,
) {
	accConn, accPrepared, accRows, accRowsEnd, accBatch = conn, prepared, rows, rowsEnd, batch
}

// registerBatchAccessor is called from inject/batch_v5*.go.txt.
func registerBatchAccessor(f func(b *pgx.Batch, i int) (string, []any)) { accBatchQ = f }

var _, _ = registerAccessors, registerBatchAccessor // referenced through go:linkname only

// connInfo is kept in the gotelState field gotel adds to each pgx.Conn.
type connInfo struct {
	attrs []attribute.KeyValue // db.system.name, db.namespace, server.address, server.port
	// busy is set while a span of one of this connection's own calls is
	// open: the calls pgx makes itself meanwhile (Query and Exec prepare
	// statements through Conn.Prepare, CopyFrom describes the table) are
	// part of that span, not spans of their own. A Conn is used by one
	// goroutine at a time, so a plain field is enough.
	busy bool
	// sets: the duration metric's attributes of this connection's
	// successful operations, by what the query text says (a service runs
	// few distinct queries); building the set is most of the metric's
	// allocations. Bounded: past maxSets distinct queries, sets are built
	// per operation. Copied on write, so that even a program that shares
	// a Conn between goroutines (which pgx forbids) cannot make a map
	// access fatal.
	sets atomic.Pointer[map[setKey]metric.RecordOption]
}

type setKey struct{ op, coll, summary string }

const maxSets = 256

// conn returns the connection's info, creating it on first use.
func conn(c *pgx.Conn) *connInfo {
	if c == nil || accConn == nil {
		return nil // not woven with the injected accessors: nothing to attach spans to
	}
	slot, host, port, db := accConn(c)
	if slot == nil {
		return nil
	}
	if ci, ok := (*slot).(*connInfo); ok {
		return ci
	}
	ci := newConnInfo(host, port, db)
	*slot = ci
	return ci
}

func newConnInfo(host string, port uint16, db string) *connInfo {
	kv := make([]attribute.KeyValue, 0, 4)
	kv = append(kv, keyDBSystemName.String(systemPostgreSQL))
	if db != "" {
		kv = append(kv, keyDBNamespace.String(db))
	}
	if host != "" {
		kv = append(kv, keyServerAddress.String(host))
	}
	if port != 0 {
		kv = append(kv, keyServerPort.Int(int(port)))
	}
	return &connInfo{attrs: kv}
}

// op is one traced operation, from its start to its end.
type op struct {
	span    trace.Span
	ctx     context.Context // the span's context, for the measurement
	start   time.Time
	ci      *connInfo
	opName  string
	coll    string
	summary string
	rows    any // Query: the rows whose Close ends the span
	query   bool
}

var opPool = sync.Pool{New: func() any { return new(op) }}

// desc is what a query text says about itself.
type desc struct {
	op, coll, summary, text string
}

// describe summarises query; args tells whether it was parameterized
// (then its text is kept as written, else its literals are replaced).
func describe(query string, parameterized bool) desc {
	s := sqlconv.Lookup(query, sqlconv.PostgreSQL)
	d := desc{op: s.Operation, coll: s.Collection, summary: s.Summary, text: s.Text()}
	if !parameterized {
		d.text = s.Sanitized()
	}
	return d
}

// parameterized reports whether args carry values for the query (the
// leading QueryExecMode / result-format options do not).
func parameterized(args []any) bool {
	for _, a := range args {
		switch a.(type) {
		case pgx.QueryExecMode, pgx.QueryResultFormats, pgx.QueryResultFormatsByOID:
			continue
		}
		return true
	}
	return false
}

// begin starts the span of one operation of c, or returns nil (suppressed
// context, work database/sql already traces, nested call pgx makes itself).
func begin(c *pgx.Conn, ctx context.Context, d desc, extra ...attribute.KeyValue) *op {
	if ctx == nil {
		ctx = context.Background()
	}
	if hookSuppressed(ctx) {
		return nil
	}
	ci := conn(c)
	if ci == nil || ci.busy {
		return nil
	}
	in := scope.Get()
	start := time.Now()
	name := d.summary
	if name == "" {
		name = d.op
		if name == "" {
			name = systemPostgreSQL
		}
	}
	kv := queryAttrs(make([]attribute.KeyValue, 0, len(ci.attrs)+5+len(extra)), ci, d.op, d.coll, d.summary)
	if d.text != "" {
		kv = append(kv, keyDBQueryText.String(d.text))
	}
	kv = append(kv, extra...)
	sctx, span := in.tracer.Start(parent(ctx), name,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(start),
		trace.WithAttributes(kv...))
	ci.busy = true
	o := opPool.Get().(*op)
	*o = op{span: span, ctx: sctx, start: start, ci: ci, opName: d.op, coll: d.coll, summary: d.summary}
	return o
}

// release ends the nesting of o's call (its Conn method returned); the span
// may stay open for rows or batch results.
func (o *op) release() {
	if o != nil && o.ci != nil {
		o.ci.busy = false
	}
}

// end ends o's span with err, records the measurement and recycles o.
func (o *op) end(err error, extra ...attribute.KeyValue) {
	now := time.Now()
	span := o.span
	errType, code := "", ""
	if err != nil {
		errType, code = classify(err)
		span.SetStatus(codes.Error, errorMessage(err))
	}
	if errType != "" || len(extra) > 0 {
		kv := make([]attribute.KeyValue, 0, len(extra)+2)
		kv = append(kv, extra...)
		if code != "" {
			kv = append(kv, keyDBResponseStatusCode.String(code))
		}
		if errType != "" {
			kv = append(kv, keyErrorType.String(errType))
		}
		span.SetAttributes(kv...)
	}
	span.End(trace.WithTimestamp(now))

	if in := scope.Get(); in.duration.Enabled(o.ctx) {
		in.duration.Record(o.ctx, now.Sub(o.start).Seconds(), o.metricAttrs(code, errType))
	}
	*o = op{}
	opPool.Put(o)
}

// queryAttrs appends the connection's attributes and what the query text
// says (operation, collection, summary), which spans and measurements share.
func queryAttrs(kv []attribute.KeyValue, ci *connInfo, op, coll, summary string) []attribute.KeyValue {
	kv = append(kv, ci.attrs...)
	if op != "" {
		kv = append(kv, keyDBOperationName.String(op))
	}
	if coll != "" {
		kv = append(kv, keyDBCollectionName.String(coll))
	}
	if summary != "" {
		kv = append(kv, keyDBQuerySummary.String(summary))
	}
	return kv
}

// metricAttrs is the measurement's attribute set: the connection's
// attributes and what the query says, and the error's when it failed.
func (o *op) metricAttrs(code, errType string) metric.RecordOption {
	key := setKey{o.opName, o.coll, o.summary}
	ok := code == "" && errType == ""
	var sets map[setKey]metric.RecordOption
	if p := o.ci.sets.Load(); p != nil {
		sets = *p
	}
	if opt, found := sets[key]; ok && found {
		return opt
	}
	kv := queryAttrs(make([]attribute.KeyValue, 0, len(o.ci.attrs)+5), o.ci, o.opName, o.coll, o.summary)
	if code != "" {
		kv = append(kv, keyDBResponseStatusCode.String(code))
	}
	if errType != "" {
		kv = append(kv, keyErrorType.String(errType))
	}
	opt := metric.WithAttributeSet(attribute.NewSet(kv...))
	if ok && len(sets) < maxSets {
		next := make(map[setKey]metric.RecordOption, len(sets)+1)
		for k, v := range sets {
			next[k] = v
		}
		next[key] = opt
		o.ci.sets.Store(&next)
	}
	return opt
}

// classify returns error.type and, for a PostgreSQL error, its SQLSTATE
// (db.response.status_code; the conventions make it the error type too).
func classify(err error) (errType, code string) {
	defer func() {
		if recover() != nil { // an Unwrap or Is of the program's that panics
			errType, code = "_OTHER", ""
		}
	}()
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe != nil && pe.Code != "" {
		return pe.Code, pe.Code
	}
	switch {
	case errors.Is(err, context.Canceled):
		return "context.Canceled", ""
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded", ""
	}
	return reflect.TypeOf(err).String(), ""
}

// errorMessage guards against Error methods that panic.
func errorMessage(err error) (msg string) {
	defer func() {
		if recover() != nil {
			msg = reflect.TypeOf(err).String()
		}
	}()
	return err.Error()
}

// joinIdent spells a pgx.Identifier as written: schema.table.
func joinIdent(id pgx.Identifier) string {
	return strings.Join(id, ".")
}
