// A net/http server whose handlers do database work through database/sql
// with several drivers, with the request's context and, in a goroutine,
// without any context. Each response lists what the work returned (data
// and error messages), so that a plain and an instrumented build can be
// compared. Shared by databasesql_new and databasesql_low (a symlink).
package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"

	_ "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"
)

// extraHandlers is set by the files only some versions have (ORMs).
var extraHandlers = map[string]func(ctx context.Context, out *strings.Builder, run string){}

func pgURL() string { return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable" }

func init() {
	// A driver registered under a name of the program's own.
	sql.Register("mypostgres", &pq.Driver{})
}

// open returns the DB of a driver, and its placeholder style.
func open(name string) (*sql.DB, func(int) string, error) {
	dollar := func(i int) string { return fmt.Sprintf("$%d", i) }
	qmark := func(int) string { return "?" }
	switch name {
	case "pq":
		db, err := sql.Open("postgres", pgURL())
		return db, dollar, err
	case "mypostgres":
		db, err := sql.Open("mypostgres", "host=127.0.0.1 port=5432 user=postgres dbname=test sslmode=disable")
		return db, dollar, err
	case "pgx":
		db, err := sql.Open("pgx", "host=127.0.0.1 port=5432 user=postgres dbname=test sslmode=disable")
		return db, dollar, err
	case "pgxconnector":
		cfg, err := pgx.ParseConfig(pgURL())
		if err != nil {
			return nil, nil, err
		}
		return stdlib.OpenDB(*cfg), dollar, nil
	case "mysql":
		db, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/test")
		return db, qmark, err
	case "sqlite":
		db, err := sql.Open("sqlite", os.Getenv("SQLITE_PATH"))
		return db, qmark, err
	case "pqdown":
		db, err := sql.Open("postgres", "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=5")
		return db, dollar, err
	case "mysqldown":
		db, err := sql.Open("mysql", "root@tcp(127.0.0.1:1)/test?timeout=5s")
		return db, qmark, err
	}
	return nil, nil, fmt.Errorf("no driver %q", name)
}

var (
	dbsMu sync.Mutex
	dbs   = map[string]*sql.DB{}
)

func getDB(name string) (*sql.DB, func(int) string, error) {
	dbsMu.Lock()
	defer dbsMu.Unlock()
	db, ph, err := open(name)
	if err != nil {
		return nil, nil, err
	}
	if old := dbs[name]; old != nil {
		db.Close()
		return old, ph, nil
	}
	dbs[name] = db
	return db, ph, nil
}

// work runs every kind of call on one driver; table is unique to the run.
func work(ctx context.Context, out *strings.Builder, name, table string) {
	db, ph, err := getDB(name)
	if err != nil {
		fmt.Fprintln(out, "open:", err)
		return
	}
	p := func(format string, a ...any) { fmt.Fprintf(out, format+"\n", a...) }
	_, err = db.ExecContext(ctx, "CREATE TABLE "+table+" (id INTEGER, name VARCHAR(40))")
	p("create: %v", err)
	_, err = db.ExecContext(ctx, "INSERT INTO "+table+" (id, name) VALUES ("+ph(1)+", "+ph(2)+")", 1, "one")
	p("insert args: %v", err)
	_, err = db.ExecContext(ctx, "INSERT INTO "+table+" (id, name) VALUES (2, 'secret-two')")
	p("insert literal: %v", err)
	_, err = db.ExecContext(ctx, "INSERT INTO "+table+" (id, name) VALUES (3, 'three')")
	p("insert literal: %v", err)

	rows, err := db.QueryContext(ctx, "SELECT id, name FROM "+table+" ORDER BY id")
	if err == nil {
		for rows.Next() {
			var id int
			var n string
			rows.Scan(&id, &n)
			p("row %d %s", id, n)
		}
		p("rows err: %v close: %v", rows.Err(), rows.Close())
	} else {
		p("query: %v", err)
	}

	tx, err := db.BeginTx(ctx, nil)
	if err == nil {
		_, err = tx.ExecContext(ctx, "UPDATE "+table+" SET name = "+ph(1)+" WHERE id = "+ph(2), "uno", 1)
		p("tx update: %v", err)
		p("commit: %v", tx.Commit())
		p("rollback after commit: %v", tx.Rollback())
	} else {
		p("begin: %v", err)
	}

	stmt, err := db.PrepareContext(ctx, "SELECT name FROM "+table+" WHERE id = "+ph(1))
	if err == nil {
		var n string
		p("stmt row: %v %s", stmt.QueryRowContext(ctx, 1).Scan(&n), n)
		stmt.Close()
	} else {
		p("prepare: %v", err)
	}

	conn, err := db.Conn(ctx)
	if err == nil {
		p("conn ping: %v", conn.PingContext(ctx))
		var n int
		p("conn count: %v %d", conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n), n)
		conn.Close()
	}

	// Without a context, in a goroutine the handler started.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var n int
		p2 := db.QueryRow("SELECT COUNT(*) FROM " + table + " WHERE id > 1").Scan(&n)
		p("background count: %v %d", p2, n)
	}()
	wg.Wait()

	// Failures.
	_, err = db.QueryContext(ctx, "SELECT * FROM gotel_no_such_table")
	p("missing table: %v", err)
	_, err = db.ExecContext(ctx, "SELEC 1")
	p("syntax error: %v", err)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = db.QueryContext(cctx, "SELECT 1")
	p("cancelled: %v", err)

	_, err = db.ExecContext(ctx, "DROP TABLE "+table)
	p("drop: %v", err)
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	run := os.Getenv("DBSQL_RUN")
	mux := http.NewServeMux()
	mux.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		d := r.URL.Query().Get("d")
		var out strings.Builder
		if h := extraHandlers[d]; h != nil {
			h(r.Context(), &out, run)
		} else {
			work(r.Context(), &out, d, "gotel_"+d+"_"+run)
		}
		fmt.Fprint(w, out.String())
	})
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		db, _, err := getDB(r.URL.Query().Get("d"))
		if err != nil {
			fmt.Fprintln(w, "open:", err)
			return
		}
		fmt.Fprintln(w, "ping:", db.PingContext(r.Context()))
	})
	fmt.Println("LISTEN", ln.Addr())
	http.Serve(ln, mux)
}
