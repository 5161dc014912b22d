// Package valkeygo holds the hooks gotel weaves into valkey-go
// (github.com/valkey-io/valkey-go, rueidis's fork, same layout; this file is
// the rueidis module's with the names changed): one client span per command, per DoMulti
// pipeline and per MULTI/EXEC transaction sent as one DoMulti, and the
// db.client.operation.duration histogram, following the stable database
// semantic conventions (docs/instrumentation/rueidis.md).
package valkeygo

import (
	"context"
	"strings"

	"github.com/valkey-io/valkey-go"

	"gotel.dev/runtime/hook"

	"gotel.dev/runtime/instr/redisconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/valkeygo"

var scope = redisconv.NewScope(ScopeName)

// Accessors registered by the injected file's init (inject/state.go.txt).
// No initializers: package valkey initialises before this one.
var (
	muxState    func(m any) *any
	muxResults  func(r any) []valkey.ValkeyResult
	internalCmd func(c valkey.Completed) bool
)

// registerAccessors is called from the injected file (its name is part of
// the contract with inject/state.go.txt).
func registerAccessors(state func(m any) *any, results func(r any) []valkey.ValkeyResult, internal func(c valkey.Completed) bool) {
	muxState, muxResults, internalCmd = state, results, internal
}

var _ = registerAccessors // referenced only through go:linkname

// serverOf returns the server a mux talks to, nil when unknown.
func serverOf(m any) *redisconv.Server {
	f := muxState
	if f == nil {
		return nil
	}
	p := f(m)
	if p == nil {
		return nil
	}
	s, _ := (*p).(*redisconv.Server)
	return s
}

// MakeMuxBefore is woven at the start of makeMux, which makes the
// connection (a mux of pipes) to one server for every client kind.
func MakeMuxBefore(c *hook.Context, dst string, option *valkey.ClientOption, _ any) {
	db := 0
	if option != nil {
		db = option.SelectDB
	}
	s := redisconv.NewServer(dst, db)
	c.SetData(&s)
}

// MakeMuxAfter keeps the server in the new mux. The mux is not shared
// yet: later reads see the write.
func MakeMuxAfter(c *hook.Context, m any) {
	s, _ := c.Data().(*redisconv.Server)
	f := muxState
	if s == nil || f == nil {
		return
	}
	if p := f(m); p != nil {
		*p = s
	}
}

// describe is the operation name of a command and how many of its words
// the name took; cs is the command as valkey-go spells it (name first).
func describe(cs []string) (string, int) {
	if len(cs) == 0 {
		return "", 0
	}
	if len(cs) > 1 {
		return redisconv.OperationName(cs[0], cs[1], true)
	}
	return redisconv.OperationName(cs[0], "", false)
}

// DoBefore is woven at the start of (*mux).Do.
func DoBefore(c *hook.Context, m any, ctx context.Context, cmd valkey.Completed) {
	s := serverOf(m)
	if s == nil || ctx == nil || hook.Suppressed(ctx) {
		return
	}
	if f := internalCmd; f != nil && f(cmd) {
		return
	}
	cs := cmd.Commands()
	name, used := describe(cs)
	if name == "" {
		return
	}
	o := scope.StartOp(ctx, s, name, redisconv.QueryText(name, len(cs)-used), -1)
	c.SetData(&o)
}

// DoAfter ends the span; a nil reply (no such key) is not an error.
func DoAfter(c *hook.Context, resp valkey.ValkeyResult) {
	o, _ := c.Data().(*redisconv.Op)
	if o == nil {
		return
	}
	result(o, resp.Error())
	o.End()
}

func result(o *redisconv.Op, err error) bool {
	if err == nil || valkey.IsValkeyNil(err) {
		return false
	}
	if re, ok := valkey.IsValkeyErr(err); ok {
		msg := re.Error()
		// valkey-go drops the generic "ERR " prefix from error replies.
		if p, _, _ := strings.Cut(msg, " "); !redisconv.IsWord(p) || strings.ToUpper(p) != p {
			msg = "ERR " + msg
		}
		o.Fail(err, msg)
		return true
	}
	o.Fail(err, "")
	return true
}

// DoMultiBefore is woven at the start of (*mux).DoMulti: the commands go
// out together, as a pipeline, or as a transaction when the program
// framed them with MULTI and EXEC.
func DoMultiBefore(c *hook.Context, m any, ctx context.Context, multi any) {
	s := serverOf(m)
	cmds, _ := multi.([]valkey.Completed)
	if s == nil || ctx == nil || len(cmds) == 0 || hook.Suppressed(ctx) {
		return
	}
	ops := make([]string, len(cmds))
	var last []string
	for i := range cmds {
		last = cmds[i].Commands()
		ops[i], _ = describe(last)
	}
	var o redisconv.Op
	switch {
	case len(ops) == 1:
		o = scope.StartOp(ctx, s, ops[0], redisconv.QueryText(ops[0], len(last)-1), -1)
	case len(ops) >= 2 && ops[0] == "MULTI" && ops[len(ops)-1] == "EXEC":
		o = scope.StartOp(ctx, s, redisconv.BatchName("MULTI", ops[1:len(ops)-1]), "", len(ops)-2)
	default:
		o = scope.StartOp(ctx, s, redisconv.BatchName("PIPELINE", ops), "", len(ops))
	}
	c.SetData(&o)
}

// DoMultiAfter ends the span; the first failed command describes it.
func DoMultiAfter(c *hook.Context, resp any) {
	o, _ := c.Data().(*redisconv.Op)
	if o == nil {
		return
	}
	if f := muxResults; f != nil {
		for _, r := range f(resp) {
			if result(o, r.Error()) {
				break
			}
		}
	}
	o.End()
}
