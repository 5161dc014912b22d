package databasesql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/sqlconv"
)

// opState is one traced operation, from its Before hook to the end of the
// span (the After hook, or the close of a query's Rows).
type opState struct {
	span      trace.Span
	ctx       context.Context // the caller's context, for the metric
	start     time.Time
	info      *dbInfo
	operation string
	summary   string
	coll      string
	rows      atomic.Int64 // rows a query returned so far
}

// closedRows marks a Rows slot whose Rows closed before QueryAfter could
// store the span there (a context cancelled at once).
var closedRows opState

// kvPool holds the attribute slices spans start with.
var kvPool = sync.Pool{New: func() any { s := make([]attribute.KeyValue, 0, 12); return &s }}

// kinds of operations.
const (
	kindQuery   = iota // a query text: summary from the scanner
	kindPrepare        // PREPARE of a query text
	kindPlain          // BEGIN, COMMIT, ROLLBACK, PING
)

// start opens the span of one operation; nil when ctx is suppressed.
func start(ctx context.Context, in *dbInfo, kind int, op, query string, nargs int) *opState {
	if ctx == nil {
		ctx = context.Background()
	}
	if hook.Suppressed(ctx) {
		return nil
	}
	st := &opState{ctx: ctx, start: time.Now(), info: in}
	kvp := kvPool.Get().(*[]attribute.KeyValue)
	kv := append((*kvp)[:0], in.attrs...)
	var name string
	switch kind {
	case kindQuery, kindPrepare:
		a := sqlconv.Lookup(query, in.dialect)
		// Parameterized texts are kept as written (the values travel apart);
		// others lose their literal values. Either comes from a's own copy
		// of the text, which the span may keep (docs/weaving.md).
		text := a.Text()
		if nargs == 0 {
			text = a.Sanitized()
		}
		kv = append(kv, keyDBQueryText.String(text))
		st.summary, st.operation, st.coll = a.Summary, a.Operation, a.Collection
		if kind == kindPrepare {
			st.operation, st.coll = op, ""
			if st.summary != "" {
				st.summary = op + " " + st.summary
			} else {
				st.summary = op
			}
		} else if a.Procedure != "" {
			kv = append(kv, keyDBStoredProcedure.String(a.Procedure))
		}
		name = st.summary
	default:
		st.operation = op
		name = op
		if t := in.target(); t != "" {
			name = op + " " + t
		}
	}
	if st.summary != "" {
		kv = append(kv, keyDBQuerySummary.String(st.summary))
	}
	if st.operation != "" {
		kv = append(kv, keyDBOperationName.String(st.operation))
	}
	if st.coll != "" {
		kv = append(kv, keyDBCollectionName.String(st.coll))
	}
	if name == "" {
		if name = in.target(); name == "" {
			name = in.system
		}
	}
	_, st.span = scope.Get().tracer.Start(gls.Parent(ctx), name,
		trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(kv...))
	// The SDK copies the attributes it keeps.
	clear(kv)
	*kvp = kv[:0]
	kvPool.Put(kvp)
	return st
}

// end ends the span, recording err and, for a query (rows >= 0), the rows
// it returned, and records the duration.
func (st *opState) end(err error, rows int64) {
	now := time.Now()
	span := st.span
	errType, status := errorInfo(err)
	if err != nil {
		span.SetStatus(codes.Error, errorMessage(err))
		if status != "" {
			span.SetAttributes(keyErrorType.String(errType), keyDBResponseStatus.String(status))
		} else {
			span.SetAttributes(keyErrorType.String(errType))
		}
	}
	if rows >= 0 {
		span.SetAttributes(keyDBReturnedRows.Int64(rows))
	}
	span.End()

	h := scope.Get().duration
	if !h.Enabled(st.ctx) {
		return
	}
	k := metricKey{st.info, st.operation, st.coll, st.summary, errType, status}
	h.Record(st.ctx, now.Sub(st.start).Seconds(), metricAttrs(k))
}

// metricKey is what the attributes of one duration measurement depend on.
type metricKey struct {
	info                                      *dbInfo
	operation, coll, summary, errType, status string
}

// The attribute sets of measurements are cached (bounded, in case a
// program has ever more summaries): building a set sorts and allocates,
// and the same few recur.
const maxMetricSets = 4096

var (
	metricSets     sync.Map // metricKey -> metric.MeasurementOption
	metricSetCount atomic.Int32
)

