// Package kafkago holds the hooks gotel weaves into segmentio/kafka-go
// (github.com/segmentio/kafka-go), following the messaging semantic
// conventions for Kafka (docs/instrumentation/kafkago.md):
//
//   - Writer.WriteMessages: one PRODUCER "send" span per call (a batch
//     when it carries several messages), whose context goes into the
//     headers of every record the call writes;
//   - Reader.FetchMessage (and ReadMessage, which calls it): one CLIENT
//     "receive" span per message, linked to the producer's span; its
//     parent is the program's span (from the context, else the
//     goroutine's), and the producer's span when the program has none, so
//     a plain consumer loop continues the producer's trace;
//   - Reader.CommitMessages (and ReadMessage's commit in a group): a
//     CLIENT "settle" span.
package kafkago

import (
	"context"
	"net"
	"strconv"
	"time"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

// ScopeName is the instrumentation scope of every span and metric made here.
const ScopeName = "gotel.dev/instrumentation/kafkago"

// System is messaging.system.
const System = "kafka"

// Kafka-specific attributes of the conventions.
const (
	KeyOffset    = attribute.Key("messaging.kafka.offset")
	KeyTombstone = attribute.Key("messaging.kafka.message.tombstone")
)

var scope = msgconv.NewScope(ScopeName)

// WriteMessagesBefore is woven into (*kafka.Writer).WriteMessages. The
// records get the trace context through a copy of the program's slice
// whose messages have copies of their headers: the program's messages and
// header slices are never written to.
func WriteMessagesBefore(c *hook.Context, w *kafka.Writer, ctx context.Context, msgs *[]kafka.Message) {
	if w == nil || msgs == nil || len(*msgs) == 0 || (ctx != nil && hook.Suppressed(ctx)) {
		return
	}
	in := *msgs
	op := msgconv.Op{System: System, Type: msgconv.Send, Name: "send", Destination: w.Topic, BodySize: -1}
	if op.Destination == "" {
		op.Destination = commonTopic(in)
	}
	if len(in) == 1 {
		op.BodySize = len(in[0].Value)
		if in[0].Value == nil {
			op.Extra = []attribute.KeyValue{KeyTombstone.Bool(true)}
		}
	} else {
		op.Batch = len(in)
	}
	op.ServerAddress, op.ServerPort = addrPort(w.Addr)
	sp := msgconv.Start(scope, ctx, &op)
	out := make([]kafka.Message, len(in))
	copy(out, in)
	for i := range out {
		h := make([]kafka.Header, len(out[i].Headers), len(out[i].Headers)+2)
		copy(h, out[i].Headers)
		out[i].Headers = h
		msgconv.Inject(sp.Context(), (*headerCarrier)(&out[i].Headers))
	}
	*msgs = out
	c.SetData(sp)
}

// commonTopic is the topic every message names, "" when they differ.
func commonTopic(msgs []kafka.Message) string {
	t := msgs[0].Topic
	for _, m := range msgs[1:] {
		if m.Topic != t {
			return ""
		}
	}
	return t
}

// WriteMessagesAfter ends the send span with the call's error (for an
// asynchronous Writer, the call only queues the messages).
func WriteMessagesAfter(c *hook.Context, err error) {
	if sp, _ := c.Data().(*msgconv.Span); sp != nil {
		sp.End(err)
	}
}

type fetchCall struct {
	r     *kafka.Reader
	ctx   context.Context
	start time.Time
}

// FetchMessageBefore is woven into (*kafka.Reader).FetchMessage.
func FetchMessageBefore(c *hook.Context, r *kafka.Reader, ctx context.Context) {
	if r == nil || (ctx != nil && hook.Suppressed(ctx)) {
		return
	}
	if ctx == nil {
		ctx = context.Background()
	}
	c.SetData(&fetchCall{r: r, ctx: ctx, start: time.Now()})
}

// FetchMessageAfter starts and ends the receive span, back-dated to the
// call: only now is the message, and so its producer, known.
func FetchMessageAfter(c *hook.Context, m kafka.Message, err error) {
	fc, _ := c.Data().(*fetchCall)
	if fc == nil {
		return
	}
	cfg := fc.r.Config()
	op := msgconv.Op{System: System, Type: msgconv.Receive, Name: "receive", Destination: cfg.Topic,
		ConsumerGroup: cfg.GroupID, BodySize: -1, StartTime: fc.start}
	if len(cfg.Brokers) == 1 {
		op.ServerAddress, op.ServerPort = splitHostPort(cfg.Brokers[0])
	}
	ctx := fc.ctx
	if err == nil {
		op.Destination = m.Topic
		op.Partition = strconv.Itoa(m.Partition)
		op.BodySize = len(m.Value)
		op.Extra = []attribute.KeyValue{KeyOffset.Int64(m.Offset)}
		if m.Value == nil {
			op.Extra = append(op.Extra, KeyTombstone.Bool(true))
		}
		op.Producer = msgconv.Extract((*headerCarrier)(&m.Headers))
		if op.Producer.IsValid() && !trace.SpanContextFromContext(gls.Parent(ctx)).IsValid() {
			// No span of the program's: the receive continues the
			// producer's trace (and still links to it).
			ctx = trace.ContextWithRemoteSpanContext(ctx, op.Producer)
		}
	}
	msgconv.Start(scope, ctx, &op).End(err)
}

// CommitMessagesBefore is woven into (*kafka.Reader).CommitMessages.
func CommitMessagesBefore(c *hook.Context, r *kafka.Reader, ctx context.Context, msgs []kafka.Message) {
	if r == nil || len(msgs) == 0 || (ctx != nil && hook.Suppressed(ctx)) {
		return
	}
	cfg := r.Config()
	op := msgconv.Op{System: System, Type: msgconv.Settle, Name: "commit", Destination: commonTopic(msgs),
		ConsumerGroup: cfg.GroupID, BodySize: -1}
	if len(msgs) > 1 {
		op.Batch = len(msgs)
	} else {
		op.Partition = strconv.Itoa(msgs[0].Partition)
		op.Extra = []attribute.KeyValue{KeyOffset.Int64(msgs[0].Offset)}
	}
	if len(cfg.Brokers) == 1 {
		op.ServerAddress, op.ServerPort = splitHostPort(cfg.Brokers[0])
	}
	c.SetData(msgconv.Start(scope, ctx, &op))
}

// CommitMessagesAfter ends the settle span.
func CommitMessagesAfter(c *hook.Context, err error) {
	if sp, _ := c.Data().(*msgconv.Span); sp != nil {
		sp.End(err)
	}
}

// headerCarrier is a record's headers as a TextMapCarrier.
type headerCarrier []kafka.Header

func (hc *headerCarrier) Get(key string) string {
	for _, h := range *hc {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set replaces the header of that name (the program's own traceparent)
// or adds one; it is only called on gotel's copy of the headers.
func (hc *headerCarrier) Set(key, value string) {
	for i, h := range *hc {
		if h.Key == key {
			(*hc)[i].Value = []byte(value)
			return
		}
	}
	*hc = append(*hc, kafka.Header{Key: key, Value: []byte(value)})
}

func (hc *headerCarrier) Keys() []string {
	keys := make([]string, len(*hc))
	for i, h := range *hc {
		keys[i] = h.Key
	}
	return keys
}

// addrPort is the broker of a Writer's Addr when it names one.
func addrPort(a net.Addr) (string, int) {
	if a == nil {
		return "", 0
	}
	return splitHostPort(a.String())
}

func splitHostPort(s string) (string, int) {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0 // several brokers ("a:9092,b:9092") or no port
	}
	p, _ := strconv.Atoi(port)
	return host, p
}
