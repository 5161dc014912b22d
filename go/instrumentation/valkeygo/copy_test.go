package valkeygo

import (
	"bytes"
	"os"
	"testing"
)

// redisconv.go is shared with the goredis module (its header says why).
func TestRedisconvIsGoredis(t *testing.T) {
	ours, err := os.ReadFile("redisconv.go")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := os.ReadFile("../goredis/redisconv.go")
	if err != nil {
		t.Skip("goredis module not beside this one:", err)
	}
	strip := func(b []byte) []byte {
		return bytes.Replace(b, []byte("\npackage "+pkgName+"\n"), []byte("\npackage goredis\n"), 1)
	}
	if !bytes.Equal(strip(ours), theirs) {
		t.Fatal("redisconv.go differs from ../goredis/redisconv.go: copy it over (package clause aside)")
	}
}
