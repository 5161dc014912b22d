package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	// The in-process SQLite driver, in the newest program only: database/sql
	// is instrumented in the standard library, so the driver's version does
	// not matter, and modernc's transpiled C is the costliest compile of
	// the suite.
	_ "modernc.org/sqlite"
)

type GotelItem struct {
	ID   uint
	Name string
}

func init() {
	extraHandlers["gorm"] = func(ctx context.Context, out *strings.Builder, run string) {
		db, err := gorm.Open(postgres.Open(pgURL()), &gorm.Config{Logger: logger.Discard})
		if err != nil {
			fmt.Fprintln(out, "gorm open:", err)
			return
		}
		table := "gotel_gorm_" + run
		g := db.WithContext(ctx).Table(table)
		fmt.Fprintln(out, "migrate:", g.AutoMigrate(&GotelItem{}))
		fmt.Fprintln(out, "create:", g.Create(&GotelItem{ID: 1, Name: "one"}).Error)
		var it GotelItem
		fmt.Fprintln(out, "first:", g.First(&it, 1).Error, it.Name)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // no context: the goroutine's span is the parent
			defer wg.Done()
			var n int64
			fmt.Fprintln(out, "count:", db.Table(table).Count(&n).Error, n)
		}()
		wg.Wait()
		fmt.Fprintln(out, "drop:", db.WithContext(ctx).Migrator().DropTable(table))
		if s, err := db.DB(); err == nil {
			s.Close()
		}
	}
	extraHandlers["sqlx"] = func(ctx context.Context, out *strings.Builder, run string) {
		db, err := sqlx.Open("postgres", pgURL())
		if err != nil {
			fmt.Fprintln(out, "sqlx open:", err)
			return
		}
		defer db.Close()
		var names []string
		fmt.Fprintln(out, "select:", db.SelectContext(ctx, &names, "SELECT datname FROM pg_database WHERE datname = $1", "test"), names)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			var one int
			fmt.Fprintln(out, "get:", db.Get(&one, "SELECT 1"), one)
		}()
		wg.Wait()
	}
}
