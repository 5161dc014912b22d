// Package pahomqtt5 holds the hooks gotel weaves into paho.golang
// (github.com/eclipse/paho.golang/paho), the MQTT 5 client: a PRODUCER
// span per publish whose trace context travels in the PUBLISH packet's user
// properties, and a CONSUMER process span per received message and
// callback, a child of the publisher's span, with the callback's goroutine
// entered so that the program's calls in it are children
// (docs/instrumentation/pahomqtt5.md).
package pahomqtt5

import (
	"context"
	"net"
	"strconv"
	"sync"

	"github.com/eclipse/paho.golang/packets"
	"github.com/eclipse/paho.golang/paho"
	"go.opentelemetry.io/otel/attribute"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/pahomqtt5"

// System is messaging.system: "mqtt" is not one of the conventions'
// well-known values, which allow others.
const System = "mqtt"

// KeyQoS is the library-specific attribute for the message's QoS level.
const KeyQoS = attribute.Key("messaging.mqtt.qos")

var scope = msgconv.NewScope(ScopeName)

// Accessors registered by the injected file (inject/client.go.txt). No
// initializer: package paho initialises before this one.
var (
	clientConn     func(c *paho.Client) net.Conn
	clientHandlers func(c *paho.Client) *[]func(paho.PublishReceived) (bool, error)
)

// registerClient is called from the injected file (its name is part of the
// contract with inject/client.go.txt).
func registerClient(conn func(c *paho.Client) net.Conn, handlers func(c *paho.Client) *[]func(paho.PublishReceived) (bool, error)) {
	clientConn, clientHandlers = conn, handlers
}

var _ = registerClient // referenced only through go:linkname

// server returns the broker's address and port as the client's connection
// sees them.
func server(cl *paho.Client) (string, int) {
	if clientConn == nil || cl == nil {
		return "", 0
	}
	conn := clientConn(cl)
	if conn == nil {
		return "", 0
	}
	return addrPort(conn.RemoteAddr())
}

func addrPort(a net.Addr) (string, int) {
	switch a := a.(type) {
	case nil:
		return "", 0
	case *net.TCPAddr:
		if a == nil {
			return "", 0
		}
		return a.IP.String(), a.Port
	}
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "", 0
	}
	p, _ := strconv.Atoi(port)
	return host, p
}

// publishing maps the Publish of a PublishWithOptions under way to its
// span, for the Packet hook, which makes the wire packet the trace context
// is added to.
var publishing sync.Map // *paho.Publish → *msgconv.Span

type publishCall struct {
	p  *paho.Publish
	sp *msgconv.Span
}

// PublishBefore is woven into (*paho.Client).PublishWithOptions (Publish
// calls it).
func PublishBefore(c *hook.Context, cl *paho.Client, ctx context.Context, p *paho.Publish, _ paho.PublishOptions) {
	if p == nil || (ctx != nil && hook.Suppressed(ctx)) {
		return
	}
	op := msgconv.Op{System: System, Type: msgconv.Send, Name: "publish", Destination: p.Topic,
		BodySize: len(p.Payload), Extra: []attribute.KeyValue{KeyQoS.Int(int(p.QoS))}}
	op.ServerAddress, op.ServerPort = server(cl)
	if p.Topic == "" && p.Properties != nil && p.Properties.TopicAlias != nil {
		op.Destination = "" // a topic alias alone: the topic is the server's to resolve
	}
	sp := msgconv.Start(scope, ctx, &op)
	publishing.Store(p, sp)
	c.SetData(&publishCall{p: p, sp: sp})
}

// PublishAfter ends the publish span with what the program gets: an
// error, or a response whose reason code says the server refused it.
func PublishAfter(c *hook.Context, r *paho.PublishResponse, err error) {
	pc, _ := c.Data().(*publishCall)
	if pc == nil {
		return
	}
	publishing.CompareAndDelete(pc.p, pc.sp)
	if err == nil && r != nil && r.ReasonCode >= 0x80 {
		pc.sp.SetAttributes(attribute.Key("messaging.mqtt.reason_code").Int(int(r.ReasonCode)))
		err = reasonError(r.ReasonCode)
	}
	pc.sp.End(err)
}

// reasonError describes a failing MQTT 5 reason code on the span
// (error.type is the code).
type reasonError byte

func (e reasonError) Error() string { return "mqtt reason code " + strconv.Itoa(int(e)) }

