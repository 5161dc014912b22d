package main

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// A batch that begins a transaction (Batch.BeginTx, in recent releases): SendBatch
// wraps its results in another type, and the batch's span must still end
// when they close.
func init() {
	newer = func(ctx context.Context, conn *pgx.Conn) {
		b := &pgx.Batch{}
		b.BeginTx(pgx.TxOptions{})
		b.Queue("UPDATE "+table+" SET name = $1 WHERE id = $2", "n", 2)
		br := conn.SendBatch(ctx, b)
		err := br.Close()
		if err == nil {
			err = br.Tx().Rollback(ctx)
		}
		check("tx batch", err)
	}
}
