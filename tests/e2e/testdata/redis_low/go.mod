module example.com/redis_low

go 1.26.0

require (
	github.com/go-redis/redis/v8 v8.11.0
	github.com/gomodule/redigo v1.8.8
	github.com/redis/go-redis/v9 v9.0.0
	github.com/redis/rueidis v1.0.19
	github.com/valkey-io/valkey-go v1.0.53
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/dgryski/go-rendezvous v0.0.0-20200823014737-9f7001d12a5f // indirect
	golang.org/x/sys v0.48.0 // indirect
)
