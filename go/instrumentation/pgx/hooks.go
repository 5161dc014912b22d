package pgx

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.opentelemetry.io/otel/attribute"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
)

var (
	parent         = gls.Parent // the context wins, else the goroutine's span
	hookSuppressed = func(ctx context.Context) bool {
		// database/sql marks what it hands its driver (pgx/v5/stdlib)
		// while its own span covers the operation: one span, not two.
		return hook.Suppressed(ctx) || hook.InLayer(ctx, "db")
	}
)

// queryDesc describes the SQL a Query/Exec call runs: sql itself, or the
// statement prepared under that name.
func queryDesc(c *pgx.Conn, sql string, args []any) desc {
	if accPrepared != nil {
		if prepared := accPrepared(c, sql); prepared != "" {
			return describe(prepared, hasPlaceholder(prepared))
		}
	}
	return describe(sql, parameterized(args))
}

// hasPlaceholder reports whether a statement text takes parameters ($1):
// one that does not may carry its values inline, and is sanitized.
func hasPlaceholder(sql string) bool {
	for i := 0; i+1 < len(sql); i++ {
		if sql[i] == '$' && sql[i+1] >= '0' && sql[i+1] <= '9' {
			return true
		}
	}
	return false
}

// QueryBefore is woven at the start of (*pgx.Conn).Query, which QueryRow,
// transactions (pgx.Tx) and pgxpool.Pool call too.
func QueryBefore(hc *hook.Context, c *pgx.Conn, ctx context.Context, sql string, args []any) {
	if o := begin(c, ctx, queryDesc(c, sql, args)); o != nil {
		o.query = true
		hc.SetData(o)
	}
}

// QueryAfter hands the span to the rows, whose Close ends it; rows that
// come back closed (the query failed) end it now.
func QueryAfter(hc *hook.Context, rows pgx.Rows, err error) {
	o, _ := hc.Data().(*op)
	if o == nil {
		return
	}
	o.release()
	if hc.Panicking() {
		o.end(panicErr{})
		return
	}
	if accRows == nil || rows == nil {
		o.end(err)
		return
	}
	slot, closed := accRows(rows)
	if slot == nil || closed || err != nil {
		o.end(err)
		return
	}
	o.rows = rows
	*slot = o
}

type panicErr struct{}

func (panicErr) Error() string { return "panic" }

// RowsCloseBefore is woven at the start of the Close of pgx's rows; the
// first Close of rows that carry a span takes it.
func RowsCloseBefore(hc *hook.Context, r any) {
	if accRows == nil {
		return
	}
	slot, closed := accRows(r)
	if slot == nil || closed || *slot == nil {
		return
	}
	o, _ := (*slot).(*op)
	*slot = nil
	if o != nil {
		hc.SetData(o)
	}
}

// RowsCloseAfter ends the query's span with the rows' final error and the
// number of rows the statement returned.
func RowsCloseAfter(hc *hook.Context) {
	o, _ := hc.Data().(*op)
	if o == nil {
		return
	}
	tag, err, returns := accRowsEnd(o.rows)
	if err == nil && returns {
		o.end(nil, keyDBResponseReturnedRow.Int64(tag.RowsAffected()))
		return
	}
	o.end(err)
}

// ExecBefore is woven at the start of (*pgx.Conn).Exec, which also runs
// the BEGIN, COMMIT and ROLLBACK of transactions.
func ExecBefore(hc *hook.Context, c *pgx.Conn, ctx context.Context, sql string, args []any) {
	if o := begin(c, ctx, queryDesc(c, sql, args)); o != nil {
		hc.SetData(o)
	}
}

func ExecAfter(hc *hook.Context, _ pgconn.CommandTag, err error) {
	endCall(hc, err)
}

// endCall ends the span of a call that is complete when it returns.
func endCall(hc *hook.Context, err error) {
	o, _ := hc.Data().(*op)
	if o == nil {
		return
	}
	o.release()
	if hc.Panicking() {
		err = panicErr{}
	}
	o.end(err)
}

// PrepareBefore is woven at the start of (*pgx.Conn).Prepare. Prepares pgx
// makes itself inside a traced Query, Exec or CopyFrom are not spans of
// their own (conn.busy).
func PrepareBefore(hc *hook.Context, c *pgx.Conn, ctx context.Context, name, sql string) {
	d := describe(sql, hasPlaceholder(sql))
	d.op = "PREPARE"
	if d.summary != "" {
		d.summary = "PREPARE " + d.summary
	} else {
		d.summary = "PREPARE"
	}
	if o := begin(c, ctx, d); o != nil {
		hc.SetData(o)
	}
}

