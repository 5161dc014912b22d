// Package nats holds the hooks gotel weaves into nats.go
// (github.com/nats-io/nats.go): producer spans for every message the
// connection publishes, a span per request covering its reply, a process
// span around each subscription callback, receive spans for NextMsg, and
// the messaging metrics, with the trace context carried in the message
// headers (docs/instrumentation/nats.md). The JetStream hooks live in the
// sub-package jetstream and use the helpers exported here.
//
// Every publish of a connection ends in its unexported publish method,
// where the hooks add the trace context to the encoded headers it sends:
// the program's Msg and its Header map are never touched.
package nats

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

// ScopeName is the instrumentation scope of every span and metric made here
// and in the jetstream sub-package.
const ScopeName = "gotel.dev/instrumentation/nats"

// System is messaging.system.
const System = "nats"

// Scope is the messaging scope of the NATS instrumentation.
var Scope = msgconv.NewScope(ScopeName)

// server is a connection's server.address and server.port.
type server struct {
	addr string
	port int
}

// servers caches each connection's server, parsed once from its URL
// (Close drops it).
var servers sync.Map // *nats.Conn -> server

// Server is the server a connection talks to; zero when not connected.
func Server(nc *nats.Conn) (string, int) {
	if nc == nil {
		return "", 0
	}
	if v, ok := servers.Load(nc); ok {
		s := v.(server)
		return s.addr, s.port
	}
	u := nc.ConnectedUrl()
	if u == "" {
		return "", 0
	}
	var s server
	if pu, err := url.Parse(u); err == nil {
		s.addr = pu.Hostname()
		if p, err := strconv.Atoi(pu.Port()); err == nil {
			s.port = p
		}
	} else if h, p, err := net.SplitHostPort(u); err == nil {
		s.addr = h
		s.port, _ = strconv.Atoi(p)
	}
	servers.Store(nc, s)
	return s.addr, s.port
}

// CloseBefore is woven at the start of Conn.Close: the cached server goes.
func CloseBefore(_ *hook.Context, nc *nats.Conn) {
	if nc != nil {
		servers.Delete(nc)
	}
}

// Internal reports subjects of the server's own APIs ($JS.API, $JS.ACK,
// $SYS, $KV...): library plumbing, not the program's messages, and too
// many distinct names for spans.
func Internal(subj string) bool { return strings.HasPrefix(subj, "$") }

// Inbox reports whether subj is a reply inbox of nc (a temporary
// destination: its name must stay out of span names).
func Inbox(nc *nats.Conn, subj string) bool {
	if strings.HasPrefix(subj, nats.InboxPrefix) {
		return true
	}
	if nc != nil && nc.Opts.InboxPrefix != "" {
		return strings.HasPrefix(subj, nc.Opts.InboxPrefix+".")
	}
	return false
}

// Wildcard reports a subject with wildcard tokens.
func Wildcard(subj string) bool {
	return strings.ContainsAny(subj, "*>")
}

// ---- trace context in headers ----

// HeaderCarrier reads a received message's nats.Header. Keys are matched
// exactly first (nats headers are case-sensitive), then without case, for
// producers that capitalise them.
type HeaderCarrier nats.Header

func (h HeaderCarrier) Get(key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, key) {
			return v[0]
		}
	}
	return ""
}

func (h HeaderCarrier) Set(key, value string) { h[key] = []string{value} }

func (h HeaderCarrier) Keys() []string {
	ks := make([]string, 0, len(h))
	for k := range h {
		ks = append(ks, k)
	}
	return ks
}

// pairs collects what the propagator writes.
type pairs []string

func (p *pairs) Get(string) string   { return "" }
func (p *pairs) Keys() []string      { return nil }
func (p *pairs) Set(key, val string) { *p = append(*p, key, val) }

var hdrLine = []byte("NATS/1.0\r\n")

