// Package msgconv holds the messaging semantic conventions that every
// messaging instrumentation shares (RabbitMQ, NATS, MQTT, Kafka, ...): span
// names and kinds, attributes, the operation and processing duration
// histograms and the sent/consumed message counters, error.type, and
// carrying the trace context through message headers. A library module
// describes each operation with an Op and brackets it with Start and End;
// what is specific to the library (where its headers live, which calls are
// which operations) stays in the library's module.
//
// The conventions are those of semantic conventions 1.43 (messaging is
// still marked development there): a "send" or "create" span is of kind
// PRODUCER, "process" CONSUMER, "receive" and "settle" CLIENT; the span
// name is "{operation name} {destination}", the destination being left
// out when it is temporary or anonymous (a reply inbox would make names
// unbounded).
package msgconv

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unsafe"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/instr"
)

// SchemaURL is the semantic conventions version these spans follow.
const SchemaURL = "https://opentelemetry.io/schemas/1.43.0"

// Attribute keys, spelled out rather than importing a semconv package (it
// would initialise thousands of variables in every instrumented program).
const (
	KeySystem             = attribute.Key("messaging.system")
	KeyOperationName      = attribute.Key("messaging.operation.name")
	KeyOperationType      = attribute.Key("messaging.operation.type")
	KeyDestinationName    = attribute.Key("messaging.destination.name")
	KeyDestinationTmpl    = attribute.Key("messaging.destination.template")
	KeyDestinationTemp    = attribute.Key("messaging.destination.temporary")
	KeyDestinationAnon    = attribute.Key("messaging.destination.anonymous")
	KeyPartitionID        = attribute.Key("messaging.destination.partition.id")
	KeySubscriptionName   = attribute.Key("messaging.destination.subscription.name")
	KeyConsumerGroup      = attribute.Key("messaging.consumer.group.name")
	KeyMessageID          = attribute.Key("messaging.message.id")
	KeyConversationID     = attribute.Key("messaging.message.conversation_id")
	KeyBodySize           = attribute.Key("messaging.message.body.size")
	KeyBatchMessageCount  = attribute.Key("messaging.batch.message_count")
	KeyClientID           = attribute.Key("messaging.client.id")
	KeyServerAddress      = attribute.Key("server.address")
	KeyServerPort         = attribute.Key("server.port")
	KeyErrorType          = attribute.Key("error.type")
	operationDurationName = "messaging.client.operation.duration"
	processDurationName   = "messaging.process.duration"
	sentName              = "messaging.client.sent.messages"
	consumedName          = "messaging.client.consumed.messages"
)

// Type is messaging.operation.type.
type Type uint8

const (
	Send    Type = iota // messages handed to the broker (PRODUCER)
	Create              // one message created for a later batch send (PRODUCER)
	Receive             // messages pulled by the program (CLIENT)
	Process             // a delivered message handled by the program (CONSUMER)
	Settle              // ack, nack, reject (CLIENT)
)

var typeNames = [...]string{Send: "send", Create: "create", Receive: "receive", Process: "process", Settle: "settle"}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "_OTHER"
}

func (t Type) kind() trace.SpanKind {
	switch t {
	case Send, Create:
		return trace.SpanKindProducer
	case Process:
		return trace.SpanKindConsumer
	}
	return trace.SpanKindClient
}

// Instruments are a messaging scope's tracer and metric instruments.
type Instruments struct {
	tracer   trace.Tracer
	opDur    metric.Float64Histogram
	procDur  metric.Float64Histogram
	sent     metric.Int64Counter
	consumed metric.Int64Counter
}

// Scope is one instrumentation's messaging scope.
type Scope = instr.Scope[Instruments]

// NewScope returns the scope of the instrumentation module named name.
func NewScope(name string) *Scope {
	return instr.New(name, SchemaURL, func(t trace.Tracer, m metric.Meter) *Instruments {
		return &Instruments{
			tracer:   t,
			opDur:    instr.Histogram(m, operationDurationName, "Duration of messaging operation initiated by a producer or consumer client.", "s", instr.DurationBuckets...),
			procDur:  instr.Histogram(m, processDurationName, "Duration of processing operation.", "s", instr.DurationBuckets...),
			sent:     instr.Counter(m, sentName, "Number of messages producer attempted to send to the broker.", "{message}"),
			consumed: instr.Counter(m, consumedName, "Number of messages that were delivered to the application.", "{message}"),
		}
	})
}

