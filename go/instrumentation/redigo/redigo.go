// Package redigo holds the hooks gotel weaves into redigo
// (github.com/gomodule/redigo/redis): one client span per command, per
// pipeline and per MULTI/EXEC transaction, and the
// db.client.operation.duration histogram, following the stable database
// semantic conventions (docs/instrumentation/redigo.md).
//
// The hooks are woven into the methods of the package's unexported
// connection type, *conn, which every Conn the program gets (Dial,
// NewConn, Pool.Get's wrapper) ends in: nothing is wrapped, so type
// assertions to ConnWithTimeout or ConnWithContext behave as without gotel.
package redigo

import (
	"context"
	"errors"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/gomodule/redigo/redis"

	"gotel.dev/runtime/hook"

	"gotel.dev/runtime/instr/redisconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/redigo"

var scope = redisconv.NewScope(ScopeName)

// connStateField is the accessor of the field rule redigo/conn-field adds
// to conn, registered by the injected file's init (inject/state.go.txt).
// No initializer: the redis package initialises before this one.
var connStateField func(c any) *any

// registerConnState is called from the injected file (its name is part of
// the contract with inject/state.go.txt).
func registerConnState(f func(c any) *any) { connStateField = f }

var _ = registerConnState // referenced only through go:linkname

// connState is what gotel keeps per connection. A redigo connection serves
// one goroutine at a time, but pub/sub programs send from one goroutine
// and receive on another: mu orders them.
type connState struct {
	mu      sync.Mutex
	srv     redisconv.Server
	ready   bool          // dialed: commands are the program's from now on
	sent    []string      // operation names of commands sent, not yet flushed
	open    *redisconv.Op // the batch flushed and awaiting its replies
	waiting int           // replies the open batch still awaits
	skip    int           // DoWithTimeout calls made by DoContext, which has the span
}

// state returns c's state, creating it (not ready) on first use.
func state(c any) *connState {
	f := connStateField
	if f == nil {
		return nil
	}
	p := f(c)
	if p == nil {
		return nil
	}
	if st, ok := (*p).(*connState); ok {
		return st
	}
	// The first use is in DialContext's body or in NewConn's hook, on the
	// goroutine that owns the new connection: no other can see it yet.
	st := &connState{}
	*p = st
	return st
}

// DialBefore is woven at the start of redis.DialContext: the address the
// program configured is the span's server.address.
func DialBefore(c *hook.Context, _ context.Context, _ string, address string, _ any) {
	c.SetData(address)
}

// DialAfter marks the new connection ready: its set-up commands are done,
// and the database index they selected is known (see DoAfter).
func DialAfter(c *hook.Context, cn redis.Conn, err error) {
	if err != nil || cn == nil {
		return
	}
	addr, _ := c.Data().(string)
	st := state(cn)
	if st == nil {
		return
	}
	st.mu.Lock()
	ns := st.srv.Namespace()
	st.srv = redisconv.NewServer(addr, 0)
	st.srv.SetNamespace(ns)
	if ns == "" {
		st.srv.SetNamespace("0")
	}
	st.ready = true
	st.mu.Unlock()
}

// NewConnBefore is woven at the start of redis.NewConn, a connection over
// the program's own net.Conn: the peer's address is all there is.
func NewConnBefore(c *hook.Context, nc net.Conn, _, _ time.Duration) {
	if nc != nil {
		if a := nc.RemoteAddr(); a != nil {
			c.SetData(a.String())
		}
	}
}

// NewConnAfter marks the new connection ready.
func NewConnAfter(c *hook.Context, cn redis.Conn) {
	st := state(cn)
	if st == nil {
		return
	}
	addr, _ := c.Data().(string)
	st.mu.Lock()
	st.srv = redisconv.NewServer(addr, 0)
	st.ready = true
	st.mu.Unlock()
}

// call is one Do under way.
type call struct {
	st      *connState
	o       redisconv.Op
	select_ string // SELECT's argument: the new namespace if it succeeds
	batch   bool
}

var callPool = sync.Pool{New: func() any { return new(call) }}

// begin starts the span of a Do of cmd with args on st: the command alone,
// or, when commands were sent before it, the pipeline or transaction they
// form with it. nil when there is nothing to trace.
func begin(ctx context.Context, st *connState, cmd string, args any) *call {
	if st == nil || hook.Suppressed(ctx) {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.ready {
		// Dial's own commands: only the database index matters.
		if redisconv.Upper(cmd) == "SELECT" {
			st.srv.SetNamespace(firstArg(args))
		}
		return nil
	}
	sent := st.sent
	st.sent = st.sent[:0]
	if cmd == "" && len(sent) == 0 {
		return nil // redigo answers without a round trip
	}
	cl := callPool.Get().(*call)
	*cl = call{st: st}
	var name string
	var rest int
	if cmd != "" {
		var sub string
		var ok bool
		a, _ := args.([]any)
		if len(a) > 0 {
			sub, ok = a[0].(string)
		}
		var used int
		name, used = redisconv.OperationName(cmd, sub, ok)
		rest = len(a) + 1 - used
		if name == "SELECT" {
			cl.select_ = firstArg(args)
		}
	}
	switch {
	case len(sent) == 0:
		cl.o = scope.StartOp(ctx, &st.srv, name, redisconv.QueryText(name, rest), -1)
	case name == "EXEC" && sent[0] == "MULTI":
		cl.batch = true
		cl.o = scope.StartOp(ctx, &st.srv, redisconv.BatchName("MULTI", sent[1:]), "", len(sent)-1)
	default:
		ops := sent
		if name != "" {
			ops = append(ops, name)
		}
		if len(ops) == 1 {
			cl.o = scope.StartOp(ctx, &st.srv, ops[0], "", -1)
		} else {
			cl.batch = true
			cl.o = scope.StartOp(ctx, &st.srv, redisconv.BatchName("PIPELINE", ops), "", len(ops))
		}
	}
	return cl
}

// finish ends a Do's span with what the program got.
func (cl *call) finish(reply any, err error) {
	switch {
	case err != nil:
		fail(&cl.o, err)
	case cl.batch:
		// Do("") hands back every reply: the first error reply describes
		// the pipeline, as in a transaction's EXEC result.
		if rs, ok := reply.([]any); ok {
			for _, r := range rs {
				if re, ok := r.(redis.Error); ok {
					fail(&cl.o, re)
					break
				}
			}
		}
	}
	if err == nil && cl.select_ != "" {
		cl.st.mu.Lock()
		cl.st.srv.SetNamespace(cl.select_)
		cl.st.mu.Unlock()
	}
	cl.o.End()
	*cl = call{}
	callPool.Put(cl)
}

func fail(o *redisconv.Op, err error) {
	var re redis.Error
	if errors.As(err, &re) {
		o.Fail(err, string(re))
		return
	}
	o.Fail(err, "")
}

// firstArg is a SELECT's index as a string ("" when it is not a number).
func firstArg(args any) string {
	a, _ := args.([]any)
	if len(a) == 0 {
		return ""
	}
	switch v := a[0].(type) {
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		if _, err := strconv.Atoi(v); err == nil {
			return v
		}
	case []byte:
		if _, err := strconv.Atoi(string(v)); err == nil {
			return string(v)
		}
	}
	return ""
}

// DoBefore is woven at the start of (*conn).DoWithTimeout, which Do calls
// too. Without a context, the parent is the goroutine's span.
func DoBefore(c *hook.Context, recv any, _ time.Duration, cmd string, args any) {
	st := state(recv)
	if st == nil {
		return
	}
	st.mu.Lock()
	if st.skip > 0 { // DoContext's inner call: DoContext has the span
		st.skip--
		st.mu.Unlock()
		return
	}
	st.mu.Unlock()
	if cl := begin(context.Background(), st, cmd, args); cl != nil {
		c.SetData(cl)
	}
}

// DoAfter ends the span DoBefore started.
func DoAfter(c *hook.Context, reply any, err error) {
	if cl, _ := c.Data().(*call); cl != nil {
		cl.finish(reply, err)
	}
}

// DoContextBefore is woven at the start of (*conn).DoContext, which runs
// DoWithTimeout in a goroutine of its own and returns early when ctx is
// done: the span is here, where the program's context and result are.
func DoContextBefore(c *hook.Context, recv any, ctx context.Context, cmd string, args any) {
	st := state(recv)
	if st == nil || ctx == nil {
		return
	}
	cl := begin(ctx, st, cmd, args)
	// Unless the deadline has passed (DoContext then returns at once),
	// DoContext calls DoWithTimeout, which must not trace again.
	if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > 0 {
		st.mu.Lock()
		st.skip++
		st.mu.Unlock()
	}
	if cl != nil {
		c.SetData(cl)
	}
}

// DoContextAfter ends the span with what DoContext returned.
func DoContextAfter(c *hook.Context, reply any, err error) {
	if cl, _ := c.Data().(*call); cl != nil {
		cl.finish(reply, err)
	}
}

// SendBefore is woven at the start of (*conn).Send: the command joins the
// batch that the next Flush or Do sends.
func SendBefore(_ *hook.Context, recv any, cmd string, args any) {
	st := state(recv)
	if st == nil {
		return
	}
	var sub string
	var ok bool
	if a, _ := args.([]any); len(a) > 0 {
		sub, ok = a[0].(string)
	}
	name, _ := redisconv.OperationName(cmd, sub, ok)
	st.mu.Lock()
	if st.ready && len(st.sent) < 1024 {
		st.sent = append(st.sent, name)
	}
	st.mu.Unlock()
}

// FlushBefore is woven at the start of (*conn).Flush: the commands sent
// since the last flush form one operation, whose span ends when the last
// of their replies is received.
func FlushBefore(c *hook.Context, recv any) {
	st := state(recv)
	if st == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.sent) == 0 || !st.ready {
		return
	}
	if st.open != nil { // replies of an earlier flush still awaited: one batch
		st.waiting += len(st.sent)
		st.sent = st.sent[:0]
		return
	}
	ctx := context.Background()
	var o redisconv.Op
	if len(st.sent) == 1 {
		o = scope.StartOp(ctx, &st.srv, st.sent[0], "", -1)
	} else {
		kind, ops := "PIPELINE", st.sent
		if ops[0] == "MULTI" && ops[len(ops)-1] == "EXEC" {
			kind, ops = "MULTI", ops[1:len(ops)-1]
		}
		o = scope.StartOp(ctx, &st.srv, redisconv.BatchName(kind, ops), "", len(ops))
	}
	st.open = &o
	st.waiting = len(st.sent)
	st.sent = st.sent[:0]
	c.SetData(st)
}

// FlushAfter ends the operation when the flush itself failed.
func FlushAfter(c *hook.Context, err error) {
	st, _ := c.Data().(*connState)
	if st == nil || err == nil {
		return
	}
	st.mu.Lock()
	if o := st.open; o != nil {
		st.open, st.waiting = nil, 0
		fail(o, err)
		o.End()
	}
	st.mu.Unlock()
}

// ReceiveBefore is woven at the start of (*conn).ReceiveWithTimeout
// (Receive and ReceiveContext call it).
func ReceiveBefore(c *hook.Context, recv any, _ time.Duration) {
	if st := state(recv); st != nil {
		c.SetData(st)
	}
}

// ReceiveAfter counts the reply against the open batch and ends its span
// with the last one.
func ReceiveAfter(c *hook.Context, _ any, err error) {
	st, _ := c.Data().(*connState)
	if st == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	o := st.open
	if o == nil {
		return // pub/sub messages, or replies to commands sent before gotel saw the connection
	}
	if err != nil {
		fail(o, err)
	}
	st.waiting--
	if st.waiting <= 0 || (err != nil && !errors.As(err, new(redis.Error))) {
		// The last reply, or the connection failed: no more replies come.
		st.open, st.waiting = nil, 0
		o.End()
	}
}