func metricAttrs(k metricKey) metric.MeasurementOption {
	if v, ok := metricSets.Load(k); ok {
		return v.(metric.MeasurementOption)
	}
	kv := make([]attribute.KeyValue, 0, len(k.info.attrs)+5)
	kv = append(kv, k.info.attrs...)
	if k.operation != "" {
		kv = append(kv, keyDBOperationName.String(k.operation))
	}
	if k.coll != "" {
		kv = append(kv, keyDBCollectionName.String(k.coll))
	}
	if k.summary != "" {
		kv = append(kv, keyDBQuerySummary.String(k.summary))
	}
	if k.errType != "" {
		kv = append(kv, keyErrorType.String(k.errType))
	}
	if k.status != "" {
		kv = append(kv, keyDBResponseStatus.String(k.status))
	}
	o := metric.WithAttributeSet(attribute.NewSet(kv...))
	if metricSetCount.Load() < maxMetricSets {
		if _, loaded := metricSets.LoadOrStore(k, o); !loaded {
			metricSetCount.Add(1)
		}
	}
	return o
}

// errorMessage guards against Error methods that panic.
func errorMessage(err error) (msg string) {
	defer func() {
		if recover() != nil {
			msg = "error"
		}
	}()
	return err.Error()
}

func setState(c *hook.Context, st *opState) {
	if st != nil {
		c.SetData(st)
	}
}

func stateOf(c *hook.Context) *opState {
	st, _ := c.Data().(*opState)
	return st
}

// ---- opening a DB

// OpenBefore is woven at the start of sql.Open: the DSN is the best source
// of the database and server a DB talks to.
func OpenBefore(c *hook.Context, driverName, dsn string) {
	c.SetData(dsn)
}

// OpenAfter: sql.OpenDB (called by Open) already stored what the connector
// tells; the DSN, when it says more, wins.
func OpenAfter(c *hook.Context, db *sql.DB, err error) {
	dsn, _ := c.Data().(string)
	if db == nil || err != nil {
		return
	}
	NoteDSN(db, dsn)
}

// NoteDSN takes the database and server of db from the DSN it was opened
// with, when the DSN names them. For the instrumentations of wrappers that
// open a DB from a DSN through a connector of their own (otelsql.Open).
func NoteDSN(db *sql.DB, dsn string) {
	old := infoOf(db)
	cn := parseDSN(old.system, dsn)
	if cn == (conn{}) {
		return
	}
	storeInfo(db, newDBInfo(old.system, cn.namespace, cn.address, cn.port))
}

// OpenDBBefore is woven at the start of sql.OpenDB, which every DB comes
// from (sql.Open calls it).
func OpenDBBefore(c *hook.Context, cn driver.Connector) {
	if cn != nil {
		c.SetData(cn)
	}
}

// OpenDBAfter stores the DB's facts: the system from the driver's type,
// the rest from the connector.
func OpenDBAfter(c *hook.Context, db *sql.DB) {
	cn, _ := c.Data().(driver.Connector)
	if cn == nil || db == nil {
		return
	}
	system := systemOf(connectorDriver(cn))
	t := connectorConn(system, cn)
	storeInfo(db, newDBInfo(system, t.namespace, t.address, t.port))
}

// connectorDriver calls the connector's Driver method, which is the
// program's code: a panic there must not reach the program.
func connectorDriver(cn driver.Connector) (d driver.Driver) {
	defer func() {
		if recover() != nil {
			d = nil
		}
	}()
	return cn.Driver()
}

// down marks the context the operation hands to the driver, so that the
// instrumentation of a library beneath database/sql (pgx through
// pgx/v5/stdlib) does not trace the same operation again. Only the mark
// changes: the context keeps its deadline, cancellation and values, and
// the driver is all that sees it.
func down(ctx *context.Context, st *opState) *opState {
	if st != nil && *ctx != nil {
		*ctx = hook.EnterLayer(*ctx, LayerKind)
	}
	return st
}

// ---- queries

// DBQueryBefore is woven at the start of (*sql.DB).QueryContext, which
// Query, QueryRow and QueryRowContext call.
func DBQueryBefore(c *hook.Context, db *sql.DB, ctx *context.Context, query string, args []any) {
	setState(c, down(ctx, start(*ctx, infoOf(db), kindQuery, "", query, len(args))))
}

// ConnQueryBefore: (*sql.Conn).QueryContext (and QueryRowContext).
func ConnQueryBefore(c *hook.Context, cn *sql.Conn, ctx *context.Context, query string, args []any) {
	setState(c, down(ctx, start(*ctx, infoOf(connDB(cn)), kindQuery, "", query, len(args))))
}

