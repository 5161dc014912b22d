package main

import (
	"github.com/redis/go-redis/extra/redisotel/v9"
	goredis "github.com/redis/go-redis/v9"
)

// The program also instruments its go-redis client with redisotel, as a
// program written before gotel would; a gotel build must still give each
// command one span.
func init() {
	instrumentGoredis = func(c *goredis.Client) error { return redisotel.InstrumentTracing(c) }
}
