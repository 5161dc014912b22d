package kafkago

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

// TestWriteInjectsIntoCopies: the records carry the send span's context;
// the program's slice, messages and header slices stay as they were.
func TestWriteInjectsIntoCopies(t *testing.T) {
	sr, rd := setup(t)
	hs := make([]kafka.Header, 1, 4)
	hs[0] = kafka.Header{Key: "app", Value: []byte("x")}
	prog := []kafka.Message{{Topic: "t", Value: []byte("one"), Headers: hs}, {Topic: "t", Value: []byte("two")}}
	msgs := prog
	w := &kafka.Writer{Addr: kafka.TCP("127.0.0.1:9092")}
	var c hook.Context
	WriteMessagesBefore(&c, w, context.Background(), &msgs)
	WriteMessagesAfter(&c, nil)
	if len(prog[0].Headers) != 1 || hs[:2][1].Key != "" || prog[1].Headers != nil {
		t.Fatalf("the program's messages changed: %+v (backing %v)", prog, hs[:cap(hs)])
	}
	s := sr.Ended()[0]
	a := attrs(s.Attributes())
	if s.Name() != "send t" || s.SpanKind() != trace.SpanKindProducer || a["messaging.batch.message_count"] != "2" ||
		a["messaging.system"] != "kafka" || a["server.address"] != "127.0.0.1" || a["server.port"] != "9092" {
		t.Errorf("span %q %v %v", s.Name(), s.SpanKind(), a)
	}
	for i, m := range msgs {
		hc := headerCarrier(m.Headers)
		if tp := hc.Get("traceparent"); len(tp) != 55 || tp[36:52] != s.SpanContext().SpanID().String() {
			t.Errorf("record %d traceparent %q", i, tp)
		}
	}
	if m := metricNames(t, rd); m["messaging.client.sent.messages"] != 2 {
		t.Errorf("metrics %v", m)
	}
}

// TestWriteToABrokerThatIsDown calls the real Writer between the hooks.
func TestWriteToABrokerThatIsDown(t *testing.T) {
	sr, _ := setup(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	w := &kafka.Writer{Addr: kafka.TCP(addr), Topic: "t", MaxAttempts: 1}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	msgs := []kafka.Message{{Value: []byte("v")}}
	var c hook.Context
	WriteMessagesBefore(&c, w, ctx, &msgs)
	err = w.WriteMessages(ctx, msgs...)
	WriteMessagesAfter(&c, err)
	if err == nil {
		t.Fatal("write to a closed port succeeded")
	}
	s := sr.Ended()[0]
	if s.Status().Code != 1 || attrs(s.Attributes())["error.type"] == "" || attrs(s.Attributes())["messaging.message.body.size"] != "1" {
		t.Errorf("status %v attrs %v", s.Status(), attrs(s.Attributes()))
	}
}

func fetch(r *kafka.Reader, ctx context.Context, m kafka.Message, err error) {
	var c hook.Context
	FetchMessageBefore(&c, r, ctx)
	FetchMessageAfter(&c, m, err)
}

func TestReceiveParents(t *testing.T) {
	sr, _ := setup(t)
	prod := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled})
	tp := "00-" + prod.TraceID().String() + "-" + prod.SpanID().String() + "-01"
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"127.0.0.1:9092"}, Topic: "t", GroupID: "g"})
	defer r.Close()
	m := kafka.Message{Topic: "t", Partition: 3, Offset: 42, Value: []byte("abc"), Headers: []kafka.Header{{Key: "traceparent", Value: []byte(tp)}}}

	// No span of the program's: the producer is the parent, and linked.
	fetch(r, context.Background(), m, nil)
	s := sr.Ended()[0]
	a := attrs(s.Attributes())
	if s.Name() != "receive t" || s.SpanKind() != trace.SpanKindClient || s.Parent().SpanID() != prod.SpanID() ||
		len(s.Links()) != 1 || s.Links()[0].SpanContext.SpanID() != prod.SpanID() {
		t.Errorf("receive %q %v parent %v links %v", s.Name(), s.SpanKind(), s.Parent(), s.Links())
	}
	if a["messaging.destination.partition.id"] != "3" || a["messaging.kafka.offset"] != "42" || a["messaging.consumer.group.name"] != "g" ||
		a["messaging.message.body.size"] != "3" || a["server.port"] != "9092" {
		t.Errorf("attrs %v", a)
	}
	// Under a span of the program's: that span is the parent, the
	// producer a link.
	own := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{9}, SpanID: trace.SpanID{8}, TraceFlags: trace.FlagsSampled})
	fetch(r, trace.ContextWithSpanContext(context.Background(), own), m, nil)
	s = sr.Ended()[1]
	if s.Parent().SpanID() != own.SpanID() || len(s.Links()) != 1 || s.Links()[0].SpanContext.SpanID() != prod.SpanID() {
		t.Errorf("receive under a span: parent %v links %v", s.Parent(), s.Links())
	}
	// Malformed traceparent: a new trace, no link.
	m.Headers = []kafka.Header{{Key: "traceparent", Value: []byte("00-bad-01")}}
	fetch(r, context.Background(), m, nil)
	if s = sr.Ended()[2]; s.Parent().IsValid() || len(s.Links()) != 0 {
		t.Errorf("malformed: parent %v links %v", s.Parent(), s.Links())
	}
	// An error: recorded, nothing counted as consumed.
	fetch(r, context.Background(), kafka.Message{}, context.Canceled)
	if s = sr.Ended()[3]; s.Status().Code != 1 || attrs(s.Attributes())["error.type"] != "context.Canceled" {
		t.Errorf("error span %v", attrs(s.Attributes()))
	}
}

func TestCommit(t *testing.T) {
	sr, _ := setup(t)
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"127.0.0.1:9092"}, Topic: "t", GroupID: "g"})
	defer r.Close()
	var c hook.Context
	CommitMessagesBefore(&c, r, context.Background(), []kafka.Message{{Topic: "t", Partition: 1, Offset: 7}})
	CommitMessagesAfter(&c, errors.New("no coordinator"))
	s := sr.Ended()[0]
	a := attrs(s.Attributes())
	if s.Name() != "commit t" || s.SpanKind() != trace.SpanKindClient || a["messaging.operation.type"] != "settle" ||
		a["messaging.kafka.offset"] != "7" || s.Status().Code != 1 {
		t.Errorf("commit %q %v %v", s.Name(), s.SpanKind(), a)
	}
}
