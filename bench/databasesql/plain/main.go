// plain runs the workload with no instrumentation of its own: built with
// go it is the baseline, built with gotel it is gotel's figure.
package main

import (
	"database/sql"

	_ "github.com/lib/pq"

	"gotel.dev/bench/databasesql/loop"
)

func main() {
	db, err := sql.Open("postgres", loop.DSN)
	if err != nil {
		panic(err)
	}
	loop.Run(db)
	db.Close()
}
