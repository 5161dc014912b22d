package pahomqtt5

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/eclipse/paho.golang/paho"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

const mqttAddr = "127.0.0.1:1883"

// publish runs the hooks as the woven PublishWithOptions would, around a
// real Packet call, and returns the wire packet.
func publish(t *testing.T, cl *paho.Client, ctx context.Context, p *paho.Publish, err error) *paho.Publish {
	t.Helper()
	var c, pc hook.Context
	PublishBefore(&c, cl, ctx, p, paho.PublishOptions{})
	PacketBefore(&pc, p)
	pb := p.Packet()
	PacketAfter(&pc, pb)
	PublishAfter(&c, &paho.PublishResponse{}, err)
	return paho.PublishFromPacketPublish(pb)
}

func TestPublishInjectsWithoutTouchingTheProgramsPacket(t *testing.T) {
	sr, rd := setup(t)
	user := make(paho.UserProperties, 1, 4)
	user[0] = paho.UserProperty{Key: "app", Value: "x"}
	p := &paho.Publish{Topic: "a/b", QoS: 1, Payload: []byte("hello"), Properties: &paho.PublishProperties{User: user}}
	wire := publish(t, nil, context.Background(), p, nil)
	if len(p.Properties.User) != 1 || user[:2][1] != (paho.UserProperty{}) {
		t.Fatalf("the program's user properties changed: %v (backing %v)", p.Properties.User, user[:cap(user)])
	}
	tp := wire.Properties.User.Get("traceparent")
	if tp == "" || wire.Properties.User.Get("app") != "x" {
		t.Fatalf("wire user properties %v", wire.Properties.User)
	}
	spans := sr.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	s := spans[0]
	a := attrs(s.Attributes())
	if s.Name() != "publish a/b" || s.SpanKind() != trace.SpanKindProducer || a["messaging.system"] != "mqtt" ||
		a["messaging.destination.name"] != "a/b" || a["messaging.mqtt.qos"] != "1" || a["messaging.message.body.size"] != "5" {
		t.Errorf("span %q kind %v attrs %v", s.Name(), s.SpanKind(), a)
	}
	if want := s.SpanContext().SpanID().String(); tp[36:52] != want {
		t.Errorf("traceparent %s does not carry the publish span %s", tp, want)
	}
	// A publish without properties gets some on the wire only.
	p2 := &paho.Publish{Topic: "a/b", Payload: []byte("x")}
	wire = publish(t, nil, context.Background(), p2, nil)
	if p2.Properties != nil || wire.Properties.User.Get("traceparent") == "" {
		t.Errorf("program's properties %v, wire %v", p2.Properties, wire.Properties)
	}
	m := metricNames(t, rd)
	if m["messaging.client.operation.duration"] != 2 || m["messaging.client.sent.messages"] != 2 {
		t.Errorf("metrics %v", m)
	}
	if _, still := publishing.Load(p); still {
		t.Error("the publish is still registered after its call")
	}
}

func TestPublishError(t *testing.T) {
	sr, _ := setup(t)
	publish(t, nil, context.Background(), &paho.Publish{Topic: "t"}, context.Canceled)
	s := sr.Ended()[0]
	if s.Status().Code != 1 || attrs(s.Attributes())["error.type"] != "context.Canceled" {
		t.Errorf("status %v attrs %v", s.Status(), attrs(s.Attributes()))
	}
	var c hook.Context
	PublishBefore(&c, nil, context.Background(), &paho.Publish{Topic: "t"}, paho.PublishOptions{})
	PublishAfter(&c, &paho.PublishResponse{ReasonCode: 0x87}, nil)
	if a := attrs(sr.Ended()[1].Attributes()); a["messaging.mqtt.reason_code"] != "135" || a["error.type"] == "" {
		t.Errorf("refused publish attrs %v", a)
	}
}