// Op describes one messaging operation. Empty strings and non-positive
// numbers are left out of the telemetry.
type Op struct {
	System        string // messaging.system: "rabbitmq", "nats", "mqtt", "kafka"
	Type          Type
	Name          string // messaging.operation.name, the library's word: "publish", "receive", "ack"
	Destination   string // exchange, subject, topic, queue
	Template      string // the destination's template, when it has one (used in the span name)
	Temporary     bool   // a destination that lives only as long as its client (a reply inbox)
	Anonymous     bool   // a destination without a name of its own (the default exchange)
	Partition     string
	Subscription  string
	ConsumerGroup string
	MessageID     string
	Conversation  string
	ClientID      string
	BodySize      int // bytes of one message's body; < 0 unknown
	Batch         int // > 0: messages in a batch operation (messaging.batch.message_count)
	ServerAddress string
	ServerPort    int

	// Producer is the context the message was sent under, extracted from
	// its headers. A process span of one message becomes its child (the
	// consumer's work is in the producer's trace); a receive span or a
	// batch links to it instead. Links holds more producers for a batch.
	Producer trace.SpanContext
	Links    []trace.Link

	// Delivered marks a message a library delivers on a goroutine of its
	// own (a subscription callback, a consumer's feeder): that goroutine's
	// span is the span of whatever started the library, not the
	// message's, so a process span gets no parent but the producer, and
	// starts a new trace without one.
	Delivered bool

	// NoCount leaves the operation out of the sent/consumed counters (a
	// process span of a message already counted at receive).
	NoCount bool
	// Extra attributes for the span only (library-specific ones).
	Extra []attribute.KeyValue
	// StartTime, when set, is when the operation began (a receive whose
	// destination is known only once it returned); zero is now.
	StartTime time.Time
}

// own replaces op's strings (and the string values of Extra) by copies
// in one allocation.
func (op *Op) own() {
	strs := [...]*string{&op.System, &op.Name, &op.Destination, &op.Template, &op.Partition,
		&op.Subscription, &op.ConsumerGroup, &op.MessageID, &op.Conversation, &op.ClientID, &op.ServerAddress}
	n := 0
	for _, p := range strs {
		n += len(*p)
	}
	extra := false
	for _, kv := range op.Extra {
		if kv.Value.Type() == attribute.STRING {
			n += len(kv.Value.AsString())
			extra = true
		}
	}
	if n == 0 {
		return
	}
	buf := make([]byte, 0, n)
	take := func(v string) string {
		if v == "" {
			return ""
		}
		i := len(buf)
		buf = append(buf, v...)
		return unsafe.String(&buf[i], len(v))
	}
	for _, p := range strs {
		*p = take(*p)
	}
	if extra {
		ex := make([]attribute.KeyValue, len(op.Extra))
		for i, kv := range op.Extra {
			if kv.Value.Type() == attribute.STRING {
				kv.Value = attribute.StringValue(take(kv.Value.AsString()))
			}
			ex[i] = kv
		}
		op.Extra = ex
	}
}

// SpanName is the span name for op.
func (op *Op) SpanName() string {
	name := op.Name
	if name == "" {
		name = op.Type.String()
	}
	dest := op.Template
	if dest == "" && !op.Temporary && !op.Anonymous {
		dest = op.Destination
	}
	if dest == "" {
		return name
	}
	return name + " " + dest
}

// common appends the attributes that spans and measurements share.
func (op *Op) common(kv []attribute.KeyValue) []attribute.KeyValue {
	kv = append(kv, KeySystem.String(op.System), KeyOperationName.String(op.Name),
		KeyOperationType.String(op.Type.String()))
	kv = appendStr(kv, KeyDestinationName, op.Destination)
	kv = appendStr(kv, KeyDestinationTmpl, op.Template)
	kv = appendStr(kv, KeyPartitionID, op.Partition)
	kv = appendStr(kv, KeySubscriptionName, op.Subscription)
	kv = appendStr(kv, KeyConsumerGroup, op.ConsumerGroup)
	kv = appendStr(kv, KeyServerAddress, op.ServerAddress)
	if op.ServerPort > 0 {
		kv = append(kv, KeyServerPort.Int(op.ServerPort))
	}
	return kv
}