// PacketBefore is woven into (*paho.Publish).Packet.
func PacketBefore(c *hook.Context, p *paho.Publish) {
	if p == nil {
		return
	}
	if v, ok := publishing.Load(p); ok {
		c.SetData(v)
	}
}

// PacketAfter adds the trace context of the publish under way to the wire
// packet's user properties. Packet builds a fresh packet and a fresh user
// property slice from the program's Publish, so the program's packet, its
// Properties and their slice stay as the program made them.
func PacketAfter(c *hook.Context, pb *packets.Publish) {
	sp, _ := c.Data().(*msgconv.Span)
	if sp == nil || pb == nil {
		return
	}
	if pb.Properties == nil {
		pb.Properties = &packets.Properties{}
	}
	msgconv.Inject(sp.Context(), &packetCarrier{u: &pb.Properties.User})
}

// packetCarrier is the wire packet's user properties as a TextMapCarrier.
type packetCarrier struct{ u *[]packets.User }

func (pc *packetCarrier) Get(key string) string {
	for _, u := range *pc.u {
		if u.Key == key {
			return u.Value
		}
	}
	return ""
}

// Set replaces the first property of that name (the program's own
// traceparent) or adds one.
func (pc *packetCarrier) Set(key, value string) {
	for i, u := range *pc.u {
		if u.Key == key {
			(*pc.u)[i].Value = value
			return
		}
	}
	*pc.u = append(*pc.u, packets.User{Key: key, Value: value})
}

func (pc *packetCarrier) Keys() []string {
	keys := make([]string, len(*pc.u))
	for i, u := range *pc.u {
		keys[i] = u.Key
	}
	return keys
}

// userCarrier reads a received packet's user properties.
type userCarrier paho.UserProperties

func (uc userCarrier) Get(key string) string { return paho.UserProperties(uc).Get(key) }
func (uc userCarrier) Set(string, string)    {}
func (uc userCarrier) Keys() []string {
	keys := make([]string, len(uc))
	for i, u := range uc {
		keys[i] = u.Key
	}
	return keys
}

// NewClientAfter is woven at the return of paho.NewClient: every callback
// the client gathered (ClientConfig.OnPublishReceived and the Router's) is
// wrapped in a new slice, so the program's own slice is not touched.
func NewClientAfter(_ *hook.Context, cl *paho.Client) {
	if cl == nil || clientHandlers == nil {
		return
	}
	hs := clientHandlers(cl)
	if hs == nil || len(*hs) == 0 {
		return
	}
	wrapped := make([]func(paho.PublishReceived) (bool, error), len(*hs))
	for i, h := range *hs {
		wrapped[i] = wrap(cl, h)
	}
	*hs = wrapped
}

// AddOnPublishReceivedBefore is woven into
// (*paho.Client).AddOnPublishReceived: the callback added is wrapped.
func AddOnPublishReceivedBefore(_ *hook.Context, cl *paho.Client, f *func(paho.PublishReceived) (bool, error)) {
	if f != nil && *f != nil {
		*f = wrap(cl, *f)
	}
}

// wrap returns h with a process span around each call. The span's parent
// is the publisher's span, from the packet's user properties; the
// goroutine is entered so the callback's own calls are its children.
func wrap(cl *paho.Client, h func(paho.PublishReceived) (bool, error)) func(paho.PublishReceived) (bool, error) {
	if h == nil {
		return nil
	}
	return func(pr paho.PublishReceived) (handled bool, err error) {
		p := pr.Packet
		if p == nil {
			return h(pr)
		}
		op := msgconv.Op{System: System, Type: msgconv.Process, Name: "process", Destination: p.Topic, Delivered: true,
			BodySize: len(p.Payload), Extra: []attribute.KeyValue{KeyQoS.Int(int(p.QoS))}}
		op.ServerAddress, op.ServerPort = server(cl)
		if p.Properties != nil && len(p.Properties.User) > 0 {
			op.Producer = msgconv.Extract(userCarrier(p.Properties.User))
		}
		sp := msgconv.Start(scope, context.Background(), &op)
		e := sp.Enter()
		done := false
		defer func() {
			e.Exit()
			if !done { // the callback panicked: end the span, let the panic go on
				sp.End(errPanic)
			}
		}()
		handled, err = h(pr)
		done = true
		sp.End(err)
		return handled, err
	}
}

type panicError struct{}

func (panicError) Error() string { return "callback panicked" }

var errPanic error = panicError{}
