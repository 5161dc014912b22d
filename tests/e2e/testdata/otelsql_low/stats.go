package main

import (
	"database/sql"

	"github.com/XSAM/otelsql"
)

// registerStats: RegisterDBStatsMetrics returns only an error in the oldest
// releases.
func registerStats(db *sql.DB, opts ...otelsql.Option) error {
	return otelsql.RegisterDBStatsMetrics(db, opts...)
}
