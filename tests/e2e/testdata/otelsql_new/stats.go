package main

import (
	"database/sql"

	"github.com/XSAM/otelsql"
)

// registerStats: RegisterDBStatsMetrics also returns the registration in
// newer releases.
func registerStats(db *sql.DB, opts ...otelsql.Option) error {
	_, err := otelsql.RegisterDBStatsMetrics(db, opts...)
	return err
}
