// Package amqp091 holds the hooks gotel weaves into amqp091-go
// (github.com/rabbitmq/amqp091-go), the RabbitMQ client: a producer span
// per publish with its context in the message headers, a process span per
// delivery a consumer takes (ending at its ack, nack or reject, or when the
// next delivery is taken), a receive span per Channel.Get, and the
// messaging metrics (docs/instrumentation/amqp091.md).
//
// The program's Publishing and its Headers table are never changed: the
// hooks give the library a copy of the table carrying the trace context.
package amqp091

import (
	"context"
	"io"
	"net"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	amqp "github.com/rabbitmq/amqp091-go"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/amqp091"

const system = "rabbitmq"

var scope = msgconv.NewScope(ScopeName)

var (
	keyRoutingKey  = attribute.Key("messaging.rabbitmq.destination.routing_key")
	keyDeliveryTag = attribute.Key("messaging.rabbitmq.message.delivery_tag")
)

// stateField is the accessor of the fields rules amqp091/channel-field and
// amqp091/connection-field add, registered by the injected file's init
// (inject/state.go.txt). No initializer: the amqp091 package initialises
// before this one.
var stateField func(v any) *any

// registerState is called from the injected file (its name is part of
// the contract with inject/state.go.txt).
func registerState(f func(v any) *any) { stateField = f }

var _ = registerState // referenced only through go:linkname

func field(v any) *any {
	if f := stateField; f != nil {
		return f(v)
	}
	return nil
}

// server is a connection's server.address and server.port.
type server struct {
	addr string
	port int
}

// chanState is what gotel keeps per channel: its server, and the process
// spans of deliveries taken by the program and not yet settled.
type chanState struct {
	srv     server
	mu      sync.Mutex
	pending map[uint64]*processSpan // by delivery tag
}

// connServer is the server of cn, set when it was opened.
func connServer(cn *amqp.Connection) server {
	if p := field(cn); p != nil {
		if s, ok := (*p).(*server); ok {
			return *s
		}
	}
	return server{}
}

// chState is ch's state, made when the channel was opened (before the
// program had it: no lock needed to read the field).
func chState(ch *amqp.Channel) *chanState {
	if p := field(ch); p != nil {
		if st, ok := (*p).(*chanState); ok {
			return st
		}
	}
	return nil
}

func splitAddr(a string) server {
	h, p, err := net.SplitHostPort(a)
	if err != nil {
		return server{addr: a}
	}
	n, _ := strconv.Atoi(p)
	return server{addr: h, port: n}
}

// OpenAfter is woven at the end of amqp091.Open, which every Dial ends in:
// the connection's peer is its server until DialConfig names it.
func OpenAfter(c *hook.Context, cn *amqp.Connection, err error) {
	if err != nil || cn == nil {
		return
	}
	p := field(cn)
	if p == nil {
		return
	}
	s := &server{}
	if nc, ok := c.Data().(net.Conn); ok && nc != nil {
		if a := nc.RemoteAddr(); a != nil {
			*s = splitAddr(a.String())
		}
	}
	*p = s
}

// OpenBefore keeps the transport, whose peer address is the fallback.
func OpenBefore(c *hook.Context, conn io.ReadWriteCloser, _ amqp.Config) {
	c.SetData(conn)
}

// DialConfigBefore keeps the URL (never exported: it may hold credentials).
func DialConfigBefore(c *hook.Context, url string, _ amqp.Config) {
	c.SetData(url)
}

// DialConfigAfter names the server as the program's URL does.
func DialConfigAfter(c *hook.Context, cn *amqp.Connection, err error) {
	url, _ := c.Data().(string)
	if err != nil || cn == nil || url == "" {
		return
	}
	u, perr := amqp.ParseURI(url)
	if perr != nil {
		return
	}
	if p := field(cn); p != nil {
		*p = &server{addr: strings.Clone(u.Host), port: u.Port}
	}
}

// ChannelBefore keeps the connection a channel is opened on.
func ChannelBefore(c *hook.Context, cn *amqp.Connection) { c.SetData(cn) }

// ChannelAfter gives the new channel its state.
func ChannelAfter(c *hook.Context, ch *amqp.Channel, err error) {
	cn, _ := c.Data().(*amqp.Connection)
	if err != nil || ch == nil {
		return
	}
	if p := field(ch); p != nil {
		*p = &chanState{srv: connServer(cn), pending: map[uint64]*processSpan{}}
	}
}

// ---- headers ----

// tableCarrier reads and writes trace context in an amqp.Table. Other
// clients may send the values as byte arrays.
type tableCarrier amqp.Table

func (t tableCarrier) Get(key string) string {
	switch v := t[key].(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

func (t tableCarrier) Set(key, value string) { t[key] = value }

func (t tableCarrier) Keys() []string {
	ks := make([]string, 0, len(t))
	for k := range t {
		ks = append(ks, k)
	}
	return ks
}

// owned holds the tables the publish hooks made (by their map's address):
// a publish method that calls another one (Publish calls
// PublishWithDeferredConfirm...) passes the table on, and the inner hook
// sees the outer one already traces it.
var owned sync.Map

func tableKey(t amqp.Table) unsafe.Pointer { return reflect.ValueOf(t).UnsafePointer() }

// ---- publish ----

type pub struct {
	sp  *msgconv.Span
	key unsafe.Pointer
}

func publishBefore(c *hook.Context, ctx context.Context, ch *amqp.Channel, exchange, key string, msg *amqp.Publishing) {
	if msg == nil || ch == nil {
		return
	}
	if msg.Headers != nil {
		if _, ok := owned.Load(tableKey(msg.Headers)); ok {
			return
		}
	}
	if hook.Suppressed(ctx) {
		return
	}
	o := msgconv.Op{System: system, Type: msgconv.Send, Name: "publish", Destination: exchange,
		Anonymous: exchange == "", MessageID: msg.MessageId, Conversation: msg.CorrelationId, BodySize: len(msg.Body)}
	if key != "" {
		o.Extra = []attribute.KeyValue{keyRoutingKey.String(key)}
	}
	if st := chState(ch); st != nil {
		o.ServerAddress, o.ServerPort = st.srv.addr, st.srv.port
	}
	sp := msgconv.Start(scope, ctx, &o)
	// A copy of the program's table: its map is never written.
	t := make(amqp.Table, len(msg.Headers)+2)
	for k, v := range msg.Headers {
		t[k] = v
	}
	msgconv.Inject(sp.Context(), tableCarrier(t))
	msg.Headers = t
	k := tableKey(t)
	owned.Store(k, struct{}{})
	c.SetData(pub{sp: sp, key: k})
}

func publishEnd(c *hook.Context, err error) {
	p, ok := c.Data().(pub)
	if !ok {
		return
	}
	owned.Delete(p.key)
	p.sp.End(err)
}

// PublishCtxBefore is woven at the start of Channel.PublishWithContext: a
// producer span under ctx's span (else the goroutine's), also when ctx is
// already cancelled and the library refuses the message.
func PublishCtxBefore(c *hook.Context, ch *amqp.Channel, ctx context.Context, exchange, key string, _, _ bool, msg *amqp.Publishing) {
	if ctx == nil {
		ctx = context.Background()
	}
	publishBefore(c, ctx, ch, exchange, key, msg)
}

// PublishCtxAfter ends the span with the error the program gets.
func PublishCtxAfter(c *hook.Context, err error) { publishEnd(c, err) }

// PublishDCBefore is woven at the start of
// Channel.PublishWithDeferredConfirm (Publish calls it in newer releases).
func PublishDCBefore(c *hook.Context, ch *amqp.Channel, exchange, key string, _, _ bool, msg *amqp.Publishing) {
	publishBefore(c, context.Background(), ch, exchange, key, msg)
}

// PublishDCCtxBefore is woven at the start of
// Channel.PublishWithDeferredConfirmWithContext (Publish calls it in older
// releases).
func PublishDCCtxBefore(c *hook.Context, ch *amqp.Channel, ctx context.Context, exchange, key string, _, _ bool, msg *amqp.Publishing) {
	if ctx == nil {
		ctx = context.Background()
	}
	publishBefore(c, ctx, ch, exchange, key, msg)
}

// PublishDCAfter ends the span of either deferred-confirm publish.
func PublishDCAfter(c *hook.Context, _ *amqp.DeferredConfirmation, err error) { publishEnd(c, err) }

// ---- consume ----

type consume struct {
	ch    *amqp.Channel
	queue string
}

// ConsumeBefore is woven at the start of Channel.Consume.
func ConsumeBefore(c *hook.Context, ch *amqp.Channel, queue, _ string, _, _, _, _ bool, _ amqp.Table) {
	// The relay keeps the name past the call: a copy of the caller's string.
	c.SetData(consume{ch: ch, queue: strings.Clone(queue)})
}

// ConsumeCtxBefore is woven at the start of Channel.ConsumeWithContext.
func ConsumeCtxBefore(c *hook.Context, ch *amqp.Channel, _ context.Context, queue, _ string, _, _, _, _ bool, _ amqp.Table) {
	c.SetData(consume{ch: ch, queue: strings.Clone(queue)})
}

// ConsumeAfter hands the program, in place of the library's deliveries
// channel, one of the same kind (unbuffered, closed when the library's
// is) fed from it by a goroutine that traces each delivery the program
// takes.
func ConsumeAfter(c *hook.Context, deliveries *<-chan amqp.Delivery, err error) {
	cs, ok := c.Data().(consume)
	if !ok || err != nil || deliveries == nil || *deliveries == nil || cs.ch == nil {
		return
	}
	st := chState(cs.ch)
	if st == nil {
		return
	}
	*deliveries = forward(cs.ch, st, cs.queue, *deliveries)
}

// forward relays in to the channel it returns. A delivery's process span
// starts when the program has taken it (the unbuffered send returned, or
// the receiving goroutine asked for its parent first): its parent is the
// producer's span from the headers. The goroutine that takes the delivery
// works for that span until it ends (gls hand-over: calls it makes without
// a context are the span's children). It ends at the delivery's ack, nack
// or reject, else when the program takes the next one or the channel
// closes. When the AMQP channel closes, the delivery not yet taken is
// dropped, as the library drops its own.
func forward(ch *amqp.Channel, st *chanState, queue string, in <-chan amqp.Delivery) <-chan amqp.Delivery {
	out := make(chan amqp.Delivery)
	closed := ch.NotifyClose(make(chan *amqp.Error, 1))
	go func() {
		defer close(out)
		gls.Carry()
		var last *processSpan
		defer func() {
			if last != nil {
				st.settle(last.tag, false)
			}
		}()
		for d := range in {
			p := &processSpan{tag: d.DeliveryTag}
			o := msgconv.Op{System: system, Type: msgconv.Process, Name: "process", Destination: d.Exchange,
				Anonymous: d.Exchange == "", Subscription: queue, MessageID: d.MessageId,
				Conversation: d.CorrelationId, BodySize: len(d.Body), Producer: msgconv.Extract(tableCarrier(d.Headers)),
				ServerAddress: st.srv.addr, ServerPort: st.srv.port, Delivered: true}
			o.Extra = []attribute.KeyValue{keyDeliveryTag.Int64(int64(d.DeliveryTag))}
			if d.RoutingKey != "" {
				o.Extra = append(o.Extra, keyRoutingKey.String(d.RoutingKey))
			}
			p.entry = gls.Handoff(func() trace.SpanContext {
				p.span = msgconv.Start(scope, context.Background(), &o)
				return p.span.SpanContext()
			})
			// Registered before the send: the program may ack before this
			// goroutine runs again.
			st.mu.Lock()
			st.pending[p.tag] = p
			st.mu.Unlock()
			gls.Offer(p.entry)
			select {
			case out <- d:
			case <-closed:
				st.mu.Lock()
				delete(st.pending, p.tag)
				st.mu.Unlock()
				return
			}
			gls.Offer(nil)
			p.entry.Resolve()
			if last != nil {
				st.settle(last.tag, false)
			}
			last = p
		}
	}()
	return out
}

// processSpan is a delivery the program has taken, until it is settled.
type processSpan struct {
	tag   uint64
	entry *gls.Entry
	span  *msgconv.Span // set by entry's start; read after Resolve
}

// settle ends the process span of tag (and of every earlier tag when
// multiple).
func (st *chanState) settle(tag uint64, multiple bool) {
	var ends []*processSpan
	st.mu.Lock()
	if multiple {
		for t, sp := range st.pending {
			if t <= tag {
				ends = append(ends, sp)
				delete(st.pending, t)
			}
		}
	} else if sp, ok := st.pending[tag]; ok {
		ends = append(ends, sp)
		delete(st.pending, tag)
	}
	st.mu.Unlock()
	for _, p := range ends {
		p.entry.End()
		// Settled before the relay resumed: the span starts now, if the
		// receiver did not start it, and ends at once.
		p.entry.Resolve()
		if p.span != nil {
			p.span.End(nil)
		}
	}
}

func settleDelivery(d *amqp.Delivery, multiple bool) {
	if d == nil {
		return
	}
	ch, ok := d.Acknowledger.(*amqp.Channel)
	if !ok || ch == nil {
		return
	}
	if st := chState(ch); st != nil {
		st.settle(d.DeliveryTag, multiple)
	}
}

// AckBefore is woven at the start of Delivery.Ack: the delivery's process
// span ends (the program's work on it is done).
func AckBefore(_ *hook.Context, d amqp.Delivery, multiple bool) { settleDelivery(&d, multiple) }

// NackBefore is woven at the start of Delivery.Nack.
func NackBefore(_ *hook.Context, d amqp.Delivery, multiple, _ bool) { settleDelivery(&d, multiple) }

// RejectBefore is woven at the start of Delivery.Reject.
func RejectBefore(_ *hook.Context, d amqp.Delivery, _ bool) { settleDelivery(&d, false) }

// ---- get ----

type get struct {
	ch    *amqp.Channel
	queue string
	start time.Time
}

// GetBefore is woven at the start of Channel.Get.
func GetBefore(c *hook.Context, ch *amqp.Channel, queue string, _ bool) {
	c.SetData(get{ch: ch, queue: queue, start: time.Now()})
}

// GetAfter records a receive span for the delivery Get returned, linked to
// its producer, or for the error; an empty queue makes none (a polling
// loop would make one per poll).
func GetAfter(c *hook.Context, msg amqp.Delivery, ok bool, err error) {
	g, isGet := c.Data().(get)
	if !isGet || (err == nil && !ok) {
		return
	}
	o := msgconv.Op{System: system, Type: msgconv.Receive, Name: "receive", Subscription: g.queue,
		BodySize: -1, StartTime: g.start}
	if st := chState(g.ch); st != nil {
		o.ServerAddress, o.ServerPort = st.srv.addr, st.srv.port
	}
	if err == nil {
		o.Destination, o.Anonymous = msg.Exchange, msg.Exchange == ""
		o.MessageID, o.Conversation, o.BodySize = msg.MessageId, msg.CorrelationId, len(msg.Body)
		o.Producer = msgconv.Extract(tableCarrier(msg.Headers))
		o.Extra = []attribute.KeyValue{keyDeliveryTag.Int64(int64(msg.DeliveryTag))}
		if msg.RoutingKey != "" {
			o.Extra = append(o.Extra, keyRoutingKey.String(msg.RoutingKey))
		}
	}
	msgconv.Start(scope, context.Background(), &o).End(err)
}