func appendStr(kv []attribute.KeyValue, k attribute.Key, v string) []attribute.KeyValue {
	if v != "" {
		kv = append(kv, k.String(v))
	}
	return kv
}

// spanAttrs appends the attributes of the span only.
func (op *Op) spanAttrs(kv []attribute.KeyValue) []attribute.KeyValue {
	kv = op.common(kv)
	if op.Temporary {
		kv = append(kv, KeyDestinationTemp.Bool(true))
	}
	if op.Anonymous {
		kv = append(kv, KeyDestinationAnon.Bool(true))
	}
	kv = appendStr(kv, KeyMessageID, op.MessageID)
	kv = appendStr(kv, KeyConversationID, op.Conversation)
	kv = appendStr(kv, KeyClientID, op.ClientID)
	if op.BodySize >= 0 && op.Batch <= 0 {
		kv = append(kv, KeyBodySize.Int(op.BodySize))
	}
	if op.Batch > 0 {
		kv = append(kv, KeyBatchMessageCount.Int(op.Batch))
	}
	return append(kv, op.Extra...)
}

// Span is one operation under way.
type Span struct {
	span    trace.Span
	ended   bool
	sc      trace.SpanContext
	ctx     context.Context
	scope   *Scope
	start   time.Time
	op      Op // a copy: the caller's may be reused
	errType string
}

var attrPool = sync.Pool{New: func() any {
	s := make([]attribute.KeyValue, 0, 16)
	return &s
}}

func putAttrs(p *[]attribute.KeyValue) {
	if cap(*p) > 64 {
		return
	}
	clear(*p)
	*p = (*p)[:0]
	attrPool.Put(p)
}

// Start starts the span of op under ctx (a nil ctx is Background). A
// process span's parent is op.Producer when valid (the span the live
// goroutine or ctx holds is then linked instead); every other span's
// parent is the context's span, else the goroutine's. Work under a
// suppressed context (gotel's own exporters) gets a no-op span.
func Start(s *Scope, ctx context.Context, op *Op) *Span {
	if ctx == nil {
		ctx = context.Background()
	}
	// The span and the metrics keep op's strings past the hook's return; a
	// hook's string arguments may live on the caller's stack (hooks are
	// declared go:noescape), so the span gets its own copies.
	cp := *op
	cp.own()
	op = &cp
	in := s.Get()
	parent := ctx
	if !op.Delivered {
		parent = gls.Parent(ctx)
	}
	root := op.Delivered && !op.Producer.IsValid() && !trace.SpanContextFromContext(ctx).IsValid()
	links := op.Links
	if op.Producer.IsValid() {
		if op.Type == Process && op.Batch <= 0 {
			if amb := trace.SpanContextFromContext(parent); amb.IsValid() {
				links = append(links[:len(links):len(links)], trace.Link{SpanContext: amb})
			}
			parent = trace.ContextWithRemoteSpanContext(ctx, op.Producer)
		} else {
			links = append(links[:len(links):len(links)], trace.Link{SpanContext: op.Producer})
		}
	}
	ap := attrPool.Get().(*[]attribute.KeyValue)
	kv := op.spanAttrs(*ap)
	opts := []trace.SpanStartOption{trace.WithSpanKind(op.Type.kind()), trace.WithAttributes(kv...)}
	if len(links) > 0 {
		opts = append(opts, trace.WithLinks(links...))
	}
	if root {
		opts = append(opts, trace.WithNewRoot())
	}
	start := op.StartTime
	if start.IsZero() {
		start = time.Now()
	} else {
		opts = append(opts, trace.WithTimestamp(start))
	}
	sctx, span := in.tracer.Start(parent, op.SpanName(), opts...)
	*ap = kv
	putAttrs(ap)
	sp := &Span{span: span, sc: span.SpanContext(), ctx: sctx, scope: s, start: start, op: *op}
	sp.op.Links, sp.op.Extra = nil, nil
	return sp
}

