// A program that uses pgx v5 the ways gotel's pgx hooks cover: a pgx.Conn
// (Exec, Query, QueryRow, Prepare, a transaction, SendBatch, CopyFrom) and
// a pgxpool.Pool, from an HTTP handler with the request's context and from
// a goroutine with context.Background(); a failing query, a cancelled
// context and a database that is down. It sets its own QueryTracer in the
// ConnConfig and prints what that tracer saw, so that the test can compare
// the plain and the instrumented build's output line for line.
//
// It serves one request, sent by itself, and exits. PGX_DSN, PGX_DOWN_DSN
// and PGX_TABLE (a table name unique to the run) come from the test.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

type callerKey struct{}
type tracerKey struct{}

// ownTracer is the program's own pgx tracer: it counts what pgx reports
// and checks that it receives the caller's context, and its own back.
type ownTracer struct {
	mu                   sync.Mutex
	starts, ends, badCtx int
}

func (t *ownTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.starts++
	if ctx.Value(callerKey{}) == nil {
		t.badCtx++
	}
	return context.WithValue(ctx, tracerKey{}, t)
}

func (t *ownTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ends++
	if ctx.Value(tracerKey{}) != t {
		t.badCtx++
	}
}

// newer is set by the programs built against a pgx release with more to
// exercise (testdata/pgx_new/newer.go).
var newer func(ctx context.Context, conn *pgx.Conn)

var (
	tracer = &ownTracer{}
	table  = os.Getenv("PGX_TABLE")
	out    []string
	outMu  sync.Mutex
)

func say(format string, args ...any) {
	outMu.Lock()
	defer outMu.Unlock()
	out = append(out, fmt.Sprintf(format, args...))
}

func check(what string, err error) {
	if err != nil {
		say("%s: error: %v", what, err)
	} else {
		say("%s: ok", what)
	}
}

func work(ctx context.Context) {
	ctx = context.WithValue(ctx, callerKey{}, "handler")
	cfg, err := pgx.ParseConfig(os.Getenv("PGX_DSN"))
	if err != nil {
		say("config: %v", err)
		return
	}
	cfg.Tracer = tracer
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		say("connect: %v", err)
		return
	}
	defer conn.Close(context.Background())
	say("config tracer kept: %v", conn.Config().Tracer == tracer)

	_, err = conn.Exec(ctx, "CREATE TABLE "+table+" (id int PRIMARY KEY, name text)")
	check("create", err)
	_, err = conn.Exec(ctx, "INSERT INTO "+table+" (id, name) VALUES ($1, $2)", 1, "a")
	check("insert", err)

	rows, err := conn.Query(ctx, "SELECT id, name FROM "+table+" WHERE id > $1", 0)
	if err == nil {
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		err = rows.Err()
		say("query rows: %d", n)
	}
	check("query", err)

	var count int
	err = conn.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE name = 'a'").Scan(&count)
	say("literal count: %d", count)
	check("queryrow", err)

	b := &pgx.Batch{}
	b.Queue("INSERT INTO "+table+" (id, name) VALUES ($1, $2)", 2, "b")
	b.Queue("INSERT INTO "+table+" (id, name) VALUES ($1, $2)", 3, "c")
	check("batch", conn.SendBatch(ctx, b).Close())

	n, err := conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "name"},
		pgx.CopyFromRows([][]any{{10, "x"}, {11, "y"}, {12, "z"}}))
	say("copied: %d", n)
	check("copy", err)

	tx, err := conn.Begin(ctx)
	if err == nil {
		_, err = tx.Exec(ctx, "UPDATE "+table+" SET name = $1 WHERE id = $2", "t", 1)
		if err == nil {
			err = tx.Commit(ctx)
		} else {
			tx.Rollback(ctx)
		}
	}
	check("tx", err)

	_, err = conn.Prepare(ctx, "getname", "SELECT name FROM "+table+" WHERE id = $1")
	check("prepare", err)
	var name string
	err = conn.QueryRow(ctx, "getname", 1).Scan(&name)
	say("prepared name: %s", name)
	check("prepared", err)

	if newer != nil {
		newer(ctx, conn)
	}

	_, err = conn.Exec(ctx, "SELECT * FROM gotel_no_such_table")
	var pe *pgconn.PgError
	say("failing query: %v (code %s)", err, func() string {
		if errors.As(err, &pe) {
			return pe.Code
		}
		return "none"
	}())

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = conn.Exec(cctx, "SELECT 1")
	say("cancelled: %v, context error: %v", err != nil, errors.Is(err, context.Canceled))

	// The pool: one span per operation, from the connection it runs on.
	pcfg, err := pgxpool.ParseConfig(os.Getenv("PGX_DSN"))
	if err != nil {
		say("pool config: %v", err)
		return
	}
	pcfg.ConnConfig.Tracer = tracer
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		say("pool: %v", err)
		return
	}
	defer pool.Close()
	var id int
	err = pool.QueryRow(ctx, "SELECT id FROM "+table+" WHERE name = $1", "b").Scan(&id)
	say("pool id: %d", id)
	check("pool queryrow", err)
	pb := &pgx.Batch{}
	pb.Queue("SELECT id FROM "+table+" WHERE id = $1", 2)
	pb.Queue("UPDATE "+table+" SET name = $1 WHERE id = $2", "p", 3)
	check("pool batch", pool.SendBatch(ctx, pb).Close())

	// Work in a goroutine without the request's context: its parent is
	// the span the goroutine was started under.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		bg := context.WithValue(context.Background(), callerKey{}, "goroutine")
		_, err := pool.Exec(bg, "DELETE FROM "+table+" WHERE id = $1", 12)
		check("goroutine delete", err)
	}()
	wg.Wait()

	// A database that is down.
	_, err = pgx.Connect(ctx, os.Getenv("PGX_DOWN_DSN"))
	say("down connect failed: %v", err != nil)
	if dpool, err := pgxpool.New(ctx, os.Getenv("PGX_DOWN_DSN")); err == nil {
		_, err = dpool.Exec(ctx, "SELECT 1")
		say("down pool exec failed: %v", err != nil)
		dpool.Close()
	}

	_, err = conn.Exec(ctx, "DROP TABLE "+table)
	check("drop", err)
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		work(r.Context())
		io.WriteString(w, "done\n")
	})
	go http.Serve(ln, mux)
	resp, err := http.Get("http://" + ln.Addr().String() + "/work")
	if err != nil {
		fmt.Println("get:", err)
		os.Exit(1)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, line := range out {
		fmt.Println(line)
	}
	tracer.mu.Lock()
	fmt.Printf("own tracer: starts=%d ends=%d bad contexts=%d\n", tracer.starts, tracer.ends, tracer.badCtx)
	tracer.mu.Unlock()
	fmt.Print("response: ", string(body))
}
