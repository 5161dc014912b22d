package nats

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

func setup(t *testing.T) *tracetest.SpanRecorder {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return sr
}

const natsAddr = "127.0.0.1:4222"

func connect(t *testing.T) *nats.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", natsAddr, time.Second)
	if err != nil {
		t.Skipf("NATS not reachable on %s: %v", natsAddr, err)
	}
	c.Close()
	nc, err := nats.Connect("nats://" + natsAddr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func attrs(s sdktrace.ReadOnlySpan) map[string]string {
	m := map[string]string{}
	for _, kv := range s.Attributes() {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

func TestWithTrace(t *testing.T) {
	setup(t)
	ctx, sp := otel.Tracer("t").Start(context.Background(), "p")
	defer sp.End()
	tp := "00-" + sp.SpanContext().TraceID().String() + "-" + sp.SpanContext().SpanID().String() + "-01"

	h, err := nats.DecodeHeadersMsg(WithTrace(ctx, nil))
	if err != nil || h.Get("traceparent") != tp || len(h) != 1 {
		t.Fatalf("from nothing: %v %v", h, err)
	}
	orig := []byte("NATS/1.0\r\nApp: x\r\nTraceparent: 00-old\r\nMulti: a\r\nMulti: b\r\n\r\n")
	keep := string(orig)
	got := WithTrace(ctx, orig)
	if string(orig) != keep {
		t.Fatal("the program's header bytes were changed")
	}
	h, err = nats.DecodeHeadersMsg(got)
	if err != nil || h.Get("traceparent") != tp || h.Get("App") != "x" || len(h.Values("Multi")) != 2 || len(h.Values("Traceparent")) != 0 {
		t.Fatalf("with headers: %q -> %v %v", got, h, err)
	}
	bad := []byte("garbage")
	if g := WithTrace(ctx, bad); &g[0] != &bad[0] {
		t.Fatal("an unreadable block must be left as it is")
	}
	// No span: nothing to add.
	if g := WithTrace(context.Background(), orig); &g[0] != &orig[0] {
		t.Fatal("no trace context, yet the block changed")
	}
}

func TestProducerCarrier(t *testing.T) {
	setup(t)
	sc := Producer(nats.Header{"Traceparent": []string{"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}})
	if !sc.IsValid() || sc.TraceID().String() != "0af7651916cd43dd8448eb211c80319c" {
		t.Fatalf("capitalised key: %v", sc)
	}
	if Producer(nats.Header{"traceparent": []string{"00-zz-01"}}).IsValid() {
		t.Fatal("malformed traceparent accepted")
	}
}

// publishTraced calls the hooks around nc.PublishMsg as the weave does
// around the internal publish, sending the header block the hook built,
// and returns the publish span's context.
func publishTraced(t *testing.T, nc *nats.Conn, subj string, data []byte) trace.SpanContext {
	t.Helper()
	var hc hook.Context
	var hdr []byte
	PublishBefore(&hc, nc, subj, "", false, &hdr, data)
	sp, ok := hc.Data().(*msgconv.Span)
	if !ok {
		t.Fatal("no publish span")
	}
	sc := sp.SpanContext()
	h, err := nats.DecodeHeadersMsg(hdr)
	if err != nil {
		t.Fatal(err)
	}
	err = nc.PublishMsg(&nats.Msg{Subject: subj, Header: h, Data: data})
	PublishAfter(&hc, err)
	return sc
}

func TestSubscribeProcessSpan(t *testing.T) {
	sr := setup(t)
	nc := connect(t)
	subj := "gotel.unit." + t.Name()
	got := make(chan string, 2)
	var hc hook.Context
	cb := nats.MsgHandler(func(m *nats.Msg) { got <- string(m.Data) })
	SubscribeBefore(&hc, nc, subj+".*", "grp", &cb, nil, nil, false, nil)
	sub, err := nc.QueueSubscribe(subj+".*", "grp", cb)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	nc.Flush()
	prod := publishTraced(t, nc, subj+".a", []byte("hi"))
	select {
	case v := <-got:
		if v != "hi" {
			t.Fatal(v)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message")
	}
	// A malformed traceparent: a new trace.
	nc.PublishMsg(&nats.Msg{Subject: subj + ".b", Header: nats.Header{"traceparent": []string{"00-bad"}}, Data: []byte("x")})
	<-got
	var procs []sdktrace.ReadOnlySpan
	deadline := time.Now().Add(5 * time.Second)
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
	p := procs[0]
	a := attrs(p)
	if p.Name() != "process "+subj+".*" || p.Parent().SpanID() != prod.SpanID() || p.Parent().TraceID() != prod.TraceID() ||
		a["messaging.destination.name"] != subj+".a" || a["messaging.consumer.group.name"] != "grp" ||
		a["messaging.operation.type"] != "process" || a["server.port"] != "4222" {
		t.Fatalf("process span %q parent %v attrs %v", p.Name(), p.Parent(), a)
	}
	if procs[1].Parent().IsValid() {
		t.Fatal("a malformed traceparent became a parent")
	}
	var pubs int
	for _, s := range sr.Ended() {
		if s.SpanKind() == trace.SpanKindProducer && s.Name() == "publish "+subj+".a" {
			pubs++
		}
	}
	if pubs != 1 {
		t.Fatalf("%d publish spans (the hook must not trace a header it was handed)", pubs)
	}
}

func TestWrapPanic(t *testing.T) {
	sr := setup(t)
	w := Wrap(nil, "s", "", func(*nats.Msg) { panic("boom") })
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Fatalf("recovered %v", r)
			}
		}()
		w(&nats.Msg{Subject: "s", Data: []byte("x")})
	}()
	s := sr.Ended()[0]
	if s.Status().Code != codes.Error {
		t.Fatal("panic not recorded")
	}
	// Statuses and inbox replies are not messages of a producer.
	called := 0
	w = Wrap(nil, "_INBOX.x", "", func(*nats.Msg) { called++ })
	w(&nats.Msg{Subject: "_INBOX.x.y", Data: []byte("ack")})
	w(&nats.Msg{Subject: "s", Header: nats.Header{"Status": []string{"100"}}})
	if called != 2 || len(sr.Ended()) != 1 {
		t.Fatalf("called %d, %d spans", called, len(sr.Ended()))
	}
}

func TestRequestSpan(t *testing.T) {
	sr := setup(t)
	nc := connect(t)
	subj := "gotel.unit.req"
	sub, err := nc.Subscribe(subj, func(m *nats.Msg) {
		m.Respond([]byte(m.Header.Get("traceparent")))
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	nc.Flush()
	ctx, parent := otel.Tracer("t").Start(context.Background(), "parent")
	var hc hook.Context
	var hdr []byte
	RequestCtxBefore(&hc, nc, ctx, subj, &hdr, []byte("q"))
	if !isOwned(hdr) {
		t.Fatal("the request's header block is not marked")
	}
	// The internal publish the request makes gets no span of its own.
	var pc hook.Context
	PublishBefore(&pc, nc, subj, "_INBOX.r", false, &hdr, nil)
	PublishAfter(&pc, nil)
	h, _ := nats.DecodeHeadersMsg(hdr)
	rep, err := nc.RequestMsgWithContext(ctx, &nats.Msg{Subject: subj, Header: h})
	RequestAfter(&hc, rep, err)
	parent.End()
	if err != nil {
		t.Fatal(err)
	}
	if isOwned(hdr) {
		t.Fatal("marker left behind")
	}
	ended := sr.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans", len(ended))
	}
	r := ended[0]
	if r.Name() != "request "+subj || r.SpanKind() != trace.SpanKindProducer || r.Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Fatalf("request span %q %v", r.Name(), r.Parent())
	}
	if !strings.Contains(string(rep.Data), r.SpanContext().SpanID().String()) {
		t.Fatalf("responder saw traceparent %q, want the request span's", rep.Data)
	}
	// A failing request records the error the program gets.
	var fc hook.Context
	var fh []byte
	RequestBefore(&fc, nc, "gotel.unit.nobody", &fh, nil, time.Second)
	_, err = nc.Request("gotel.unit.nobody", nil, time.Second)
	RequestAfter(&fc, nil, err)
	last := sr.Ended()[2]
	if !errors.Is(err, nats.ErrNoResponders) || last.Status().Code != codes.Error {
		t.Fatalf("err %v, status %v", err, last.Status())
	}
}

func TestNextMsgReceive(t *testing.T) {
	sr := setup(t)
	nc := connect(t)
	subj := "gotel.unit.sync"
	sub, err := nc.SubscribeSync(subj)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	nc.Flush()
	prod := publishTraced(t, nc, subj, []byte("abc"))
	var hc hook.Context
	NextMsgBefore(&hc, sub, time.Second)
	m, err := sub.NextMsg(5 * time.Second)
	NextMsgAfter(&hc, m, err)
	// A timeout makes no span.
	var tc hook.Context
	NextMsgBefore(&tc, sub, 10*time.Millisecond)
	m2, err2 := sub.NextMsg(10 * time.Millisecond)
	NextMsgAfter(&tc, m2, err2)
	var recv []sdktrace.ReadOnlySpan
	for _, s := range sr.Ended() {
		if s.SpanKind() == trace.SpanKindClient {
			recv = append(recv, s)
		}
	}
	if len(recv) != 1 {
		t.Fatalf("%d receive spans", len(recv))
	}
	r := recv[0]
	if r.Name() != "receive "+subj || len(r.Links()) != 1 || r.Links()[0].SpanContext.SpanID() != prod.SpanID() ||
		attrs(r)["messaging.message.body.size"] != "3" {
		t.Fatalf("receive span %q links %v attrs %v", r.Name(), r.Links(), attrs(r))
	}
}

// The legacy JetStreamContext pull: one receive span per Fetch batch,
// linked to each producer.
func TestLegacyFetch(t *testing.T) {
	sr := setup(t)
	nc := connect(t)
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("GOTEL_UNIT_LF_%d", time.Now().UnixNano())
	subj := "gotel.unit.lf." + name
	if _, err := js.AddStream(&nats.StreamConfig{Name: name, Subjects: []string{subj}}); err != nil {
		t.Skipf("no JetStream: %v", err)
	}
	defer js.DeleteStream(name)
	var prods []trace.SpanContext
	for i := 0; i < 3; i++ {
		prods = append(prods, publishTraced(t, nc, subj, []byte("m")))
	}
	sub, err := js.PullSubscribe(subj, "lf")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	// The stream got the three messages: Flush and a bounded wait on the
	// stream's count, no sleep.
	deadline := time.Now().Add(5 * time.Second)
	for {
		si, err := js.StreamInfo(name)
		if err == nil && si.State.Msgs == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stream state %v %v", si, err)
		}
		nc.Flush()
	}
	before := len(sr.Ended())
	var hc hook.Context
	FetchBefore(&hc, sub, 10, nil)
	msgs, err := sub.Fetch(10, nats.MaxWait(2*time.Second))
	FetchAfter(&hc, msgs, err)
	if err != nil || len(msgs) != 3 {
		t.Fatalf("fetched %d, %v", len(msgs), err)
	}
	// Nothing left: the empty, timed-out fetch makes no span.
	var ec hook.Context
	FetchBefore(&ec, sub, 1, nil)
	none, err := sub.Fetch(1, nats.MaxWait(100*time.Millisecond))
	FetchAfter(&ec, none, err)
	if !errors.Is(err, nats.ErrTimeout) {
		t.Fatalf("empty fetch: %d %v", len(none), err)
	}
	ended := sr.Ended()[before:]
	if len(ended) != 1 {
		t.Fatalf("%d spans", len(ended))
	}
	r := ended[0]
	a := attrs(r)
	if r.Name() != "receive "+subj || r.SpanKind() != trace.SpanKindClient || a["messaging.operation.type"] != "receive" ||
		a["messaging.batch.message_count"] != "3" || a["messaging.destination.subscription.name"] != "lf" || len(r.Links()) != 3 {
		t.Fatalf("batch span %q %v links %d", r.Name(), a, len(r.Links()))
	}
	for i, l := range r.Links() {
		if l.SpanContext.SpanID() != prods[i].SpanID() {
			t.Fatalf("link %d: %v, want producer %v", i, l.SpanContext, prods[i])
		}
	}
}

// The delivery hooks of channel subscriptions, with stand-ins for the
// accessors gotel injects into package nats (the injected file itself is
// compiled and run by the e2e test).
func TestChanDelivery(t *testing.T) {
	sr := setup(t)
	nc := connect(t)
	ch := make(chan *nats.Msg, 4)
	var sc hook.Context
	SubscribeBefore(&sc, nc, "gotel.unit.chan.*", "q", nil, ch, nil, false, nil)
	if !chanSubs.Load() {
		t.Fatal("a channel subscription did not turn the delivery hooks on")
	}
	sub, err := nc.ChanQueueSubscribe("gotel.unit.chan.*", "q", ch)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	inbox, err := nc.ChanSubscribe(nats.NewInbox(), make(chan *nats.Msg, 1))
	if err != nil {
		t.Fatal(err)
	}
	defer inbox.Unsubscribe()

	ctx, prod := otel.Tracer("t").Start(context.Background(), "producer")
	hdr := WithTrace(ctx, nil)
	prod.End()
	data := append(append([]byte{}, hdr...), "body"...)
	var cur *nats.Subscription
	var delivered uint64
	defer registerChanAccessors(currentChanSub, chanDelivered)
	registerChanAccessors(func(*nats.Conn) (*nats.Subscription, []byte, int, uint64, bool) {
		return cur, []byte("gotel.unit.chan.a"), len(hdr), 0, false
	}, func(*nats.Subscription) uint64 { return delivered })

	deliver := func(s *nats.Subscription, took bool) {
		cur, delivered = s, 0
		var c hook.Context
		ProcessMsgBefore(&c, nc, data)
		if took {
			delivered = 1
		}
		ProcessMsgAfter(&c)
	}
	before := len(sr.Ended())
	deliver(sub, true)
	deliver(sub, false)  // dropped (slow consumer): no span
	deliver(inbox, true) // the library's own inbox: no span
	deliver(nil, true)   // not a channel subscription
	ended := sr.Ended()[before:]
	if len(ended) != 1 {
		t.Fatalf("%d spans", len(ended))
	}
	r := ended[0]
	a := attrs(r)
	if r.Name() != "receive gotel.unit.chan.*" || r.SpanKind() != trace.SpanKindClient ||
		r.Parent().SpanID() != prod.SpanContext().SpanID() || r.SpanContext().TraceID() != prod.SpanContext().TraceID() ||
		a["messaging.destination.name"] != "gotel.unit.chan.a" || a["messaging.consumer.group.name"] != "q" ||
		a["messaging.message.body.size"] != "4" || a["messaging.operation.type"] != "receive" {
		t.Fatalf("receive span %q parent %v attrs %v", r.Name(), r.Parent(), a)
	}
}

func TestHeaderValue(t *testing.T) {
	hdr := []byte("NATS/1.0\r\ntraceparent: 00-x\r\nnats-msg-id:  id-1 \r\nOther: y\r\n\r\n")
	if got := headerValue(hdr, msgIDHeader); got != "id-1" {
		t.Errorf("headerValue = %q, want id-1", got)
	}
	if got := headerValue(hdr, "Missing"); got != "" {
		t.Errorf("missing key gave %q", got)
	}
	if got := headerValue(nil, msgIDHeader); got != "" {
		t.Errorf("no header gave %q", got)
	}
}
