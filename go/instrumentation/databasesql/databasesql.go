// Package databasesql holds the hooks gotel weaves into database/sql: one
// client span per query, exec, prepare, statement execution, begin, commit,
// rollback and ping made through a *sql.DB, *sql.Conn, *sql.Tx or
// *sql.Stmt, whatever the driver, and the db.client.operation.duration
// histogram, following the stable database semantic conventions.
//
// The hooks are called by generated code (see rules.yaml and
// docs/instrumentation/databasesql.md). A query's span ends when its Rows
// are closed. Per-DB facts (system, database, server) are found once, when
// sql.Open or sql.OpenDB makes the DB, and kept in a field gotel adds to
// sql.DB; the query's span rides in a field added to sql.Rows. Both fields
// and the accessors of unexported state come from inject/sql.go.txt.
package databasesql

import (
	"context"
	"database/sql"
	"sync/atomic"
	"unsafe"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/instr"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/databasesql"

// LayerKind marks the contexts database/sql hands its driver during a
// traced operation (hook.EnterLayer): database instrumentations of the
// drivers themselves leave such work to this one.
const LayerKind = "db"

type instruments struct {
	tracer   trace.Tracer
	duration metric.Float64Histogram
}

var scope = instr.New(ScopeName, schemaURL, func(t trace.Tracer, m metric.Meter) *instruments {
	return &instruments{tracer: t, duration: instr.Histogram(m, durationName, durationDesc, durationUnit, durationBuckets...)}
})

// The accessors of database/sql's unexported state, handed over by the
// file gotel injects into database/sql (inject/sql.go.txt). They have no
// initializer on purpose: database/sql initialises before this package, and
// an initializer would overwrite them. Without the inject (a plain build,
// this package's own tests) they are nil and the hooks find no per-DB
// facts (other_sql) and no Rows field (query spans end when the query
// returns).
var acc struct {
	dbSlot   func(*sql.DB) *unsafe.Pointer
	rowsSlot func(*sql.Rows) *unsafe.Pointer
	txInfo   func(*sql.Tx) (*sql.DB, context.Context, bool)
	connDB   func(*sql.Conn) *sql.DB
	stmtInfo func(*sql.Stmt) (*sql.DB, string)
	rowsErr  func(*sql.Rows) error
}

// registerAccessors is called from the init of the injected file (its name
// and signature are part of the contract with inject/sql.go.txt).
func registerAccessors(
	dbSlot func(*sql.DB) *unsafe.Pointer,
	rowsSlot func(*sql.Rows) *unsafe.Pointer,
	txInfo func(*sql.Tx) (*sql.DB, context.Context, bool),
	connDB func(*sql.Conn) *sql.DB,
	stmtInfo func(*sql.Stmt) (*sql.DB, string),
	rowsErr func(*sql.Rows) error,
) {
	acc.dbSlot, acc.rowsSlot, acc.txInfo = dbSlot, rowsSlot, txInfo
	acc.connDB, acc.stmtInfo, acc.rowsErr = connDB, stmtInfo, rowsErr
}

var _ = registerAccessors // referenced only through go:linkname

// infoOf returns the facts stored on db when it was opened.
func infoOf(db *sql.DB) *dbInfo {
	if db == nil || acc.dbSlot == nil {
		return unknownDB
	}
	if p := atomic.LoadPointer(acc.dbSlot(db)); p != nil {
		return (*dbInfo)(p)
	}
	return unknownDB
}

func storeInfo(db *sql.DB, in *dbInfo) {
	if db == nil || acc.dbSlot == nil {
		return
	}
	atomic.StorePointer(acc.dbSlot(db), unsafe.Pointer(in))
}
