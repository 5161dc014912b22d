// Package pahomqtt holds the hooks gotel weaves into paho.mqtt.golang
// (github.com/eclipse/paho.mqtt.golang), the MQTT 3.1.1 client: a PRODUCER
// span per Publish and a CONSUMER process span per call of a message
// handler, with the handler's goroutine entered so that the program's
// calls in it are children (docs/instrumentation/pahomqtt.md).
//
// MQTT 3.1.1 packets carry no headers or properties: the trace context
// cannot travel with a message, and a handler's span starts a new trace.
package pahomqtt

import (
	"context"
	"net/url"
	"strconv"

	mqtt "github.com/eclipse/paho.mqtt.golang"
	"go.opentelemetry.io/otel/attribute"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/pahomqtt"

// System is messaging.system: "mqtt" is not one of the conventions'
// well-known values, which allow others.
const System = "mqtt"

// KeyQoS is the library-specific attribute for the message's QoS level.
const KeyQoS = attribute.Key("messaging.mqtt.qos")

var scope = msgconv.NewScope(ScopeName)

// server is the broker's address when the client has exactly one
// configured (with several, which one is connected is not visible).
func server(cl any) (string, int) {
	c, ok := cl.(mqtt.Client)
	if !ok || c == nil {
		return "", 0
	}
	r := c.OptionsReader()
	servers := r.Servers()
	if len(servers) != 1 || servers[0] == nil {
		return "", 0
	}
	return hostPort(servers[0])
}

func hostPort(u *url.URL) (string, int) {
	host := u.Hostname()
	p, err := strconv.Atoi(u.Port())
	if err != nil || p <= 0 {
		switch u.Scheme {
		case "tcp", "mqtt":
			p = 1883
		case "ssl", "tls", "mqtts", "tcps":
			p = 8883
		default:
			p = 0
		}
	}
	return host, p
}

// PublishBefore is woven into (*client).Publish.
func PublishBefore(c *hook.Context, cl any, topic string, qos byte, _ bool, payload any) {
	op := msgconv.Op{System: System, Type: msgconv.Send, Name: "publish", Destination: topic,
		BodySize: bodySize(payload), Extra: []attribute.KeyValue{KeyQoS.Int(int(qos))}}
	op.ServerAddress, op.ServerPort = server(cl)
	c.SetData(msgconv.Start(scope, context.Background(), &op))
}

func bodySize(payload any) int {
	switch p := payload.(type) {
	case string:
		return len(p)
	case []byte:
		return len(p)
	}
	return -1 // the library refuses it, or a bytes.Buffer (copied here if measured)
}

// PublishAfter ends the span when Publish returns, not when its token
// completes: a token completes when the broker acknowledges (QoS 1 and 2)
// or never (a message stored while disconnected), and a span must not wait
// on the program's token. A token already complete at return (not
// connected, a bad payload, a timeout) gives the span its error.
func PublishAfter(c *hook.Context, t mqtt.Token) {
	sp, _ := c.Data().(*msgconv.Span)
	if sp == nil {
		return
	}
	var err error
	if t != nil {
		select {
		case <-t.Done():
			err = t.Error()
		default:
		}
	}
	sp.End(err)
}

// AddRouteBefore is woven into (*router).addRoute: the handler is
// wrapped (the program keeps no reference to the router's copy).
func AddRouteBefore(_ *hook.Context, _ any, _ string, h *mqtt.MessageHandler) {
	if h != nil && *h != nil {
		*h = wrap(*h)
	}
}

// SetDefaultHandlerBefore is woven into (*router).setDefaultHandler.
func SetDefaultHandlerBefore(_ *hook.Context, _ any, h *mqtt.MessageHandler) {
	if h != nil && *h != nil {
		*h = wrap(*h)
	}
}

// wrap returns h with a process span around each call, its goroutine
// entered so that the handler's own calls are the span's children.
func wrap(h mqtt.MessageHandler) mqtt.MessageHandler {
	return func(cl mqtt.Client, m mqtt.Message) {
		if m == nil {
			h(cl, m)
			return
		}
		op := msgconv.Op{System: System, Type: msgconv.Process, Name: "process", Destination: m.Topic(), Delivered: true,
			BodySize: len(m.Payload()), Extra: []attribute.KeyValue{KeyQoS.Int(int(m.Qos()))}}
		op.ServerAddress, op.ServerPort = server(cl)
		sp := msgconv.Start(scope, context.Background(), &op)
		e := sp.Enter()
		done := false
		defer func() {
			e.Exit()
			if !done { // the handler panicked: end the span, let the panic go on
				sp.End(errPanic)
			}
		}()
		h(cl, m)
		done = true
		sp.End(nil)
	}
}

type panicError struct{}

func (panicError) Error() string { return "handler panicked" }

var errPanic error = panicError{}
