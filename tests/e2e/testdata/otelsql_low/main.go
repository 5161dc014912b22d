// otelsql opens PostgreSQL through every otelsql entry point (Open,
// OpenDB, WrapDriver, Register; lib/pq and pgx/v5/stdlib), one of them
// with a TracerProvider of the program's own, and serves /work?db=NAME,
// which runs queries, an exec and a transaction with the request's context
// and one query without a context, and /manual?db=NAME, which runs a query
// under a span the program starts itself. /own reports how many spans the
// program's own provider ended. The tests check that a gotel build has one
// span per operation, gotel's, each a child of the request or manual span.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"

	"github.com/XSAM/otelsql"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

const (
	pgURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	pgKV  = "host=127.0.0.1 port=5432 user=postgres dbname=test sslmode=disable"
)

// counter counts the spans the program's own provider ends.
type counter struct{ n atomic.Int64 }

func (c *counter) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (c *counter) OnEnd(sdktrace.ReadOnlySpan)                     { c.n.Add(1) }
func (c *counter) Shutdown(context.Context) error                  { return nil }
func (c *counter) ForceFlush(context.Context) error                { return nil }

var (
	own = &counter{}
	dbs = map[string]*sql.DB{}
)

func must(db *sql.DB, err error) *sql.DB {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return db
}

func main() {
	attrs := otelsql.WithAttributes(attribute.String("db.system", "postgresql"))
	dbs["open"] = must(otelsql.Open("postgres", pgURL, attrs))
	dbs["openpgx"] = must(otelsql.Open("pgx", pgKV, attrs))
	cn, err := pq.NewConnector(pgURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ownTP := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(own))
	dbs["opendb"] = otelsql.OpenDB(cn, attrs, otelsql.WithTracerProvider(ownTP))
	sql.Register("pqwrapped", otelsql.WrapDriver(&pq.Driver{}, attrs))
	dbs["wrap"] = must(sql.Open("pqwrapped", pgURL))
	name, err := otelsql.Register("postgres", attrs, otelsql.WithSpanOptions(otelsql.SpanOptions{Ping: true}))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dbs["register"] = must(sql.Open(name, pgURL))
	if err := registerStats(dbs["open"], attrs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	http.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		db := dbs[r.URL.Query().Get("db")]
		var out strings.Builder
		work(r.Context(), db, &out)
		fmt.Fprint(w, out.String())
	})
	http.HandleFunc("/manual", func(w http.ResponseWriter, r *http.Request) {
		db := dbs[r.URL.Query().Get("db")]
		// A span of the program's own, through the global provider, in a
		// context that is not the request's.
		ctx, span := otel.Tracer("example.com/otelsql").Start(context.Background(), "manual")
		var n int
		err := db.QueryRowContext(ctx, "SELECT $1::int * 2", 21).Scan(&n)
		span.End()
		fmt.Fprintln(w, "manual", n, err)
	})
	http.HandleFunc("/own", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, own.n.Load())
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("LISTEN", ln.Addr().String())
	http.Serve(ln, nil)
}

// work: seven operations, each one span under gotel.
func work(ctx context.Context, db *sql.DB, out *strings.Builder) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT $1::int + 1", 41).Scan(&n)
	fmt.Fprintln(out, "queryrow", n, err)

	rows, err := db.QueryContext(ctx, "SELECT generate_series(1, 3)")
	if err == nil {
		sum := 0
		for rows.Next() {
			var v int
			rows.Scan(&v)
			sum += v
		}
		err = rows.Close()
		fmt.Fprintln(out, "query", sum, err)
	} else {
		fmt.Fprintln(out, "query", err)
	}

	_, err = db.ExecContext(ctx, "SELECT 1")
	fmt.Fprintln(out, "exec", err)

	if err := db.PingContext(ctx); err != nil {
		fmt.Fprintln(out, "ping", err)
	}

	tx, err := db.BeginTx(ctx, nil)
	if err == nil {
		_, err = tx.ExecContext(ctx, "SELECT 2")
		fmt.Fprintln(out, "tx exec", err)
		fmt.Fprintln(out, "commit", tx.Commit())
	} else {
		fmt.Fprintln(out, "begin", err)
	}

	// No context: under gotel, the request's span is still the parent.
	err = db.QueryRow("SELECT 3").Scan(&n)
	fmt.Fprintln(out, "nocontext", n, err)
}
