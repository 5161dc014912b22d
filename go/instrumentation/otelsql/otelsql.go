// Package otelsql holds the hooks gotel weaves into github.com/XSAM/otelsql
// so that a program wrapping its database/sql driver with otelsql gets one
// span per operation, gotel's, instead of two.
//
// gotel's database/sql hooks trace every operation above the driver and
// hand the driver a context marked with hook.EnterLayer(ctx,
// databasesql.LayerKind). otelsql, the driver beneath, asks its
// SpanOptions.SpanFilter before each span it would start; the hooks
// append, to the options of every constructor, one option that chains a
// filter in front of the program's own: a context carrying gotel's mark
// gets no otelsql span. Everything else the program configured (its
// TracerProvider, MeterProvider, attributes, other span options) is left
// as given and still applies to the work gotel does not trace.
package otelsql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"reflect"

	"github.com/XSAM/otelsql"

	"gotel.dev/instrumentation/databasesql"
	"gotel.dev/runtime/hook"
)

// OpenBefore is woven at the start of otelsql.Open: it adds the filter and
// keeps the DSN for OpenAfter.
func OpenBefore(c *hook.Context, _ string, dsn string, opts *[]otelsql.Option) {
	*opts = withFilter(*opts)
	c.SetData(dsn)
}

// OpenAfter hands the DSN to gotel's database/sql instrumentation: the
// connector otelsql opens the DB with may not show it (pgx/v5/stdlib's
// keeps it unexported), and it names the server and database.
func OpenAfter(c *hook.Context, db *sql.DB, err error) {
	if dsn, ok := c.Data().(string); ok && db != nil && err == nil {
		databasesql.NoteDSN(db, dsn)
	}
}

// OpenDBBefore is woven at the start of otelsql.OpenDB.
func OpenDBBefore(_ *hook.Context, _ driver.Connector, opts *[]otelsql.Option) {
	*opts = withFilter(*opts)
}

// WrapDriverBefore is woven at the start of otelsql.WrapDriver.
func WrapDriverBefore(_ *hook.Context, _ driver.Driver, opts *[]otelsql.Option) {
	*opts = withFilter(*opts)
}

// RegisterBefore is woven at the start of otelsql.Register.
func RegisterBefore(_ *hook.Context, _ string, opts *[]otelsql.Option) {
	*opts = withFilter(*opts)
}

// Covered reports whether gotel's database/sql instrumentation traces the
// operation whose context the driver got: then otelsql makes no span.
func Covered(ctx context.Context) bool {
	return ctx != nil && hook.InLayer(ctx, databasesql.LayerKind)
}

// withFilter returns opts plus gotel's option in a new slice (appending in
// place could write into spare capacity of the caller's slice). It comes
// last, so a WithSpanOptions of the program, which replaces the whole
// SpanOptions, does not drop it.
func withFilter(opts []otelsql.Option) []otelsql.Option {
	out := make([]otelsql.Option, len(opts), len(opts)+1)
	copy(out, opts)
	return append(out, otelsql.OptionFunc(filterOption(otelsql.OptionFunc(nil))))
}

// filterOption makes the option's function. otelsql.OptionFunc is a
// func(*config) of an unexported config: type inference names it P, and
// the function reaches the config's exported SpanOptions.SpanFilter
// field by reflection.
func filterOption[P any](func(P)) func(P) {
	return func(cfg P) { chainFilter(reflect.ValueOf(cfg)) }
}

// chainFilter puts gotel's filter in front of the one the config holds.
// Never panics into otelsql's newConfig: a config of another shape is
// left alone (otelsql then makes its spans, as without gotel).
func chainFilter(cfg reflect.Value) {
	defer func() { _ = recover() }()
	if cfg.Kind() != reflect.Pointer || cfg.IsNil() {
		return
	}
	so := cfg.Elem().FieldByName("SpanOptions")
	if !so.IsValid() || so.Kind() != reflect.Struct {
		return
	}
	f := so.FieldByName("SpanFilter")
	if !f.IsValid() || !f.CanSet() || f.Type() != reflect.TypeFor[otelsql.SpanFilter]() {
		return
	}
	prev, _ := f.Interface().(otelsql.SpanFilter)
	f.Set(reflect.ValueOf(otelsql.SpanFilter(func(ctx context.Context, m otelsql.Method, q string, args []driver.NamedValue) bool {
		if Covered(ctx) {
			return false
		}
		return prev == nil || prev(ctx, m, q, args)
	})))
}
