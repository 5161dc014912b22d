package jetstream

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	gnats "gotel.dev/instrumentation/nats"
	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
)

// A goroutine context for the test: the test runs the hooks on one
// goroutine, as the weave runs the fetch's on the caller's; plain builds
// have no goroutine context at all.
var bindGLS = sync.OnceFunc(gls.BindSingle)

// A JetStream fetch as the weave sees it: the fetch's hooks around the
// call, the subscribe hooks around the inbox subscription the library makes
// inside it, toJSMsg's hook per message of the batch, the unsubscribe hook
// at the batch's end. The library's own calls are not woven in a unit test,
// so the test makes them, on a subscription of its own.
func TestFetchBatch(t *testing.T) {
	c, err := net.DialTimeout("tcp", "127.0.0.1:4222", time.Second)
	if err != nil {
		t.Skipf("NATS not reachable: %v", err)
	}
	c.Close()
	bindGLS()
	sr := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	otel.SetTextMapPropagator(propagation.TraceContext{})
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
	name := fmt.Sprintf("GOTEL_UNIT_F_%d", time.Now().UnixNano())
	subj := "gotel.unit.fetch." + name
	st, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{subj}})
	if err != nil {
		t.Skipf("no JetStream: %v", err)
	}
	defer js.DeleteStream(context.Background(), name)
	var prods []trace.SpanContext
	for i := 0; i < 2; i++ {
		m := &nats.Msg{Subject: subj, Data: []byte("abc")}
		var pc hook.Context
		pctx := ctx
		PublishMsgBefore(&pc, js, &pctx, m, nil)
		sp := pc.Data().(publish).sp
		prods = append(prods, sp.SpanContext())
		// What the woven request under the publish does: its span's
		// context in the headers.
		m.Header = nats.Header{}
		otel.GetTextMapPropagator().Inject(sp.Context(), gnats.HeaderCarrier(m.Header))
		ack, err := js.PublishMsg(pctx, m)
		PublishMsgAfter(&pc, ack, err)
		if err != nil {
			t.Fatal(err)
		}
	}
	cons, err := st.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{Durable: "f", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		t.Fatal(err)
	}
	_, parent := otel.Tracer("t").Start(ctx, "caller")
	e := gls.Enter(parent.SpanContext())

	// fetch: begins, makes its inbox subscription, returns.
	fetch := func() (*hook.Context, *nats.Subscription) {
		var fc hook.Context
		FetchBefore(&fc, cons, nil)
		var sc hook.Context
		inbox := nc.NewInbox()
		ch := make(chan *nats.Msg, 4)
		gnats.SubscribeBefore(&sc, nc, inbox, "", nil, ch, nil, false, nil)
		s, err := nc.ChanSubscribe(inbox, ch)
		gnats.SubscribeAfter(&sc, s, err)
		if err != nil {
			t.Fatal(err)
		}
		return &fc, s
	}
	fc, s := fetch()
	batch, err := cons.Fetch(2, jetstream.FetchMaxWait(2*time.Second))
	FetchAfter(fc, batch, err)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for m := range batch.Messages() {
		// toJSMsg's hook sees the core message, which came in through the
		// fetch's subscription.
		ToJSMsgBefore(nil, nil, &nats.Msg{Subject: m.Subject(), Header: nats.Header(m.Headers()), Data: m.Data(), Sub: s})
		n++
	}
	if n != 2 || batch.Error() != nil {
		t.Fatalf("batch of %d, %v", n, batch.Error())
	}
	// Another message, on a subscription that is no batch's: not counted.
	ToJSMsgBefore(nil, nil, &nats.Msg{Subject: subj, Sub: &nats.Subscription{}})
	if len(sr.Ended()) != 2 {
		t.Fatalf("the batch ended before its subscription: %d spans", len(sr.Ended()))
	}
	gnats.UnsubscribeBefore(nil, s)
	s.Unsubscribe()

	// An empty poll makes no span; a failed fetch makes one with its error.
	fc2, s2 := fetch()
	gnats.UnsubscribeBefore(nil, s2)
	FetchAfter(fc2, nil, nil)
	fc3, _ := fetch()
	FetchAfter(fc3, nil, errors.New("consumer gone"))
	e.Exit()
	parent.End()

	ended := sr.Ended()
	if len(ended) != 5 {
		t.Fatalf("%d spans", len(ended))
	}
	r := ended[2]
	a := attrs(r)
	if r.Name() != "receive "+subj || r.SpanKind() != trace.SpanKindClient || a["messaging.batch.message_count"] != "2" ||
		a["messaging.destination.subscription.name"] != "f" || a["messaging.operation.type"] != "receive" ||
		r.Parent().SpanID() != parent.SpanContext().SpanID() || len(r.Links()) != 2 {
		t.Fatalf("batch span %q parent %v links %d attrs %v", r.Name(), r.Parent(), len(r.Links()), a)
	}
	for i, l := range r.Links() {
		if l.SpanContext.SpanID() != prods[i].SpanID() {
			t.Fatalf("link %d %v, want producer %v", i, l.SpanContext, prods[i])
		}
	}
	if f := ended[3]; f.Status().Description != "consumer gone" || attrs(f)["messaging.batch.message_count"] != "" {
		t.Fatalf("failed fetch: %q %v %v", f.Name(), f.Status(), attrs(f))
	}
}
