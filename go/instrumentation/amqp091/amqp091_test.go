package amqp091

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

// Without the weave there are no gotel fields: the tests stand in for them
// with a map, and call the hooks around the real methods as the generated
// code would.
var (
	fieldsMu sync.Mutex
	fields   = map[any]*any{}
)

func init() {
	registerState(func(v any) *any {
		fieldsMu.Lock()
		defer fieldsMu.Unlock()
		p := fields[v]
		if p == nil {
			p = new(any)
			fields[v] = p
		}
		return p
	})
}

func setup(t *testing.T) *tracetest.SpanRecorder {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return sr
}

const url = "amqp://guest:guest@127.0.0.1:5672/"

func channel(t *testing.T) *amqp.Channel {
	t.Helper()
	c, err := net.DialTimeout("tcp", "127.0.0.1:5672", time.Second)
	if err != nil {
		t.Skipf("RabbitMQ not reachable: %v", err)
	}
	c.Close()
	var dc hook.Context
	DialConfigBefore(&dc, url, amqp.Config{})
	conn, err := amqp.Dial(url)
	DialConfigAfter(&dc, conn, err)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	var cc hook.Context
	ChannelBefore(&cc, conn)
	ch, err := conn.Channel()
	ChannelAfter(&cc, ch, err)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func publish(ch *amqp.Channel, ctx context.Context, ex, key string, msg amqp.Publishing) error {
	var hc hook.Context
	PublishCtxBefore(&hc, ch, ctx, ex, key, false, false, &msg)
	// The inner method's hook sees the outer one's table and steps aside.
	var ic hook.Context
	PublishDCBefore(&ic, ch, ex, key, false, false, &msg)
	if ic.Data() != nil {
		panic("inner publish traced the message again")
	}
	err := ch.PublishWithContext(ctx, ex, key, false, false, msg)
	PublishCtxAfter(&hc, err)
	return err
}

func TestPublishConsume(t *testing.T) {
	sr := setup(t)
	ch := channel(t)
	q := fmt.Sprintf("gotel.unit.%d", time.Now().UnixNano())
	if _, err := ch.QueueDeclare(q, false, true, false, false, nil); err != nil {
		t.Fatal(err)
	}
	ctx, parent := otel.Tracer("t").Start(context.Background(), "parent")
	h := amqp.Table{"app": "x"}
	if err := publish(ch, ctx, "", q, amqp.Publishing{Headers: h, MessageId: "id1", Body: []byte("one")}); err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 {
		t.Fatalf("the program's table changed: %v", h)
	}
	// A malformed traceparent (a foreign producer): a new trace.
	if err := ch.Publish("", q, false, false, amqp.Publishing{Headers: amqp.Table{"traceparent": "00-bad"}, Body: []byte("two")}); err != nil {
		t.Fatal(err)
	}
	parent.End()

	var cc hook.Context
	ConsumeBefore(&cc, ch, q, "", false, false, false, false, nil)
	msgs, err := ch.Consume(q, "", false, false, false, false, nil)
	ConsumeAfter(&cc, &msgs, err)
	if err != nil {
		t.Fatal(err)
	}
	var ds []amqp.Delivery
	for len(ds) < 2 {
		select {
		case d := <-msgs:
			ds = append(ds, d)
			if len(ds) == 1 {
				if _, ok := d.Headers["traceparent"]; !ok {
					t.Fatal("no trace context in the delivery")
				}
				d.Ack(false)
				AckBefore(nil, d, false)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no delivery")
		}
	}
	// The second delivery's span ends when the channel closes.
	ch.Close()
	deadline := time.Now().Add(5 * time.Second)
	var procs []sdktrace.ReadOnlySpan
	for len(procs) < 2 && time.Now().Before(deadline) {
		procs = procs[:0]
		for _, s := range sr.Ended() {
			if s.SpanKind() == trace.SpanKindConsumer {
				procs = append(procs, s)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(procs) != 2 {
		t.Fatalf("%d process spans", len(procs))
	}
	var pub sdktrace.ReadOnlySpan
	for _, s := range sr.Ended() {
		if s.SpanKind() == trace.SpanKindProducer && s.Parent().SpanID() == parent.SpanContext().SpanID() {
			pub = s
		}
	}
	if pub == nil || pub.Name() != "publish" {
		t.Fatal("no publish span under the parent")
	}
	p := procs[0]
	a := map[string]string{}
	for _, kv := range p.Attributes() {
		a[string(kv.Key)] = kv.Value.Emit()
	}
	if p.Name() != "process" || p.Parent().SpanID() != pub.SpanContext().SpanID() || a["messaging.message.id"] != "id1" ||
		a["messaging.rabbitmq.destination.routing_key"] != q || a["messaging.destination.subscription.name"] != q ||
		a["server.address"] != "127.0.0.1" || a["server.port"] != "5672" {
		t.Fatalf("process span %q parent %v attrs %v", p.Name(), p.Parent(), a)
	}
	if procs[1].Parent().IsValid() {
		t.Fatal("a malformed traceparent became a parent")
	}
}

func TestGetAndErrors(t *testing.T) {
	sr := setup(t)
	ch := channel(t)
	q := fmt.Sprintf("gotel.unit.get.%d", time.Now().UnixNano())
	if _, err := ch.QueueDeclare(q, false, true, false, false, nil); err != nil {
		t.Fatal(err)
	}
	if err := publish(ch, context.Background(), "", q, amqp.Publishing{Body: []byte("abc")}); err != nil {
		t.Fatal(err)
	}
	var d amqp.Delivery
	ok := false
	var err error
	for i := 0; i < 100 && !ok && err == nil; i++ {
		var gc hook.Context
		GetBefore(&gc, ch, q, true)
		d, ok, err = ch.Get(q, true)
		GetAfter(&gc, d, ok, err)
		if !ok {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if !ok {
		t.Fatal("no message", err)
	}
	var recv []sdktrace.ReadOnlySpan
	for _, s := range sr.Ended() {
		if s.SpanKind() == trace.SpanKindClient {
			recv = append(recv, s)
		}
	}
	if len(recv) != 1 || recv[0].Name() != "receive" || len(recv[0].Links()) != 1 {
		t.Fatalf("receive spans: %v", recv)
	}
	// A cancelled context and a closed channel: the errors the program gets.
	cctx, cancel := context.WithCancel(context.Background())
	cancel()
	perr := publish(ch, cctx, "", q, amqp.Publishing{Body: []byte("x")})
	ch.Close()
	cerr := publish(ch, context.Background(), "", q, amqp.Publishing{Body: []byte("x")})
	if cerr == nil {
		t.Fatal("publish on a closed channel succeeded")
	}
	n := 0
	for _, s := range sr.Ended() {
		if s.Status().Code == codes.Error {
			n++
		}
	}
	want := 1
	if perr != nil {
		want = 2
	}
	if n != want {
		t.Fatalf("%d failing spans, want %d (cancelled publish: %v)", n, want, perr)
	}
}
