// Package goredis holds the hooks gotel weaves into go-redis v9
// (github.com/redis/go-redis/v9): one client span per command, pipeline
// or transaction, and the db.client.operation.duration histogram, following
// the stable database semantic conventions (docs/instrumentation/goredis.md).
//
// The weave is at construction: NewClient, NewFailoverClient and
// NewSentinelClient get an After hook that adds a redis.Hook to the new
// client through its public AddHook. Every client kind reaches one of them
// (cluster nodes, ring shards, NewUniversalClient), and Conn, Tx and
// WithTimeout copies keep it.
package goredis

import (
	"context"
	"errors"
	"net"

	"github.com/redis/go-redis/v9"

	"gotel.dev/runtime/hook"

	"gotel.dev/runtime/instr/redisconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/goredis"

var scope = redisconv.NewScope(ScopeName)

// The hooks never name redis.Client, redis.SentinelClient or redis.Options:
// those types reach a generic one instantiated with Client (newer v9
// releases keep a weak.Pointer[Client]), and a package that needs their
// type descriptors compiles that instantiation's methods again, one per
// method of Client's huge method set (9 MB of object code, over a second
// of CPU in every cold build). The clients come boxed instead, and the
// injected file reads their options inside the package, where the types
// are at home.

// optionsOf is set by the injected file (inject/options.go.txt) before
// any client exists: the address and database of a non-nil *redis.Client
// or *redis.Options; for a non-nil *redis.SentinelClient, whose options
// are not public, ok alone; ok false for anything else.
var optionsOf func(v any) (addr string, db int, ok bool)

// registerOptions is called from the injected file (its name is part of
// the file's //go:linkname).
func registerOptions(f func(v any) (string, int, bool)) { optionsOf = f }

var _ = registerOptions // referenced only through go:linkname

// hookAdder is what every client kind has: the public AddHook.
type hookAdder interface{ AddHook(redis.Hook) }

// NewClientAfter is woven at the return of redis.NewClient (also reached
// by cluster nodes, ring shards and NewUniversalClient).
func NewClientAfter(_ *hook.Context, c any) { instrument(c) }

// NewFailoverClientAfter is woven at the return of redis.NewFailoverClient,
// which builds its Client without NewClient.
func NewFailoverClientAfter(_ *hook.Context, c any) { instrument(c) }

// NewSentinelClientBefore / NewSentinelClientAfter are woven into
// redis.NewSentinelClient (a client of the sentinels themselves), which
// builds its client without NewClient; its options give the server.
func NewSentinelClientBefore(c *hook.Context, opt any) {
	if f := optionsOf; f != nil {
		if addr, db, ok := f(opt); ok {
			c.SetData(redisconv.NewServer(addr, db))
		}
	}
}

func NewSentinelClientAfter(c *hook.Context, sc any) {
	srv, ok := c.Data().(redisconv.Server)
	a, _ := sc.(hookAdder)
	if !ok || a == nil {
		return
	}
	if _, _, ok := optionsOf(sc); ok {
		a.AddHook(&tracingHook{srv: srv})
	}
}

func instrument(c any) {
	f := optionsOf
	a, _ := c.(hookAdder)
	if f == nil || a == nil {
		return
	}
	addr, db, ok := f(c)
	if !ok {
		return
	}
	failover := addr == "FailoverClient" // NewFailoverClient's placeholder: the master is found later
	if failover {
		addr = ""
	}
	a.AddHook(&tracingHook{srv: redisconv.NewServer(addr, db), failover: failover})
}

// tracingHook is the redis.Hook added to every client. It is the first
// hook of the client, so it runs outermost: the program's own hooks run
// inside its span, unchanged, and get the context they would get without
// gotel (the span is not put into it: nothing downstream propagates it).
type tracingHook struct {
	srv      redisconv.Server
	failover bool
}

// DialHook: a failover client's dialer asks the sentinels for the master
// (SENTINEL get-master-addr-by-name ...) through sentinel clients that
// carry gotel's hook too. Those commands are the library's connection
// set-up, as HELLO and AUTH are: the dial's context is marked so that they
// get no span.
func (h *tracingHook) DialHook(next redis.DialHook) redis.DialHook {
	if !h.failover {
		return next
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if ctx != nil {
			ctx = context.WithValue(ctx, connInitKey{}, true)
		}
		return next(ctx, network, addr)
	}
}

func (h *tracingHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if ctx == nil || cmd == nil || hook.Suppressed(ctx) || ctx.Value(connInitKey{}) != nil {
			return next(ctx, cmd)
		}
		name, text := describe(cmd)
		o := scope.StartOp(ctx, &h.srv, name, text, -1)
		done := false
		defer func() {
			if !done { // next panicked: end the span, let the panic go on
				o.End()
			}
		}()
		err := next(ctx, cmd)
		h.result(&o, err)
		done = true
		o.End()
		return err
	}
}

