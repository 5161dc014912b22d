package redisconv

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"gotel.dev/runtime/instr/instrtest"
)

func TestOperationName(t *testing.T) {
	for _, c := range []struct {
		name, sub string
		ok        bool
		want      string
		used      int
	}{
		{"get", "k", true, "GET", 1},
		{"GET", "", false, "GET", 1},
		{"config", "get", true, "CONFIG GET", 2},
		{"CLIENT", "SetName", true, "CLIENT SETNAME", 2},
		{"client", "a b", true, "CLIENT", 1}, // not a keyword: left out
		{"set", "get", true, "SET", 1},       // not a container command
	} {
		got, used := OperationName(c.name, c.sub, c.ok)
		if got != c.want || used != c.used {
			t.Errorf("OperationName(%q, %q) = %q, %d; want %q, %d", c.name, c.sub, got, used, c.want, c.used)
		}
	}
	if s := QueryText("SET", 2); s != "SET ? ?" {
		t.Errorf("queryText = %q", s)
	}
	if s := QueryText("PING", 0); s != "PING" {
		t.Errorf("queryText = %q", s)
	}
	if n := BatchName("PIPELINE", []string{"GET", "GET"}); n != "PIPELINE GET" {
		t.Errorf("batchName = %q", n)
	}
	if n := BatchName("MULTI", []string{"GET", "SET"}); n != "MULTI" {
		t.Errorf("batchName = %q", n)
	}
}

func TestNewServer(t *testing.T) {
	for _, c := range []struct {
		addr, host string
		port       int
	}{
		{"127.0.0.1:6379", "127.0.0.1", 6379},
		{"[::1]:7000", "::1", 7000},
		{"/tmp/redis.sock", "/tmp/redis.sock", 0},
		{"cache", "cache", 0},
		{"", "", 0},
	} {
		addr := string([]byte(c.addr)) // bytes that stand for a caller's
		s := NewServer(addr, 3)
		if s.host != c.host || s.port != c.port || s.namespace != "3" {
			t.Errorf("NewServer(%q) = %+v", c.addr, s)
		}
		// The spans keep the host: never the argument's bytes.
		if instrtest.SharesBytes(s.host, addr) {
			t.Errorf("NewServer(%q): the host shares the argument's bytes", c.addr)
		}
	}
}

type panicky struct{}

func (panicky) Error() string { panic("boom") }

func TestErrorClass(t *testing.T) {
	if et, st := errorClass(errors.New("x"), "WRONGTYPE Operation against a key"); et != "WRONGTYPE" || st != "WRONGTYPE" {
		t.Errorf("server error: %q %q", et, st)
	}
	if et, st := errorClass(errors.New("x"), "something odd"); et != "_OTHER" || st != "" {
		t.Errorf("odd server error: %q %q", et, st)
	}
	if et, _ := errorClass(fmt.Errorf("w: %w", context.Canceled), ""); et != "context.Canceled" {
		t.Errorf("canceled: %q", et)
	}
	if et, _ := errorClass(context.DeadlineExceeded, ""); et != "context.DeadlineExceeded" {
		t.Errorf("deadline: %q", et)
	}
	if m := ErrorMessage(panicky{}); m != "redisconv.panicky" {
		t.Errorf("errorMessage of a panicking Error = %q", m)
	}
}
