package sarama

import (
	"sync"
	"testing"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel/trace"
)

// fields stands in for the field the struct rule adds to ProducerMessage
// (the injected accessor is not there in a plain test build).
func fields(t *testing.T) {
	var mu sync.Mutex
	m := map[*sarama.ProducerMessage]*any{}
	messageState = func(pm *sarama.ProducerMessage) *any {
		mu.Lock()
		defer mu.Unlock()
		if m[pm] == nil {
			m[pm] = new(any)
		}
		return m[pm]
	}
	t.Cleanup(func() { messageState = nil })
}

func TestSendSpanFromTakeToAck(t *testing.T) {
	sr, rd := setup(t)
	fields(t)
	hs := make([]sarama.RecordHeader, 1, 4)
	hs[0] = sarama.RecordHeader{Key: []byte("app"), Value: []byte("x")}
	msg := &sarama.ProducerMessage{Topic: "t", Value: sarama.StringEncoder("hello"), Headers: hs}
	SendMessageBefore(nil, nil, msg)
	size := msg.ByteSize(2)
	ByteSizeBefore(nil, msg, 2)
	if msg.ByteSize(2) <= size {
		t.Error("the size does not count the injected header")
	}
	ByteSizeBefore(nil, msg, 2) // later calls (retries, batching) change nothing
	if len(msg.Headers) != 2 || len(hs) != 1 || hs[:2][1].Key != nil {
		t.Fatalf("headers %v, the program's slice %v", msg.Headers, hs[:cap(hs)])
	}
	if len(sr.Ended()) != 0 {
		t.Fatal("span ended before the acknowledgement")
	}
	msg.Partition, msg.Offset = 2, 17
	ReturnSuccessesBefore(nil, nil, []*sarama.ProducerMessage{msg})
	ReturnErrorBefore(nil, nil, msg, nil) // ended once only
	spans := sr.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	s := spans[0]
	a := attrs(s.Attributes())
	if s.Name() != "send t" || s.SpanKind() != trace.SpanKindProducer || a["messaging.message.body.size"] != "5" ||
		a["messaging.destination.partition.id"] != "2" || a["messaging.kafka.offset"] != "17" || s.Status().Code != 0 {
		t.Errorf("span %q %v %v", s.Name(), s.SpanKind(), a)
	}
	if tp := string(msg.Headers[1].Value); string(msg.Headers[1].Key) != "traceparent" || tp[36:52] != s.SpanContext().SpanID().String() {
		t.Errorf("header %s=%s", msg.Headers[1].Key, tp)
	}
	// The consumer side: the process span is the send span's child.
	cm := &sarama.ConsumerMessage{Topic: "t", Partition: 2, Offset: 17, Value: []byte("hello"),
		Headers: []*sarama.RecordHeader{{Key: []byte("traceparent"), Value: msg.Headers[1].Value}}}
	DeliverBefore(nil, nil, cm)
	p := sr.Ended()[1]
	if p.Name() != "process t" || p.SpanKind() != trace.SpanKindConsumer || p.Parent().SpanID() != s.SpanContext().SpanID() ||
		attrs(p.Attributes())["messaging.kafka.offset"] != "17" {
		t.Errorf("process %q %v parent %v %v", p.Name(), p.SpanKind(), p.Parent(), attrs(p.Attributes()))
	}
	// Sent again: a new span, the header replaced rather than repeated.
	ByteSizeBefore(nil, msg, 2)
	ReturnErrorsBefore(nil, nil, []*sarama.ProducerMessage{msg}, sarama.ErrNotLeaderForPartition)
	if len(msg.Headers) != 2 {
		t.Errorf("headers after a second send %v", msg.Headers)
	}
	e := sr.Ended()[2]
	if e.Status().Code != 1 || attrs(e.Attributes())["error.type"] != "sarama.KError" {
		t.Errorf("failed send %v %v", e.Status(), attrs(e.Attributes()))
	}
	if m := metricNames(t, rd); m["messaging.client.sent.messages"] != 2 || m["messaging.process.duration"] != 1 {
		t.Errorf("metrics %v", m)
	}
}

// TestOldRecordFormat: messages for brokers before 0.11 have no headers.
func TestOldRecordFormat(t *testing.T) {
	sr, _ := setup(t)
	fields(t)
	msg := &sarama.ProducerMessage{Topic: "t", Value: sarama.StringEncoder("v")}
	ByteSizeBefore(nil, msg, 1)
	ReturnSuccessesBefore(nil, nil, []*sarama.ProducerMessage{msg})
	if msg.Headers != nil || len(sr.Ended()) != 1 {
		t.Errorf("headers %v spans %d", msg.Headers, len(sr.Ended()))
	}
}

func TestMalformedTraceparentStartsATrace(t *testing.T) {
	sr, _ := setup(t)
	DeliverBefore(nil, nil, &sarama.ConsumerMessage{Topic: "t", Headers: []*sarama.RecordHeader{{Key: []byte("traceparent"), Value: []byte("00-x-01")}, nil}})
	if s := sr.Ended()[0]; s.Parent().IsValid() || attrs(s.Attributes())["messaging.kafka.message.tombstone"] != "true" {
		t.Errorf("parent %v attrs %v", s.Parent(), attrs(s.Attributes()))
	}
}
