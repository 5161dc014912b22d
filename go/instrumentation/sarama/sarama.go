// Package sarama holds the hooks gotel weaves into IBM/sarama
// (github.com/IBM/sarama), following the messaging semantic conventions
// for Kafka (docs/instrumentation/sarama.md):
//
//   - producers (SyncProducer, AsyncProducer): one PRODUCER "send" span per
//     message, from the moment the producer takes it until the broker
//     acknowledges it or the producer gives up; its context goes into the
//     message's record headers. A SyncProducer caller's span is the parent;
//   - consumers (PartitionConsumer, and the claims of a ConsumerGroup):
//     one CONSUMER "process" span per message as it is handed to the
//     program, a child of the producer's span from the record headers.
package sarama

import (
	"context"
	"strconv"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/sarama"

// System is messaging.system.
const System = "kafka"

// Kafka-specific attributes of the conventions.
const (
	KeyOffset    = attribute.Key("messaging.kafka.offset")
	KeyTombstone = attribute.Key("messaging.kafka.message.tombstone")
)

var scope = msgconv.NewScope(ScopeName)

// messageState is registered by the injected file (inject/message.go.txt).
// No initializer: package sarama initialises before this one.
var messageState func(m *sarama.ProducerMessage) *any

// registerMessageState is called from the injected file (its name is part
// of the contract with inject/message.go.txt).
func registerMessageState(f func(m *sarama.ProducerMessage) *any) { messageState = f }

var _ = registerMessageState // referenced only through go:linkname

// pending is a message handed to a SyncProducer, whose caller's span is
// the parent of the send span the producer starts.
type pending struct{ parent trace.SpanContext }

func state(m *sarama.ProducerMessage) *any {
	if messageState == nil || m == nil {
		return nil
	}
	return messageState(m)
}

// SendMessageBefore is woven into (*syncProducer).SendMessage.
func SendMessageBefore(_ *hook.Context, _ any, m *sarama.ProducerMessage) {
	markCaller(m, callerParent())
}

// SendMessagesBefore is woven into (*syncProducer).SendMessages.
func SendMessagesBefore(_ *hook.Context, _ any, msgs []*sarama.ProducerMessage) {
	parent := callerParent()
	for _, m := range msgs {
		markCaller(m, parent)
	}
}

func callerParent() trace.SpanContext {
	return trace.SpanContextFromContext(gls.Parent(context.Background()))
}

func markCaller(m *sarama.ProducerMessage, parent trace.SpanContext) {
	st := state(m)
	if st == nil {
		return
	}
	if _, sending := (*st).(*msgconv.Span); sending {
		return // the program sends a message still in flight: keep its span
	}
	*st = &pending{parent: parent}
}

// ByteSizeBefore is woven into (*sarama.ProducerMessage).ByteSize, which
// the producer's dispatcher calls on every message it takes in (and
// again on retries, and when it batches). The first call starts the send
// span and, for record batches (version 2, Kafka 0.11+; older ones have
// no headers), puts its context into the message's headers before the
// size is computed.
func ByteSizeBefore(_ *hook.Context, m *sarama.ProducerMessage, version int) {
	st := state(m)
	if st == nil {
		return
	}
	ctx := context.Background()
	switch v := (*st).(type) {
	case *msgconv.Span:
		return
	case *pending:
		if v.parent.IsValid() {
			ctx = trace.ContextWithSpanContext(ctx, v.parent)
		}
	}
	op := msgconv.Op{System: System, Type: msgconv.Send, Name: "send", Destination: m.Topic, BodySize: -1}
	if m.Value != nil {
		op.BodySize = safeLength(m.Value)
	} else {
		op.Extra = []attribute.KeyValue{KeyTombstone.Bool(true)}
	}
	sp := msgconv.Start(scope, ctx, &op)
	*st = sp
	if version >= 2 {
		// A new slice: the program's slice (and its spare capacity) and
		// its RecordHeaders are never written to.
		h := make([]sarama.RecordHeader, len(m.Headers), len(m.Headers)+1)
		copy(h, m.Headers)
		msgconv.Inject(sp.Context(), (*recordCarrier)(&h))
		m.Headers = h
	}
}

// safeLength is an Encoder's length; an Encoder that panics is the
// program's to see, not the hook's.
func safeLength(e sarama.Encoder) (n int) {
	defer func() {
		if recover() != nil {
			n = -1
		}
	}()
	return e.Length()
}

// end ends m's send span, if it has one, with err.
func end(m *sarama.ProducerMessage, err error) {
	st := state(m)
	if st == nil {
		return
	}
	sp, _ := (*st).(*msgconv.Span)
	*st = nil
	if sp == nil {
		return
	}
	if err == nil {
		sp.SetAttributes(msgconv.KeyPartitionID.String(strconv.Itoa(int(m.Partition))), KeyOffset.Int64(m.Offset))
	}
	sp.End(err)
}

// ReturnErrorBefore is woven into (*asyncProducer).returnError.
func ReturnErrorBefore(_ *hook.Context, _ any, m *sarama.ProducerMessage, err error) {
	end(m, errOr(err))
}

// ReturnErrorsBefore is woven into (*asyncProducer).returnErrors.
func ReturnErrorsBefore(_ *hook.Context, _ any, batch []*sarama.ProducerMessage, err error) {
	err = errOr(err)
	for _, m := range batch {
		end(m, err)
	}
}

// ReturnSuccessesBefore is woven into (*asyncProducer).returnSuccesses.
func ReturnSuccessesBefore(_ *hook.Context, _ any, batch []*sarama.ProducerMessage) {
	for _, m := range batch {
		end(m, nil)
	}
}

// errOr keeps a failed message's span failed even if the producer gives a
// nil error.
func errOr(err error) error {
	if err == nil {
		return errUnknown
	}
	return err
}

type unknownError struct{}

func (unknownError) Error() string { return "message not delivered" }

var errUnknown error = unknownError{}

// DeliverBefore is woven into (*partitionConsumer).interceptors, called
// for each message just before it is handed to the program's Messages
// channel. The program takes it from the channel in its own code, with no
// library call to observe, so the process span covers the hand-over: it
// puts the delivery in the producer's trace, with its partition and
// offset, and counts it.
func DeliverBefore(_ *hook.Context, _ any, m *sarama.ConsumerMessage) {
	if m == nil {
		return
	}
	op := msgconv.Op{System: System, Type: msgconv.Process, Name: "process", Destination: m.Topic, Delivered: true,
		Partition: strconv.Itoa(int(m.Partition)), BodySize: len(m.Value),
		Extra: []attribute.KeyValue{KeyOffset.Int64(m.Offset)}}
	if m.Value == nil {
		op.Extra = append(op.Extra, KeyTombstone.Bool(true))
	}
	if len(m.Headers) > 0 {
		op.Producer = msgconv.Extract(consumerCarrier(m.Headers))
	}
	msgconv.Start(scope, context.Background(), &op).End(nil)
}

// recordCarrier is gotel's copy of a message's headers as a
// TextMapCarrier.
type recordCarrier []sarama.RecordHeader

func (rc *recordCarrier) Get(key string) string {
	for _, h := range *rc {
		if string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set replaces the header of that name (the program's own traceparent)
// by a new value in the copy, or adds one; the program's bytes are not
// written to.
func (rc *recordCarrier) Set(key, value string) {
	nh := sarama.RecordHeader{Key: []byte(key), Value: []byte(value)}
	for i, h := range *rc {
		if string(h.Key) == key {
			(*rc)[i] = nh
			return
		}
	}
	*rc = append(*rc, nh)
}

func (rc *recordCarrier) Keys() []string {
	keys := make([]string, len(*rc))
	for i, h := range *rc {
		keys[i] = string(h.Key)
	}
	return keys
}

// consumerCarrier reads a consumed message's headers.
type consumerCarrier []*sarama.RecordHeader

func (cc consumerCarrier) Get(key string) string {
	for _, h := range cc {
		if h != nil && string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

func (cc consumerCarrier) Set(string, string) {}

func (cc consumerCarrier) Keys() []string {
	keys := make([]string, 0, len(cc))
	for _, h := range cc {
		if h != nil {
			keys = append(keys, string(h.Key))
		}
	}
	return keys
}
