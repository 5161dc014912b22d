package pahomqtt

import (
	"context"
	"net"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

const mqttAddr = "127.0.0.1:1883"

// TestPublishAndHandler runs the hooks as the woven client would, around
// a real client's Publish and Subscribe against Mosquitto.
func TestPublishAndHandler(t *testing.T) {
	if c, err := net.DialTimeout("tcp", mqttAddr, time.Second); err != nil {
		t.Skipf("mosquitto not reachable on %s: %v", mqttAddr, err)
	} else {
		c.Close()
	}
	sr, rd := setup(t)
	cl := mqtt.NewClient(mqtt.NewClientOptions().AddBroker("tcp://" + mqttAddr).SetAutoReconnect(false))
	if tk := cl.Connect(); !tk.WaitTimeout(10*time.Second) || tk.Error() != nil {
		t.Fatal(tk.Error())
	}
	defer cl.Disconnect(100)
	topic := "gotel/unit3/" + time.Now().Format("150405.000000")
	got := make(chan string, 1)
	var h mqtt.MessageHandler = func(_ mqtt.Client, m mqtt.Message) { got <- string(m.Payload()) }
	AddRouteBefore(nil, nil, topic, &h) // as the woven router would
	if tk := cl.Subscribe(topic, 1, h); !tk.WaitTimeout(10*time.Second) || tk.Error() != nil {
		t.Fatal(tk.Error())
	}
	var c hook.Context
	PublishBefore(&c, cl, topic, 1, false, "hello")
	tk := cl.Publish(topic, 1, false, "hello")
	PublishAfter(&c, tk)
	tk.WaitTimeout(10 * time.Second)
	select {
	case p := <-got:
		if p != "hello" {
			t.Fatalf("payload %q", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("message not received")
	}
	// The process span ends after the handler returns.
	deadline := time.Now().Add(10 * time.Second)
	for len(sr.Ended()) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	spans := sr.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	// In either order: the publish span ends when the PUBACK completes the
	// token, which may come after the handler has returned.
	pub, proc := spans[0], spans[1]
	if pub.SpanKind() == trace.SpanKindConsumer {
		pub, proc = proc, pub
	}
	pa, ca := attrs(pub.Attributes()), attrs(proc.Attributes())
	if pub.Name() != "publish "+topic || pub.SpanKind() != trace.SpanKindProducer || pa["messaging.system"] != "mqtt" ||
		pa["server.address"] != "127.0.0.1" || pa["server.port"] != "1883" || pa["messaging.message.body.size"] != "5" || pa["messaging.mqtt.qos"] != "1" {
		t.Errorf("publish span %q %v %v", pub.Name(), pub.SpanKind(), pa)
	}
	// No headers in MQTT 3.1.1: the handler's span starts a new trace.
	if proc.Name() != "process "+topic || proc.SpanKind() != trace.SpanKindConsumer || proc.Parent().IsValid() ||
		ca["messaging.destination.name"] != topic || ca["server.address"] != "127.0.0.1" {
		t.Errorf("process span %q %v parent %v %v", proc.Name(), proc.SpanKind(), proc.Parent(), ca)
	}
	m := metricNames(t, rd)
	if m["messaging.client.sent.messages"] != 1 || m["messaging.process.duration"] != 1 {
		t.Errorf("metrics %v", m)
	}
}

// TestPublishNotConnected: the token the program gets is complete with
// ErrNotConnected; the span records it.
func TestPublishNotConnected(t *testing.T) {
	sr, _ := setup(t)
	cl := mqtt.NewClient(mqtt.NewClientOptions().AddBroker("tcp://127.0.0.1:1"))
	var c hook.Context
	PublishBefore(&c, cl, "t", 0, false, []byte("x"))
	tk := cl.Publish("t", 0, false, []byte("x"))
	PublishAfter(&c, tk)
	if tk.Error() != mqtt.ErrNotConnected {
		t.Fatalf("token error %v", tk.Error())
	}
	s := sr.Ended()[0]
	if s.Status().Code != 1 || attrs(s.Attributes())["server.port"] != "1" {
		t.Errorf("status %v attrs %v", s.Status(), attrs(s.Attributes()))
	}
}

func TestHandlerPanicEndsSpan(t *testing.T) {
	sr, _ := setup(t)
	var h mqtt.MessageHandler = func(mqtt.Client, mqtt.Message) { panic("boom") }
	SetDefaultHandlerBefore(nil, nil, &h)
	func() {
		defer func() {
			if recover() != "boom" {
				t.Error("the panic did not reach the caller")
			}
		}()
		h(nil, fakeMessage{})
	}()
	if len(sr.Ended()) != 1 || sr.Ended()[0].Status().Code != 1 {
		t.Errorf("spans %v", sr.Ended())
	}
	_ = context.Background()
}

// fakeMessage is a received message for a handler called directly.
type fakeMessage struct{ mqtt.Message }

func (fakeMessage) Topic() string     { return "t" }
func (fakeMessage) Payload() []byte   { return []byte("p") }
func (fakeMessage) Qos() byte         { return 0 }
func (fakeMessage) MessageID() uint16 { return 1 }
