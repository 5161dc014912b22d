package jetstream

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

func attrs(s sdktrace.ReadOnlySpan) map[string]string {
	m := map[string]string{}
	for _, kv := range s.Attributes() {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

// The hooks around the real methods, as the weave calls them.
func TestPublishReceiveAck(t *testing.T) {
	c, err := net.DialTimeout("tcp", "127.0.0.1:4222", time.Second)
	if err != nil {
		t.Skipf("NATS not reachable: %v", err)
	}
	c.Close()
	sr := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	nc, err := nats.Connect("nats://127.0.0.1:4222")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	name := fmt.Sprintf("GOTEL_UNIT_%d", time.Now().UnixNano())
	subj := "gotel.unit.js." + name
	st, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{subj}})
	if err != nil {
		t.Skipf("no JetStream: %v", err)
	}
	defer js.DeleteStream(context.Background(), name)

	m := &nats.Msg{Subject: subj, Data: []byte("abc")}
	opts := []jetstream.PublishOpt{jetstream.WithMsgID("m-1")}
	var pc hook.Context
	pctx := ctx
	PublishMsgBefore(&pc, js, &pctx, m, opts)
	if pctx == ctx {
		t.Fatal("the library's context does not carry the span")
	}
	ack, err := js.PublishMsg(pctx, m, opts...)
	PublishMsgAfter(&pc, ack, err)
	if err != nil {
		t.Fatal(err)
	}

	cons, err := st.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{Durable: "c", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		t.Fatal(err)
	}
	it, err := cons.Messages()
	if err != nil {
		t.Fatal(err)
	}
	defer it.Stop()
	var nc2 hook.Context
	NextBefore(&nc2, it, nil)
	got, err := it.Next()
	NextAfter(&nc2, got, err)
	if err != nil {
		t.Fatal(err)
	}
	var ac hook.Context
	AckBefore(&ac, got, context.Background(), []byte("+ACK"), false, nil)
	AckAfter(&ac, got.Ack())
	// In progress settles nothing.
	var wc hook.Context
	AckBefore(&wc, got, context.Background(), []byte("+WPI"), false, nil)
	if wc.Data() != nil {
		t.Fatal("+WPI traced as a settlement")
	}

	spans := sr.Ended()
	if len(spans) != 3 {
		t.Fatalf("%d spans", len(spans))
	}
	pub, recv, settle := spans[0], spans[1], spans[2]
	if a := attrs(pub); pub.Name() != "publish "+subj || pub.SpanKind() != trace.SpanKindProducer ||
		// The id comes through the core request hook, not woven here (e2e
		// TestLibMessaging checks it).
		a["messaging.nats.jetstream.sequence"] != "1" ||
		a["messaging.nats.jetstream.stream"] != name || a["server.port"] != "4222" {
		t.Fatalf("publish %q %v", pub.Name(), a)
	}
	if a := attrs(recv); recv.Name() != "receive "+subj || recv.SpanKind() != trace.SpanKindClient ||
		a["messaging.destination.subscription.name"] != "c" || a["messaging.message.body.size"] != "3" {
		t.Fatalf("receive %q %v", recv.Name(), a)
	}
	if a := attrs(settle); settle.Name() != "ack "+subj || settle.SpanKind() != trace.SpanKindClient ||
		a["messaging.operation.type"] != "settle" {
		t.Fatalf("settle %q %v", settle.Name(), a)
	}
}
