package nats

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

// Channel subscriptions (ChanSubscribe, ChanQueueSubscribe,
// QueueSubscribeSyncWithChan) hand each message over the program's channel:
// nothing of the library runs on the goroutine that receives it, and
// replacing the channel would change its slow-consumer behaviour. Their
// receive span is recorded where the connection's reader puts the message
// on the channel (Conn.processMsg), a child of the producer's span. What
// processMsg knows (the subscription, the parsed subject) comes from the
// accessors that gotel injects into package nats (inject/chan.go.txt).

// The injected accessors; nil when the inject is absent (a plain build).
// No initializer: package nats initialises first and sets them.
var (
	currentChanSub func(nc *nats.Conn) (*nats.Subscription, []byte, int, uint64, bool)
	chanDelivered  func(s *nats.Subscription) uint64
)

// registerChanAccessors is called from the injected file's init (its name
// is part of the contract with inject/chan.go.txt).
func registerChanAccessors(cur func(nc *nats.Conn) (*nats.Subscription, []byte, int, uint64, bool), del func(s *nats.Subscription) uint64) {
	currentChanSub, chanDelivered = cur, del
}

var _ = registerChanAccessors // referenced only through go:linkname

// chanSubs is set once the program made a channel subscription: until
// then the delivery hooks return at once.
var chanSubs atomic.Bool

type delivery struct {
	nc        *nats.Conn
	sub       *nats.Subscription
	subj      []byte
	hdr       int
	delivered uint64
	start     time.Time
	data      []byte
}

// ProcessMsgBefore is woven at the start of Conn.processMsg, on the
// connection's reader goroutine, for every message the server delivers:
// it notes a message for a channel subscription of the program.
func ProcessMsgBefore(c *hook.Context, nc *nats.Conn, data []byte) {
	if !chanSubs.Load() || currentChanSub == nil || chanDelivered == nil {
		return
	}
	sub, subj, hdr, delivered, js := currentChanSub(nc)
	if sub == nil || len(subj) == 0 || subj[0] == '$' || hdr < 0 || hdr > len(data) {
		return
	}
	// An inbox is the library's own (a JetStream fetch, a request's
	// replies), unless it is a JetStream push consumer's delivery subject.
	if !js && Inbox(nc, sub.Subject) {
		return
	}
	c.SetData(&delivery{nc: nc, sub: sub, subj: subj, hdr: hdr, delivered: delivered, start: time.Now(), data: data})
}

// ProcessMsgAfter records the receive span of a message that processMsg
// put on the subscription's channel (not one it dropped: a slow consumer, a
// closed subscription). The span's parent is the producer's span; the
// reader goroutine's own span is none of the message's.
func ProcessMsgAfter(c *hook.Context) {
	d, ok := c.Data().(*delivery)
	if !ok || chanDelivered(d.sub) == d.delivered {
		return
	}
	// The parser's buffers are still the message's until processMsg's
	// caller goes on; Start copies the strings it keeps.
	m := nats.Msg{Subject: string(d.subj), Data: d.data[d.hdr:]}
	if d.hdr > 0 {
		if h, err := nats.DecodeHeadersMsg(d.data[:d.hdr]); err == nil {
			m.Header = h
		}
	}
	if Skip(d.nc, &m) {
		return
	}
	o := msgconv.Op{System: System, Type: msgconv.Receive, Name: "receive", Destination: m.Subject,
		BodySize: len(m.Data), StartTime: d.start, Delivered: true}
	o.ServerAddress, o.ServerPort = cachedServer(d.nc)
	if Wildcard(d.sub.Subject) {
		o.Template = d.sub.Subject
	}
	o.ConsumerGroup = d.sub.Queue
	ctx := context.Background()
	if len(m.Header) > 0 {
		o.MessageID = m.Header.Get("Nats-Msg-Id")
		if sc := Producer(m.Header); sc.IsValid() {
			ctx = trace.ContextWithRemoteSpanContext(ctx, sc)
		}
	}
	msgconv.Start(Scope, ctx, &o).End(nil)
}

// cachedServer is the connection's server when already known: the reader
// goroutine must not wait for the connection's lock, which a writer may
// hold while the server waits for the reader.
func cachedServer(nc *nats.Conn) (string, int) {
	if v, ok := servers.Load(nc); ok {
		s := v.(server)
		return s.addr, s.port
	}
	return "", 0
}
