package main

import (
	redisotelv8 "github.com/go-redis/redis/extra/redisotel/v8"
	goredisv8 "github.com/go-redis/redis/v8"
	"github.com/redis/go-redis/extra/redisotel/v9"
	goredis "github.com/redis/go-redis/v9"
)

// The program also instruments its go-redis clients with redisotel (v9's
// and v8's), as a program written before gotel would; a gotel build must
// still give each command one span.
func init() {
	instrumentGoredis = func(c *goredis.Client) error { return redisotel.InstrumentTracing(c) }
	instrumentGoredisV8 = func(c *goredisv8.Client) { c.AddHook(redisotelv8.NewTracingHook()) }
}