// WithTrace returns a copy of the encoded header block hdr (as publish
// sends it: "NATS/1.0\r\n", "Key: value\r\n" lines, "\r\n") carrying the
// trace context of ctx in place of any the program put there. hdr itself
// is left as it was (it may be the program's own bytes); a block it cannot
// read comes back unchanged.
func WithTrace(ctx context.Context, hdr []byte) []byte {
	var p pairs
	otel.GetTextMapPropagator().Inject(ctx, &p)
	if len(p) == 0 {
		return hdr
	}
	out := make([]byte, 0, len(hdr)+len(hdrLine)+96)
	if len(hdr) == 0 {
		out = append(out, hdrLine...)
	} else {
		if !bytes.HasPrefix(hdr, []byte("NATS/")) || !bytes.HasSuffix(hdr, []byte("\r\n\r\n")) {
			return hdr
		}
		body := hdr[:len(hdr)-2]
		i := bytes.Index(body, []byte("\r\n"))
		out = append(out, body[:i+2]...)
		rest := body[i+2:]
		for len(rest) > 0 {
			j := bytes.Index(rest, []byte("\r\n"))
			if j < 0 {
				return hdr
			}
			line := rest[:j+2]
			rest = rest[j+2:]
			if !ours(line, p) {
				out = append(out, line...)
			}
		}
	}
	for i := 0; i+1 < len(p); i += 2 {
		out = append(out, p[i]...)
		out = append(out, ": "...)
		out = append(out, p[i+1]...)
		out = append(out, "\r\n"...)
	}
	return append(out, "\r\n"...)
}

// ours reports a header line whose key the propagator is about to write.
func ours(line []byte, p pairs) bool {
	c := bytes.IndexByte(line, ':')
	if c < 0 {
		return false
	}
	k := string(bytes.TrimSpace(line[:c]))
	for i := 0; i < len(p); i += 2 {
		if strings.EqualFold(k, p[i]) {
			return true
		}
	}
	return false
}

// Producer is the producer's span context in a received message's headers.
func Producer(h nats.Header) trace.SpanContext {
	if len(h) == 0 {
		return trace.SpanContext{}
	}
	return msgconv.Extract(HeaderCarrier(h))
}

// ---- spans owned by an outer operation ----

// A request and a JetStream publish trace their whole operation; the
// publish they make underneath must not add a span of its own but carry
// theirs. The outer hook hands its span down either in the context the
// library passes on (WithOwner) or, for calls without one, by the address
// of the header block it built (owned): both reach publish unchanged.
type ownerKey struct{}

// WithOwner marks ctx as carrying an operation's span: requests made under
// it inject that span and make none.
func WithOwner(ctx context.Context, sp *msgconv.Span) context.Context {
	return context.WithValue(ctx, ownerKey{}, sp)
}

func owner(ctx context.Context) *msgconv.Span {
	if ctx == nil {
		return nil
	}
	sp, _ := ctx.Value(ownerKey{}).(*msgconv.Span)
	return sp
}

var owned sync.Map // *byte (first byte of a header block gotel built) -> struct{}

func own(hdr []byte) bool {
	if len(hdr) == 0 {
		return false
	}
	owned.Store(&hdr[0], struct{}{})
	return true
}

func disown(hdr []byte) {
	if len(hdr) > 0 {
		owned.Delete(&hdr[0])
	}
}

func isOwned(hdr []byte) bool {
	if len(hdr) == 0 {
		return false
	}
	_, ok := owned.Load(&hdr[0])
	return ok
}

// inject replaces *hdr by a copy carrying sp's context when the server
// takes headers (a server without them would refuse the message).
func inject(nc *nats.Conn, sp *msgconv.Span, hdr *[]byte) bool {
	if nc == nil || !nc.HeadersSupported() {
		return false
	}
	n := WithTrace(sp.Context(), *hdr)
	if len(n) > 0 && (len(*hdr) == 0 || &n[0] != &(*hdr)[0]) {
		*hdr = n
		return true
	}
	return false
}

// ---- publish ----

// op fills the fields every span of nc shares.
func op(nc *nats.Conn, t msgconv.Type, name, subj string) msgconv.Op {
	o := msgconv.Op{System: System, Type: t, Name: name, Destination: subj, BodySize: -1}
	o.Temporary = Inbox(nc, subj)
	o.ServerAddress, o.ServerPort = Server(nc)
	return o
}

// PublishBefore is woven at the start of Conn.publish, where Publish,
// PublishMsg, PublishRequest, Msg.Respond and the requests' sends end: a
// producer span under the goroutine's span, its context added to the
// headers sent.
func PublishBefore(c *hook.Context, nc *nats.Conn, subj, reply string, _ bool, hdr *[]byte, data []byte) {
	if nc == nil || Internal(subj) || isOwned(*hdr) {
		return
	}
	o := op(nc, msgconv.Send, "publish", subj)
	o.BodySize = len(data)
	sp := msgconv.Start(Scope, context.Background(), &o)
	inject(nc, sp, hdr)
	c.SetData(sp)
}

