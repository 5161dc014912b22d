// Package jetstream holds the hooks gotel weaves into nats.go's jetstream
// package: a producer span per JetStream publish (stream and sequence from
// its ack), a receive span per message MessagesContext.Next returns, and a
// settle span per ack, nak or term. Messages a Consume callback handles get
// their process span from the core subscription hook (the callback runs in
// the subscription's). A separate package, so that a program using core
// NATS only does not link jetstream.
package jetstream

import (
	"context"
	"reflect"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"

	gnats "gotel.dev/instrumentation/nats"
)

var (
	keyStream   = attribute.Key("messaging.nats.jetstream.stream")
	keySequence = attribute.Key("messaging.nats.jetstream.sequence")
	keyConsumer = attribute.Key("messaging.nats.jetstream.consumer")
)

// publish keeps no pointer to the program's message: hook arguments may
// live on the caller's stack, which moves (the message id reaches the span
// through the core request hook, from the encoded headers).
type publish struct {
	sp *msgconv.Span
}

// PublishMsgBefore is woven at the start of jetStream.PublishMsg (Publish
// calls it): a producer span under ctx's span, handed down in the context
// the library passes to its request so that the request injects it and
// makes no span of its own. Only the library's copy of ctx changes.
func PublishMsgBefore(c *hook.Context, js any, ctx *context.Context, m *nats.Msg, _ []jetstream.PublishOpt) {
	if ctx == nil || *ctx == nil || m == nil || hook.Suppressed(*ctx) || gnats.Internal(m.Subject) {
		return
	}
	o := msgconv.Op{System: gnats.System, Type: msgconv.Send, Name: "publish", Destination: m.Subject, BodySize: len(m.Data)}
	if j, ok := js.(interface{ Conn() *nats.Conn }); ok {
		o.ServerAddress, o.ServerPort = gnats.Server(j.Conn())
	}
	sp := msgconv.Start(gnats.Scope, *ctx, &o)
	*ctx = gnats.WithOwner(*ctx, sp)
	c.SetData(publish{sp: sp})
}

// PublishMsgAfter records the ack's stream and sequence and the message's
// id (Nats-Msg-Id, which WithMsgID sets), and ends the span.
func PublishMsgAfter(c *hook.Context, ack *jetstream.PubAck, err error) {
	p, ok := c.Data().(publish)
	if !ok {
		return
	}
	if err == nil && ack != nil {
		p.sp.SetAttributes(keyStream.String(ack.Stream), keySequence.Int64(int64(ack.Sequence)))
	}
	p.sp.End(err)
}

// NextBefore is woven at the start of pullSubscription.Next
// (MessagesContext.Next).
func NextBefore(c *hook.Context, _ any, _ []jetstream.NextOpt) {
	c.SetData(time.Now())
}

// NextAfter records a receive span for the message Next returned, linked
// to its producer; an error other than the iterator's end gets one too.
func NextAfter(c *hook.Context, m jetstream.Msg, err error) {
	start, ok := c.Data().(time.Time)
	if !ok {
		return
	}
	if err != nil {
		if err == jetstream.ErrMsgIteratorClosed {
			return
		}
		o := msgconv.Op{System: gnats.System, Type: msgconv.Receive, Name: "receive", BodySize: -1, StartTime: start}
		msgconv.Start(gnats.Scope, context.Background(), &o).End(err)
		return
	}
	if m == nil {
		return
	}
	o := msgOp(m, msgconv.Receive, "receive")
	o.StartTime = start
	o.BodySize = len(m.Data())
	o.Producer = gnats.Producer(m.Headers())
	msgconv.Start(gnats.Scope, context.Background(), &o).End(nil)
}

// FetchBefore is woven at the start of pullConsumer.fetch, where Fetch,
// FetchBytes, FetchNoWait and the consumer's Next end: the batch's receive
// span starts, under the goroutine's span. The batch arrives after the
// call returned; it ends when the library closes the batch (see
// gnats.Batch).
func FetchBefore(c *hook.Context, p any, _ any) {
	o := msgconv.Op{System: gnats.System, Type: msgconv.Receive, Name: "receive", BodySize: -1}
	if ci, ok := p.(interface {
		CachedInfo() *jetstream.ConsumerInfo
	}); ok {
		if info := ci.CachedInfo(); info != nil {
			o.Subscription = info.Name
			o.Extra = []attribute.KeyValue{keyStream.String(info.Stream), keyConsumer.String(info.Name)}
			if f := info.Config.FilterSubject; f != "" {
				if gnats.Wildcard(f) {
					o.Template = f
				} else {
					o.Destination = f
				}
			}
		}
	}
	c.SetData(gnats.StartBatch(context.Background(), &o))
}

// FetchAfter ends a fetch that failed, or lets its batch end the span.
func FetchAfter(c *hook.Context, _ jetstream.MessageBatch, err error) {
	if b, ok := c.Data().(*gnats.Batch); ok {
		b.Returned(err)
	}
}

// ToJSMsgBefore is woven at the start of jetStream.toJSMsg, which makes
// every message the library hands to the program: one of a fetch's batch
// is counted and linked by the batch's span.
func ToJSMsgBefore(_ *hook.Context, _ any, m *nats.Msg) {
	gnats.BatchMessage(m)
}

func msgOp(m jetstream.Msg, t msgconv.Type, name string) msgconv.Op {
	o := msgconv.Op{System: gnats.System, Type: t, Name: name, Destination: m.Subject(), BodySize: -1}
	if h := m.Headers(); len(h) > 0 {
		o.MessageID = h.Get(jetstream.MsgIDHeader)
	}
	if md, err := m.Metadata(); err == nil && md != nil {
		o.Extra = []attribute.KeyValue{keyStream.String(md.Stream), keyConsumer.String(md.Consumer),
			keySequence.Int64(int64(md.Sequence.Stream))}
		o.Subscription = md.Consumer
	}
	return o
}

// settles names the acknowledgements that settle a message; +WPI (in
// progress) and +NXT do not.
var settles = map[string]string{"+ACK": "ack", "-NAK": "nak", "+TERM": "term"}

// AckBefore is woven at the start of jetStreamMsg.ackReply (Ack,
// DoubleAck, Nak, NakWithDelay, Term, TermWithReason): a settle span
// under ctx's span, else the goroutine's (a Consume callback's process
// span).
func AckBefore(c *hook.Context, m any, ctx context.Context, ackType any, _ bool, _ any) {
	jm, ok := m.(jetstream.Msg)
	if !ok || jm == nil {
		return
	}
	v := reflect.ValueOf(ackType)
	if v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Uint8 {
		return
	}
	b := v.Bytes()
	if len(b) > 5 {
		b = b[:5] // "-NAK {json delay}", "+TERM reason"
	}
	name := ""
	for k, n := range settles {
		if len(b) >= len(k) && string(b[:len(k)]) == k {
			name = n
		}
	}
	if name == "" {
		return
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if hook.Suppressed(ctx) {
		return
	}
	o := msgOp(jm, msgconv.Settle, name)
	c.SetData(msgconv.Start(gnats.Scope, ctx, &o))
}

// AckAfter ends the settle span with the error the program gets.
func AckAfter(c *hook.Context, err error) {
	if sp, ok := c.Data().(*msgconv.Span); ok {
		sp.End(err)
	}
}