func PrepareAfter(hc *hook.Context, _ *pgconn.StatementDescription, err error) {
	endCall(hc, err)
}

// CopyFromBefore is woven at the start of (*pgx.Conn).CopyFrom: operation
// COPY, collection the table, and as query text the COPY statement pgx
// sends (names only, no values).
func CopyFromBefore(hc *hook.Context, c *pgx.Conn, ctx context.Context, table pgx.Identifier, cols []string, _ pgx.CopyFromSource) {
	coll := joinIdent(table)
	var b strings.Builder
	b.WriteString("copy ")
	b.WriteString(table.Sanitize())
	b.WriteString(" ( ")
	for i, col := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pgx.Identifier{col}.Sanitize())
	}
	b.WriteString(" ) from stdin binary;")
	d := desc{op: "COPY", coll: coll, summary: "COPY " + coll, text: b.String()}
	if coll == "" {
		d.summary = "COPY"
	}
	if o := begin(c, ctx, d); o != nil {
		hc.SetData(o)
	}
}

func CopyFromAfter(hc *hook.Context, _ int64, err error) {
	endCall(hc, err)
}

// SendBatchBefore is woven at the start of (*pgx.Conn).SendBatch: one span
// for the batch, named as the conventions say ("BATCH SELECT users" when
// every query has the same summary, else "BATCH"); a batch of one query is
// that query's span.
func SendBatchBefore(hc *hook.Context, c *pgx.Conn, ctx context.Context, b *pgx.Batch) {
	if b == nil || accBatchQ == nil {
		return
	}
	n := b.Len()
	if n == 0 {
		return // nothing is sent
	}
	var d desc
	var texts []string
	sameOp, sameColl, sameSummary, sameText := true, true, true, true
	prevSQL := ""
	for i := 0; i < n; i++ {
		sql, args := accBatchQ(b, i)
		if accPrepared != nil {
			if prepared := accPrepared(c, sql); prepared != "" {
				sql = prepared
				if hasPlaceholder(prepared) {
					args = []any{nil}
				}
			}
		}
		if i > 0 && sql == prevSQL {
			texts = append(texts, texts[len(texts)-1])
			continue
		}
		prevSQL = sql
		qd := describe(sql, parameterized(args))
		texts = append(texts, qd.text)
		if i == 0 {
			d = qd
			continue
		}
		sameOp = sameOp && qd.op == d.op
		sameColl = sameColl && qd.coll == d.coll
		sameSummary = sameSummary && qd.summary == d.summary
		sameText = sameText && qd.text == d.text
	}
	var extra []attribute.KeyValue
	if n > 1 {
		if !sameText {
			d.text = strings.Join(texts, "; ")
		}
		if !sameColl {
			d.coll = ""
		}
		switch {
		case sameOp && d.op != "":
			d.op = "BATCH " + d.op
		default:
			d.op = "BATCH"
		}
		switch {
		case sameSummary && d.summary != "":
			d.summary = "BATCH " + d.summary
		default:
			d.summary = "BATCH"
		}
		extra = append(extra, keyDBOperationBatchSize.Int(n))
	}
	if o := begin(c, ctx, d, extra...); o != nil {
		hc.SetData(o)
	}
}

// SendBatchAfter hands the span to the batch results, whose Close ends it.
func SendBatchAfter(hc *hook.Context, br pgx.BatchResults) {
	o, _ := hc.Data().(*op)
	if o == nil {
		return
	}
	o.release()
	if hc.Panicking() {
		o.end(panicErr{})
		return
	}
	var slot *any
	if accBatch != nil && br != nil {
		slot = accBatch(br)
	}
	if slot == nil {
		o.end(nil)
		return
	}
	*slot = o
}

// BatchCloseBefore is woven at the start of Close of both kinds of batch
// results; the first Close takes the span.
func BatchCloseBefore(hc *hook.Context, br any) {
	if accBatch == nil {
		return
	}
	slot := accBatch(br)
	if slot == nil || *slot == nil {
		return
	}
	o, _ := (*slot).(*op)
	*slot = nil
	if o != nil {
		hc.SetData(o)
	}
}

// BatchCloseAfter ends the batch's span with the error Close returns (the
// first failing query's, or the connection's).
func BatchCloseAfter(hc *hook.Context, err error) {
	o, _ := hc.Data().(*op)
	if o == nil {
		return
	}
	if hc.Panicking() {
		err = panicErr{}
	}
	o.end(err)
}
