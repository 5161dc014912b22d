// Package goredisv8 holds the hooks gotel weaves into go-redis v8
// (github.com/go-redis/redis/v8): one client span per command, pipeline
// or transaction, and the db.client.operation.duration histogram, as the
// goredis module does for v9 (docs/instrumentation/goredis.md).
//
// As for v9, the weave is at construction: NewClient and
// NewFailoverClient add a redis.Hook through the client's public AddHook.
// v8's hook is a Before/After pair: the operation goes from one to the
// other in the context BeforeProcess returns.
package goredisv8

import (
	"context"
	"errors"

	"github.com/go-redis/redis/v8"

	"gotel.dev/runtime/hook"

	"gotel.dev/runtime/instr/redisconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/goredisv8"

var scope = redisconv.NewScope(ScopeName)

// NewClientAfter is woven at the return of redis.NewClient (also reached
// by cluster nodes, ring shards and NewUniversalClient).
func NewClientAfter(_ *hook.Context, c *redis.Client) { instrument(c) }

// NewFailoverClientAfter is woven at the return of redis.NewFailoverClient.
func NewFailoverClientAfter(_ *hook.Context, c *redis.Client) { instrument(c) }

func instrument(c *redis.Client) {
	if c == nil {
		return
	}
	opt := c.Options()
	if opt == nil {
		return
	}
	addr := opt.Addr
	if addr == "FailoverClient" {
		addr = ""
	}
	c.AddHook(&tracingHook{srv: redisconv.NewServer(addr, opt.DB)})
}

// tracingHook is the first hook of every client, so it runs first and
// ends last around the program's own hooks.
type tracingHook struct {
	srv redisconv.Server
}

// opKey carries the operation from Before to After in the context.
type opKey struct{}

func (h *tracingHook) BeforeProcess(ctx context.Context, cmd redis.Cmder) (context.Context, error) {
	if ctx == nil || cmd == nil || hook.Suppressed(ctx) {
		return ctx, nil
	}
	name, text := describe(cmd)
	o := scope.StartOp(ctx, &h.srv, name, text, -1)
	return context.WithValue(ctx, opKey{}, &o), nil
}

func (h *tracingHook) AfterProcess(ctx context.Context, cmd redis.Cmder) error {
	if o := take(ctx); o != nil {
		result(o, cmd.Err())
		o.End()
	}
	return nil
}

func (h *tracingHook) BeforeProcessPipeline(ctx context.Context, cmds []redis.Cmder) (context.Context, error) {
	if ctx == nil || len(cmds) == 0 || hook.Suppressed(ctx) {
		return ctx, nil
	}
	inner, kind := cmds, "PIPELINE"
	// go-redis hands transactions to the hook wrapped in MULTI/EXEC.
	if len(cmds) >= 2 && redisconv.Upper(cmds[0].Name()) == "MULTI" && redisconv.Upper(cmds[len(cmds)-1].Name()) == "EXEC" {
		kind, inner = "MULTI", cmds[1:len(cmds)-1]
	}
	var o redisconv.Op
	if kind == "PIPELINE" && len(cmds) == 1 {
		name, text := describe(cmds[0])
		o = scope.StartOp(ctx, &h.srv, name, text, -1)
	} else {
		ops := make([]string, len(inner))
		for i, c := range inner {
			ops[i], _ = describeName(c)
		}
		o = scope.StartOp(ctx, &h.srv, redisconv.BatchName(kind, ops), "", len(inner))
	}
	return context.WithValue(ctx, opKey{}, &o), nil
}

func (h *tracingHook) AfterProcessPipeline(ctx context.Context, cmds []redis.Cmder) error {
	o := take(ctx)
	if o == nil {
		return nil
	}
	for _, c := range cmds {
		if result(o, c.Err()) {
			break
		}
	}
	o.End()
	return nil
}

// take returns the operation Before put into ctx, once.
func take(ctx context.Context) *redisconv.Op {
	if ctx == nil {
		return nil
	}
	o, _ := ctx.Value(opKey{}).(*redisconv.Op)
	if o == nil || o.Ended() {
		return nil
	}
	return o
}

// result records err; redis.Nil (no such key) is an answer, not a
// failure. It reports whether err was recorded.
func result(o *redisconv.Op, err error) bool {
	if err == nil || errors.Is(err, redis.Nil) {
		return false
	}
	var re redis.Error
	if errors.As(err, &re) {
		o.Fail(err, redisconv.ErrorMessage(err))
		return true
	}
	o.Fail(err, "")
	return true
}

// describeName is the operation name of cmd and how many of its
// arguments the name took.
func describeName(cmd redis.Cmder) (string, int) {
	args := cmd.Args()
	var sub string
	var ok bool
	if len(args) > 1 {
		sub, ok = args[1].(string)
	}
	return redisconv.OperationName(cmd.Name(), sub, ok)
}

// describe is the operation name and the value-free query text of cmd.
func describe(cmd redis.Cmder) (string, string) {
	name, used := describeName(cmd)
	return name, redisconv.QueryText(name, len(cmd.Args())-used)
}

// redisotel for v8 (github.com/go-redis/redis/extra/redisotel/v8) is a
// hook the program adds itself (AddHook(redisotel.NewTracingHook())): it
// would give every command a second span. Its four methods are woven to do
// nothing: the Before methods hand back the context they got, the After
// methods succeed. The receiver and the commands are declared any, so that
// this module need not require redisotel.

// RedisotelBeforeBefore is woven into (*TracingHook).BeforeProcess and
// BeforeProcessPipeline.
func RedisotelBeforeBefore(c *hook.Context, _ any, ctx context.Context, _ any) {
	c.SetData(ctx)
	c.SkipCall()
}

// RedisotelBeforeAfter returns the context the skipped call got.
func RedisotelBeforeAfter(c *hook.Context, ret *context.Context, err *error) {
	if !c.Skipped() {
		return
	}
	if ctx, ok := c.Data().(context.Context); ok && ret != nil {
		*ret = ctx
	}
	if err != nil {
		*err = nil
	}
}

// RedisotelAfterBefore is woven into (*TracingHook).AfterProcess and
// AfterProcessPipeline.
func RedisotelAfterBefore(c *hook.Context, _ any, _ context.Context, _ any) { c.SkipCall() }

// RedisotelAfterAfter makes the skipped call succeed.
func RedisotelAfterAfter(c *hook.Context, err *error) {
	if c.Skipped() && err != nil {
		*err = nil
	}
}