// TxQueryBefore: (*sql.Tx).QueryContext (and Query, QueryRow...).
func TxQueryBefore(c *hook.Context, tx *sql.Tx, ctx *context.Context, query string, args []any) {
	db, _, _ := txInfo(tx)
	setState(c, down(ctx, start(*ctx, infoOf(db), kindQuery, "", query, len(args))))
}

// StmtQueryBefore: (*sql.Stmt).QueryContext (and Query, QueryRow...).
func StmtQueryBefore(c *hook.Context, s *sql.Stmt, ctx *context.Context, args []any) {
	db, q := stmtInfo(s)
	setState(c, down(ctx, start(*ctx, infoOf(db), kindQuery, "", q, len(args))))
}

// QueryAfter hands the span to the Rows, whose close ends it; a failed
// query ends it now.
func QueryAfter(c *hook.Context, rows *sql.Rows, err error) {
	st := stateOf(c)
	if st == nil {
		return
	}
	if rows == nil || err != nil || acc.rowsSlot == nil {
		st.end(err, -1)
		return
	}
	if !atomic.CompareAndSwapPointer(acc.rowsSlot(rows), nil, unsafe.Pointer(st)) {
		// Closed already (its context was cancelled): end it here.
		st.end(rowsErr(rows), st.rows.Load())
	}
}

// RowsNextBefore / RowsNextAfter are woven into (*sql.Rows).Next and count
// the rows the program reads.
func RowsNextBefore(c *hook.Context, rs *sql.Rows) {
	c.SetData(rs)
}

func RowsNextAfter(c *hook.Context, ok bool) {
	if !ok || acc.rowsSlot == nil {
		return
	}
	rs, _ := c.Data().(*sql.Rows)
	if rs == nil {
		return
	}
	if st := (*opState)(atomic.LoadPointer(acc.rowsSlot(rs))); st != nil && st != &closedRows {
		st.rows.Add(1)
	}
}

// RowsCloseBefore / RowsCloseAfter are woven into the unexported
// (*sql.Rows).close, which Close, the end of Next and the cancellation of
// the query's context all reach; the first close ends the span.
func RowsCloseBefore(c *hook.Context, rs *sql.Rows, _ error) {
	c.SetData(rs)
}

func RowsCloseAfter(c *hook.Context, _ error) {
	rs, _ := c.Data().(*sql.Rows)
	if rs == nil || acc.rowsSlot == nil {
		return
	}
	st := (*opState)(atomic.SwapPointer(acc.rowsSlot(rs), unsafe.Pointer(&closedRows)))
	if st == nil || st == &closedRows {
		return
	}
	st.end(rowsErr(rs), st.rows.Load())
}

// rowsErr is the error the Rows ended with: a driver error while reading,
// the cancellation of the context, or nil.
func rowsErr(rs *sql.Rows) error {
	if acc.rowsErr == nil {
		return nil
	}
	if err := acc.rowsErr(rs); err != io.EOF {
		return err
	}
	return nil
}

// ---- exec

// DBExecBefore: (*sql.DB).ExecContext (and Exec).
func DBExecBefore(c *hook.Context, db *sql.DB, ctx *context.Context, query string, args []any) {
	setState(c, down(ctx, start(*ctx, infoOf(db), kindQuery, "", query, len(args))))
}

// ConnExecBefore: (*sql.Conn).ExecContext.
func ConnExecBefore(c *hook.Context, cn *sql.Conn, ctx *context.Context, query string, args []any) {
	setState(c, down(ctx, start(*ctx, infoOf(connDB(cn)), kindQuery, "", query, len(args))))
}

// TxExecBefore: (*sql.Tx).ExecContext (and Exec).
func TxExecBefore(c *hook.Context, tx *sql.Tx, ctx *context.Context, query string, args []any) {
	db, _, _ := txInfo(tx)
	setState(c, down(ctx, start(*ctx, infoOf(db), kindQuery, "", query, len(args))))
}

// StmtExecBefore: (*sql.Stmt).ExecContext (and Exec).
func StmtExecBefore(c *hook.Context, s *sql.Stmt, ctx *context.Context, args []any) {
	db, q := stmtInfo(s)
	setState(c, down(ctx, start(*ctx, infoOf(db), kindQuery, "", q, len(args))))
}

