package msgconv

import (
	"context"
	"errors"
	"testing"
	"time"
	"unsafe"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/instr/instrtest"
)

func setup(t *testing.T) (*tracetest.SpanRecorder, *sdkmetric.ManualReader) {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return instrtest.Setup(t)
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestSendThenProcessIsOneTrace(t *testing.T) {
	sr, rd := setup(t)
	s := NewScope("gotel.dev/test")
	ctx, parent := otel.Tracer("t").Start(context.Background(), "request")

	send := Start(s, ctx, &Op{System: "rabbitmq", Type: Send, Name: "publish", Destination: "orders",
		BodySize: 5, ServerAddress: "127.0.0.1", ServerPort: 5672})
	headers := propagation.MapCarrier{}
	Inject(send.Context(), headers)
	send.End(nil)
	send.End(nil) // a second End does nothing
	parent.End()

	consumerCtx, other := otel.Tracer("t").Start(context.Background(), "consumer loop")
	proc := Start(s, consumerCtx, &Op{System: "rabbitmq", Type: Process, Name: "process", Destination: "orders",
		Producer: Extract(headers), MessageID: "m1", BodySize: -1})
	proc.End(errors.New("boom"))
	other.End()

	spans := sr.Ended()
	if len(spans) != 4 {
		t.Fatalf("%d spans", len(spans))
	}
	ps, pr := spans[0], spans[2]
	if ps.Name() != "publish orders" || ps.SpanKind() != trace.SpanKindProducer ||
		ps.Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("send span: %s %v parent %v", ps.Name(), ps.SpanKind(), ps.Parent())
	}
	a := attrs(ps)
	if a["messaging.system"].AsString() != "rabbitmq" || a["messaging.operation.type"].AsString() != "send" ||
		a["messaging.message.body.size"].AsInt64() != 5 || a["server.port"].AsInt64() != 5672 {
		t.Errorf("send attributes: %v", a)
	}
	if pr.Name() != "process orders" || pr.SpanKind() != trace.SpanKindConsumer ||
		pr.Parent().SpanID() != ps.SpanContext().SpanID() || pr.SpanContext().TraceID() != ps.SpanContext().TraceID() {
		t.Errorf("process span is not the send span's child: %s parent %v", pr.Name(), pr.Parent())
	}
	if l := pr.Links(); len(l) != 1 || l[0].SpanContext.SpanID() != other.SpanContext().SpanID() {
		t.Errorf("process span does not link the ambient span: %v", l)
	}
	if pr.Status().Code != codes.Error || attrs(pr)["error.type"].AsString() != "*errors.errorString" {
		t.Errorf("process error: %v %v", pr.Status(), attrs(pr))
	}
	if _, ok := attrs(pr)["messaging.message.body.size"]; ok {
		t.Errorf("unknown body size exported")
	}

	got := instrtest.MetricTotals(t, rd)
	want := map[string]float64{operationDurationName: 1, processDurationName: 1, sentName: 1, consumedName: 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
}

func TestNamesAndKinds(t *testing.T) {
	for _, c := range []struct {
		op   Op
		name string
		kind trace.SpanKind
	}{
		{Op{Type: Receive, Name: "receive", Destination: "q"}, "receive q", trace.SpanKindClient},
		{Op{Type: Settle, Name: "ack", Destination: "q"}, "ack q", trace.SpanKindClient},
		{Op{Type: Create, Name: "create", Destination: "t"}, "create t", trace.SpanKindProducer},
		{Op{Type: Send, Name: "publish", Destination: "_INBOX.abc", Temporary: true}, "publish", trace.SpanKindProducer},
		{Op{Type: Send, Name: "publish", Destination: "orders.42", Template: "orders.*"}, "publish orders.*", trace.SpanKindProducer},
		{Op{Type: Send, Name: "publish", Anonymous: true}, "publish", trace.SpanKindProducer},
	} {
		if n := c.op.SpanName(); n != c.name {
			t.Errorf("%+v: name %q, want %q", c.op, n, c.name)
		}
		if k := c.op.Type.kind(); k != c.kind {
			t.Errorf("%+v: kind %v, want %v", c.op, k, c.kind)
		}
	}
}

func TestMalformedProducerStartsNewTrace(t *testing.T) {
	sr, _ := setup(t)
	s := NewScope("gotel.dev/test")
	sc := Extract(propagation.MapCarrier{"traceparent": "00-zz-not-a-trace-01"})
	if sc.IsValid() {
		t.Fatal("malformed traceparent extracted")
	}
	Start(s, nil, &Op{System: "nats", Type: Process, Name: "process", Destination: "d", Producer: sc}).End(nil)
	sp := sr.Ended()[0]
	if sp.Parent().IsValid() || len(sp.Links()) != 0 {
		t.Errorf("span has a parent or links: %v %v", sp.Parent(), sp.Links())
	}
}

func TestErrorType(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := ErrorType(ctx.Err()); got != "context.Canceled" {
		t.Errorf("canceled: %s", got)
	}
	if got := ErrorType(context.DeadlineExceeded); got != "context.DeadlineExceeded" {
		t.Errorf("deadline: %s", got)
	}
}

func TestStartTime(t *testing.T) {
	sr, _ := setup(t)
	s := NewScope("gotel.dev/test")
	began := time.Now().Add(-time.Second)
	sp := Start(s, context.Background(), &Op{System: "nats", Type: Receive, Name: "receive", Destination: "a", StartTime: began})
	sp.End(nil)
	got := sr.Ended()[0].StartTime()
	if !got.Equal(began) {
		t.Fatalf("start %v, want %v", got, began)
	}
}

// A hook's string arguments may live in memory the caller reuses: the span
// keeps copies.
func TestStartCopiesStrings(t *testing.T) {
	sr, _ := setup(t)
	s := NewScope("gotel.dev/test")
	b := []byte("orders")
	k := []byte("key-1")
	sp := Start(s, context.Background(), &Op{System: "rabbitmq", Type: Send, Name: "publish",
		Destination: unsafe.String(&b[0], len(b)),
		Extra:       []attribute.KeyValue{attribute.String("k", unsafe.String(&k[0], len(k)))}})
	copy(b, "XXXXXX")
	copy(k, "YYYYY")
	sp.End(nil)
	got := sr.Ended()[0]
	a := attrs(got)
	if got.Name() != "publish orders" || a[KeyDestinationName].AsString() != "orders" || a["k"].AsString() != "key-1" {
		t.Fatalf("span %q attributes %v", got.Name(), a)
	}
}

func TestDeliveredIgnoresTheGoroutinesSpan(t *testing.T) {
	sr, _ := setup(t)
	s := NewScope("test/delivered")
	Start(s, context.Background(), &Op{System: "mqtt", Type: Process, Name: "process", Destination: "t", Delivered: true}).End(nil)
	prod := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled, Remote: true})
	Start(s, context.Background(), &Op{System: "mqtt", Type: Process, Name: "process", Destination: "t", Delivered: true, Producer: prod}).End(nil)
	spans := sr.Ended()
	if len(spans) != 2 || spans[0].Parent().IsValid() || spans[1].Parent().SpanID() != prod.SpanID() || len(spans[1].Links()) != 0 {
		t.Fatalf("spans %v", spans)
	}
}