func (h *tracingHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if ctx == nil || len(cmds) == 0 || hook.Suppressed(ctx) || ctx.Value(connInitKey{}) != nil {
			return next(ctx, cmds)
		}
		var o redisconv.Op
		inner := cmds
		kind := "PIPELINE"
		// go-redis hands transactions to the hook wrapped in MULTI/EXEC.
		if len(cmds) >= 2 && redisconv.Upper(cmds[0].Name()) == "MULTI" && redisconv.Upper(cmds[len(cmds)-1].Name()) == "EXEC" {
			kind, inner = "MULTI", cmds[1:len(cmds)-1]
		}
		if kind == "PIPELINE" && len(cmds) == 1 {
			// A batch of one is a single operation (the conventions).
			name, text := describe(cmds[0])
			o = scope.StartOp(ctx, &h.srv, name, text, -1)
		} else {
			ops := make([]string, len(inner))
			for i, c := range inner {
				ops[i], _ = describeName(c)
			}
			o = scope.StartOp(ctx, &h.srv, redisconv.BatchName(kind, ops), "", len(inner))
		}
		done := false
		defer func() {
			if !done {
				o.End()
			}
		}()
		err := next(ctx, cmds)
		// The first failed command describes the batch; a pipeline's
		// error is its first command error anyway.
		failed := false
		for _, c := range cmds {
			if ce := c.Err(); ce != nil && !errors.Is(ce, redis.Nil) {
				h.result(&o, ce)
				failed = true
				break
			}
		}
		if !failed {
			h.result(&o, err)
		}
		done = true
		o.End()
		return err
	}
}

// result records err on the operation; redis.Nil (no such key) is an
// answer, not a failure.
func (h *tracingHook) result(o *redisconv.Op, err error) {
	if err == nil || errors.Is(err, redis.Nil) {
		return
	}
	var re redis.Error
	if errors.As(err, &re) {
		o.Fail(err, redisconv.ErrorMessage(err))
		return
	}
	o.Fail(err, "")
}

// describeName is the operation name of cmd and how many of its arguments
// the name took.
func describeName(cmd redis.Cmder) (string, int) {
	args := cmd.Args()
	name := cmd.Name()
	var sub string
	var ok bool
	if len(args) > 1 {
		sub, ok = args[1].(string)
	}
	return redisconv.OperationName(name, sub, ok)
}

// describe is the operation name and the value-free query text of cmd.
func describe(cmd redis.Cmder) (string, string) {
	name, used := describeName(cmd)
	return name, redisconv.QueryText(name, len(cmd.Args())-used)
}

// InstrumentTracingBefore is woven into redisotel.InstrumentTracing
// (github.com/redis/go-redis/extra/redisotel/v9): the client already
// carries gotel's hook, and a second tracing hook would give every command
// two spans. The call does nothing and reports success, as it would have.
func InstrumentTracingBefore(c *hook.Context, _ any, _ any) { c.SkipCall() }

// InstrumentTracingAfter sets the skipped call's result.
func InstrumentTracingAfter(c *hook.Context, err *error) {
	if c.Skipped() && err != nil {
		*err = nil
	}
}

// connInitKey marks the context of a connection's initialisation (HELLO,
// AUTH, SELECT, CLIENT SETINFO...): newer v9 releases run those through
// the client's hooks too, but they are the library's, not the program's,
// and some fail by design on older servers (CLIENT MAINT_NOTIFICATIONS).
type connInitKey struct{}

// InitConnBefore is woven into (*baseClient).initConn; ctx is the
// variable the method passes on to the initialisation commands.
func InitConnBefore(_ *hook.Context, _ any, ctx *context.Context, _ any) {
	if ctx != nil && *ctx != nil {
		*ctx = context.WithValue(*ctx, connInitKey{}, true)
	}
}