// Context is the context carrying the span: inject it into the outgoing
// message, or hand it to the program's handler.
func (sp *Span) Context() context.Context { return sp.ctx }

// SpanContext is the span's context.
func (sp *Span) SpanContext() trace.SpanContext { return sp.sc }

// Enter makes the span the current goroutine's until the returned entry's
// Exit: a consumer callback's calls without a context become its children.
func (sp *Span) Enter() *gls.Entry { return gls.Enter(sp.sc) }

// SetMessageID records an id known only after the operation (a broker-
// assigned one). Like every setter here it copies the strings it keeps (a
// hook's arguments may live on the caller's stack) and does nothing once
// the span has ended.
func (sp *Span) SetMessageID(id string) {
	if id != "" {
		sp.span.SetAttributes(KeyMessageID.String(strings.Clone(id)))
	}
}

// SetBatch records how many messages a batch operation carried, when that
// is known only at its end (a receive that returned n messages).
func (sp *Span) SetBatch(n int) {
	sp.op.Batch = n
	sp.span.SetAttributes(KeyBatchMessageCount.Int(n))
}

// SetAttributes adds library-specific attributes to the span.
func (sp *Span) SetAttributes(kv ...attribute.KeyValue) {
	for i := range kv {
		if kv[i].Value.Type() == attribute.STRING {
			kv[i].Value = attribute.StringValue(strings.Clone(kv[i].Value.AsString()))
		}
	}
	sp.span.SetAttributes(kv...)
}

// Fail records err (what the program sees) on the span; End(err) does it
// too. The first error recorded describes the operation.
func (sp *Span) Fail(err error) {
	if err == nil || sp.errType != "" {
		return
	}
	sp.errType = ErrorType(err)
	sp.span.SetStatus(codes.Error, errorMessage(err))
	sp.span.SetAttributes(KeyErrorType.String(sp.errType))
}

// End records err (nil for success), ends the span and records the
// duration and message count. Calling it again does nothing.
func (sp *Span) End(err error) {
	if sp == nil || sp.ended {
		return
	}
	sp.Fail(err)
	d := time.Since(sp.start).Seconds()
	sp.span.End()
	sp.ended = true
	in := sp.scope.Get()
	ap := attrPool.Get().(*[]attribute.KeyValue)
	kv := sp.op.common(*ap)
	if sp.errType != "" {
		kv = append(kv, KeyErrorType.String(sp.errType))
	}
	set := attribute.NewSet(kv...)
	*ap = kv
	putAttrs(ap)
	h := in.opDur
	if sp.op.Type == Process {
		h = in.procDur
	}
	h.Record(sp.ctx, d, metric.WithAttributeSet(set))
	if sp.op.NoCount {
		return
	}
	n := int64(1)
	if sp.op.Batch > 0 {
		n = int64(sp.op.Batch)
	}
	switch sp.op.Type {
	case Send, Create:
		in.sent.Add(sp.ctx, n, metric.WithAttributeSet(set))
	case Receive, Process:
		if sp.op.Type == Receive && sp.op.Batch == 0 && sp.errType != "" {
			return // nothing was delivered
		}
		in.consumed.Add(sp.ctx, n, metric.WithAttributeSet(set))
	}
}

// ErrorType is error.type for err: the canonical name of a context error,
// else the error's Go type, which is low-cardinality and says what failed.
func ErrorType(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	}
	return fmt.Sprintf("%T", err)
}

// errorMessage guards against Error methods that panic.
func errorMessage(err error) (msg string) {
	defer func() {
		if recover() != nil {
			msg = fmt.Sprintf("%T", err)
		}
	}()
	return err.Error()
}

// Inject writes the trace context of ctx into a message's headers through
// the global propagator (the program's own, when it set one).
func Inject(ctx context.Context, c propagation.TextMapCarrier) {
	otel.GetTextMapPropagator().Inject(ctx, c)
}

// Extract reads the producer's span context from a message's headers; the
// zero SpanContext when there is none or it is malformed (the consumer's
// span then starts a new trace, or stays under its own parent).
func Extract(c propagation.TextMapCarrier) trace.SpanContext {
	return trace.SpanContextFromContext(otel.GetTextMapPropagator().Extract(context.Background(), c))
}