// PublishAfter ends the publish span with the error the program gets.
func PublishAfter(c *hook.Context, err error) {
	if sp, ok := c.Data().(*msgconv.Span); ok {
		sp.End(err)
	}
}

// ---- request-reply ----

type request struct {
	sp  *msgconv.Span
	hdr []byte
}

func startRequest(c *hook.Context, ctx context.Context, nc *nats.Conn, subj string, hdr *[]byte, data []byte) {
	if nc == nil || Internal(subj) || hook.Suppressed(ctx) {
		return
	}
	if sp := owner(ctx); sp != nil {
		// A JetStream publish: its span goes into the headers, and the id
		// the library put there (WithMsgID) onto the span.
		if id := headerValue(*hdr, msgIDHeader); id != "" {
			sp.SetMessageID(id)
		}
		if inject(nc, sp, hdr) && own(*hdr) {
			c.SetData(&request{hdr: *hdr})
		}
		return
	}
	o := op(nc, msgconv.Send, "request", subj)
	o.BodySize = len(data)
	sp := msgconv.Start(Scope, ctx, &o)
	r := &request{sp: sp}
	if inject(nc, sp, hdr) && own(*hdr) {
		r.hdr = *hdr
	}
	c.SetData(r)
}

// msgIDHeader is JetStream's message id header (jetstream.MsgIDHeader;
// this package does not import jetstream).
const msgIDHeader = "Nats-Msg-Id"