// ExecAfter ends an exec span.
func ExecAfter(c *hook.Context, _ sql.Result, err error) {
	if st := stateOf(c); st != nil {
		st.end(err, -1)
	}
}

// ---- prepare

const opPrepare = "PREPARE"

// DBPrepareBefore: (*sql.DB).PrepareContext (and Prepare).
func DBPrepareBefore(c *hook.Context, db *sql.DB, ctx *context.Context, query string) {
	setState(c, down(ctx, start(*ctx, infoOf(db), kindPrepare, opPrepare, query, 0)))
}

// ConnPrepareBefore: (*sql.Conn).PrepareContext.
func ConnPrepareBefore(c *hook.Context, cn *sql.Conn, ctx *context.Context, query string) {
	setState(c, down(ctx, start(*ctx, infoOf(connDB(cn)), kindPrepare, opPrepare, query, 0)))
}

// TxPrepareBefore: (*sql.Tx).PrepareContext (and Prepare).
func TxPrepareBefore(c *hook.Context, tx *sql.Tx, ctx *context.Context, query string) {
	db, _, _ := txInfo(tx)
	setState(c, down(ctx, start(*ctx, infoOf(db), kindPrepare, opPrepare, query, 0)))
}

// PrepareAfter ends a prepare span.
func PrepareAfter(c *hook.Context, _ *sql.Stmt, err error) {
	if st := stateOf(c); st != nil {
		st.end(err, -1)
	}
}

// ---- transactions and ping

// DBBeginBefore: (*sql.DB).BeginTx (and Begin).
func DBBeginBefore(c *hook.Context, db *sql.DB, ctx *context.Context, _ *sql.TxOptions) {
	setState(c, down(ctx, start(*ctx, infoOf(db), kindPlain, "BEGIN", "", 0)))
}

// ConnBeginBefore: (*sql.Conn).BeginTx.
func ConnBeginBefore(c *hook.Context, cn *sql.Conn, ctx *context.Context, _ *sql.TxOptions) {
	setState(c, down(ctx, start(*ctx, infoOf(connDB(cn)), kindPlain, "BEGIN", "", 0)))
}

// BeginAfter ends a begin span.
func BeginAfter(c *hook.Context, _ *sql.Tx, err error) {
	if st := stateOf(c); st != nil {
		st.end(err, -1)
	}
}

// TxCommitBefore: (*sql.Tx).Commit. Its parent is the context the
// transaction began with (else the goroutine's span). A transaction that
// is already done gets no span: nothing reaches the database (the common
// deferred Rollback after Commit).
func TxCommitBefore(c *hook.Context, tx *sql.Tx) {
	txEnd(c, tx, "COMMIT")
}

// TxRollbackBefore: (*sql.Tx).Rollback.
func TxRollbackBefore(c *hook.Context, tx *sql.Tx) {
	txEnd(c, tx, "ROLLBACK")
}

func txEnd(c *hook.Context, tx *sql.Tx, op string) {
	db, ctx, done := txInfo(tx)
	if done {
		return
	}
	setState(c, start(ctx, infoOf(db), kindPlain, op, "", 0))
}

// DBPingBefore: (*sql.DB).PingContext (and Ping).
func DBPingBefore(c *hook.Context, db *sql.DB, ctx *context.Context) {
	setState(c, down(ctx, start(*ctx, infoOf(db), kindPlain, "PING", "", 0)))
}

// ConnPingBefore: (*sql.Conn).PingContext.
func ConnPingBefore(c *hook.Context, cn *sql.Conn, ctx *context.Context) {
	setState(c, down(ctx, start(*ctx, infoOf(connDB(cn)), kindPlain, "PING", "", 0)))
}

// ErrAfter ends the span of an operation that returns only an error
// (ping, commit, rollback).
func ErrAfter(c *hook.Context, err error) {
	if st := stateOf(c); st != nil {
		st.end(err, -1)
	}
}

// ---- accessors with nil guards

func connDB(cn *sql.Conn) *sql.DB {
	if cn == nil || acc.connDB == nil {
		return nil
	}
	return acc.connDB(cn)
}

func txInfo(tx *sql.Tx) (*sql.DB, context.Context, bool) {
	if tx == nil || acc.txInfo == nil {
		return nil, context.Background(), false
	}
	return acc.txInfo(tx)
}

func stmtInfo(s *sql.Stmt) (*sql.DB, string) {
	if s == nil || acc.stmtInfo == nil {
		return nil, ""
	}
	return acc.stmtInfo(s)
}