func TestProcessContinuesTheProducersTrace(t *testing.T) {
	sr, rd := setup(t)
	wire := publish(t, nil, context.Background(), &paho.Publish{Topic: "t", Payload: []byte("m")}, nil)
	prod := sr.Ended()[0]
	herr := errors.New("handler failed")
	h := wrap(nil, func(pr paho.PublishReceived) (bool, error) { return true, herr })
	handled, err := h(paho.PublishReceived{Packet: wire})
	if !handled || err != herr {
		t.Fatalf("the callback's results changed: %v %v", handled, err)
	}
	s := sr.Ended()[1]
	if s.Name() != "process t" || s.SpanKind() != trace.SpanKindConsumer || s.Parent().SpanID() != prod.SpanContext().SpanID() ||
		s.SpanContext().TraceID() != prod.SpanContext().TraceID() || s.Status().Code != 1 {
		t.Errorf("process span %q kind %v parent %v status %v", s.Name(), s.SpanKind(), s.Parent(), s.Status())
	}
	// Malformed and missing traceparents start new traces.
	for _, props := range []*paho.PublishProperties{nil, {User: paho.UserProperties{{Key: "traceparent", Value: "00-zz-01"}}}} {
		h(paho.PublishReceived{Packet: &paho.Publish{Topic: "t", Properties: props}})
		if s := sr.Ended()[len(sr.Ended())-1]; s.Parent().IsValid() {
			t.Errorf("process span of %v has parent %v", props, s.Parent())
		}
	}
	if m := metricNames(t, rd); m["messaging.process.duration"] != 3 || m["messaging.client.consumed.messages"] != 3 {
		t.Errorf("metrics %v", m)
	}
}

func TestProcessSpanEndsWhenTheCallbackPanics(t *testing.T) {
	sr, _ := setup(t)
	h := wrap(nil, func(paho.PublishReceived) (bool, error) { panic("boom") })
	func() {
		defer func() {
			if recover() != "boom" {
				t.Error("the panic did not reach the caller")
			}
		}()
		h(paho.PublishReceived{Packet: &paho.Publish{Topic: "t"}})
	}()
	if len(sr.Ended()) != 1 || sr.Ended()[0].Status().Code != 1 {
		t.Errorf("spans %v", sr.Ended())
	}
}

// TestAgainstMosquitto publishes through a real client and connection
// (the hooks called as the woven client would) and reads the server
// address from it.
func TestAgainstMosquitto(t *testing.T) {
	conn, err := net.DialTimeout("tcp", mqttAddr, time.Second)
	if err != nil {
		t.Skipf("mosquitto not reachable on %s: %v", mqttAddr, err)
	}
	sr, _ := setup(t)
	clientConn = func(*paho.Client) net.Conn { return conn }
	defer func() { clientConn = nil }()
	got := make(chan *paho.Publish, 1)
	cl := paho.NewClient(paho.ClientConfig{Conn: conn, OnPublishReceived: []func(paho.PublishReceived) (bool, error){
		func(pr paho.PublishReceived) (bool, error) { got <- pr.Packet; return true, nil }}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := cl.Connect(ctx, &paho.Connect{KeepAlive: 30, CleanStart: true}); err != nil {
		t.Fatal(err)
	}
	defer cl.Disconnect(&paho.Disconnect{})
	topic := "gotel/unit/" + time.Now().Format("150405.000000")
	if _, err := cl.Subscribe(ctx, &paho.Subscribe{Subscriptions: []paho.SubscribeOptions{{Topic: topic, QoS: 1}}}); err != nil {
		t.Fatal(err)
	}
	p := &paho.Publish{Topic: topic, QoS: 1, Payload: []byte("x")}
	var c hook.Context
	PublishBefore(&c, cl, ctx, p, paho.PublishOptions{})
	_, err = cl.Publish(ctx, p)
	PublishAfter(&c, nil, err)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
	case <-ctx.Done():
		t.Fatal("message not received")
	}
	a := attrs(sr.Ended()[0].Attributes())
	if a["server.address"] != "127.0.0.1" || a["server.port"] != "1883" {
		t.Errorf("attrs %v", a)
	}
}