// headerValue is the value of key in an encoded header block
// ("NATS/1.0\r\nKey: value\r\n..."), copied; "" when absent.
func headerValue(hdr []byte, key string) string {
	for len(hdr) > 0 {
		line := hdr
		if i := bytes.Index(hdr, []byte("\r\n")); i >= 0 {
			line, hdr = hdr[:i], hdr[i+2:]
		} else {
			hdr = nil
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if ok && strings.EqualFold(string(bytes.TrimSpace(k)), key) {
			return string(bytes.TrimSpace(v))
		}
	}
	return ""
}

// RequestBefore is woven at the start of Conn.request (Request, RequestMsg):
// one span from the send to the reply, its context in the headers, so the
// responder's process span is its child.
func RequestBefore(c *hook.Context, nc *nats.Conn, subj string, hdr *[]byte, data []byte, _ time.Duration) {
	startRequest(c, context.Background(), nc, subj, hdr, data)
}

// RequestCtxBefore is woven at the start of Conn.requestWithContext
// (RequestWithContext, RequestMsgWithContext, JetStream's publish).
func RequestCtxBefore(c *hook.Context, nc *nats.Conn, ctx context.Context, subj string, hdr *[]byte, data []byte) {
	if ctx == nil {
		return // the library refuses it
	}
	startRequest(c, ctx, nc, subj, hdr, data)
}

// RequestAfter ends the request's span: the reply's arrival, or the error
// (timeout, no responders, cancelled context) the program gets.
func RequestAfter(c *hook.Context, _ *nats.Msg, err error) {
	r, ok := c.Data().(*request)
	if !ok {
		return
	}
	disown(r.hdr)
	if r.sp != nil {
		r.sp.End(err)
	}
}

// ---- subscriptions ----

// Skip reports a delivered message that is no message of a producer: a
// status (no responders, heartbeat, flow control), a reply or an ack
// arriving on an inbox, a server API subject.
func Skip(nc *nats.Conn, m *nats.Msg) bool {
	if m == nil || Internal(m.Subject) || Inbox(nc, m.Subject) {
		return true
	}
	if len(m.Data) == 0 && len(m.Header) > 0 && m.Header.Get("Status") != "" {
		return true
	}
	return false
}

// ProcessOp describes the processing of m, delivered to a subscription
// on subscribed (its subject, maybe a wildcard) in queue group queue.
func ProcessOp(nc *nats.Conn, m *nats.Msg, subscribed, queue string) msgconv.Op {
	o := op(nc, msgconv.Process, "process", m.Subject)
	if Wildcard(subscribed) && !Inbox(nc, subscribed) {
		o.Template = subscribed
	}
	o.ConsumerGroup = queue
	o.BodySize = len(m.Data)
	if len(m.Header) > 0 {
		o.MessageID = m.Header.Get("Nats-Msg-Id")
	}
	o.Producer = Producer(m.Header)
	return o
}

// Wrap returns cb run inside a process span per message: the producer's
// span (from the headers) is its parent, and the callback's goroutine
// works for it, so what the callback does without a context is its child.
func Wrap(nc *nats.Conn, subscribed, queue string, cb nats.MsgHandler) nats.MsgHandler {
	return func(m *nats.Msg) {
		if Skip(nc, m) {
			cb(m)
			return
		}
		o := ProcessOp(nc, m, subscribed, queue)
		sp := msgconv.Start(Scope, context.Background(), &o)
		e := sp.Enter()
		done := false
		// No recover: a panicking callback panics as without gotel; the
		// span still ends, with the error.
		defer func() {
			e.Exit()
			if done {
				sp.End(nil)
			} else {
				sp.End(errCallbackPanic)
			}
		}()
		cb(m)
		done = true
	}
}

// errCallbackPanic is the error of a process span whose callback panicked.
var errCallbackPanic = errors.New("nats: message handler panicked")

// SubscribeBefore is woven at the start of Conn.subscribe, where every
// Subscribe, QueueSubscribe and (legacy) JetStream push subscription with a
// callback ends: the callback is replaced by one that traces each message.
// The Subscription keeps it privately; the program's function value is
// not changed.
//
// A subscription to an inbox made inside a JetStream fetch is the fetch's:
// its messages are counted by the fetch's receive span, and the library's
// callback, no handler of the program, gets no process spans. A channel
// subscription turns on the delivery hooks (ProcessMsgBefore).
func SubscribeBefore(c *hook.Context, nc *nats.Conn, subj, queue string, cb *nats.MsgHandler, ch chan *nats.Msg, _ chan error, isSync bool, js any) {
	if nc == nil || Internal(subj) {
		return
	}
	inbox := Inbox(nc, subj)
	if inbox {
		if b := batchHere(); b != nil {
			c.SetData(b)
			return
		}
	}
	if ch != nil && !isSync && (cb == nil || *cb == nil) {
		// An inbox is the library's own (JetStream's Messages), unless
		// it is a legacy JetStream push consumer's delivery subject.
		if !inbox || jsSub(js) {
			chanSubs.Store(true)
		}
		return
	}
	if cb == nil || *cb == nil {
		return
	}
	// The wrapper keeps the names past the call: copies of the caller's.
	*cb = Wrap(nc, strings.Clone(subj), strings.Clone(queue), *cb)
}

// jsSub reports subscribe's last argument, a *jsSub, as non-nil.
func jsSub(js any) bool {
	if js == nil {
		return false
	}
	v := reflect.ValueOf(js)
	return v.Kind() == reflect.Pointer && !v.IsNil()
}

// ---- NextMsg ----

type receive struct {
	sub   *nats.Subscription
	start time.Time
}

// NextMsgBefore is woven at the start of Subscription.NextMsg.
func NextMsgBefore(c *hook.Context, s *nats.Subscription, _ time.Duration) {
	if s != nil {
		c.SetData(receive{sub: s, start: time.Now()})
	}
}

// NextMsgCtxBefore is woven at the start of Subscription.NextMsgWithContext.
func NextMsgCtxBefore(c *hook.Context, s *nats.Subscription, ctx context.Context) {
	if s != nil && !hook.Suppressed(ctx) {
		c.SetData(receive{sub: s, start: time.Now()})
	}
}

// NextMsgAfter records a receive span for the message NextMsg returned,
// linked to its producer, or for an error other than a timeout (a polling
// loop's empty waits make no spans).
func NextMsgAfter(c *hook.Context, m *nats.Msg, err error) {
	r, ok := c.Data().(receive)
	if !ok {
		return
	}
	var nc *nats.Conn // a Subscription does not tell its connection
	switch {
	case err == nil && m != nil:
		if Skip(nc, m) {
			return
		}
		o := op(nc, msgconv.Receive, "receive", m.Subject)
		if Wildcard(r.sub.Subject) {
			o.Template = r.sub.Subject
		}
		o.ConsumerGroup = r.sub.Queue
		o.BodySize = len(m.Data)
		o.Producer = Producer(m.Header)
		o.StartTime = r.start
		msgconv.Start(Scope, context.Background(), &o).End(nil)
	case err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded):
		o := op(nil, msgconv.Receive, "receive", r.sub.Subject)
		o.StartTime = r.start
		if Wildcard(r.sub.Subject) {
			o.Destination, o.Template = "", r.sub.Subject
		}
		msgconv.Start(Scope, context.Background(), &o).End(err)
	}
}
