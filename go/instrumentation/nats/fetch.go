package nats

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr/msgconv"
)

// ---- legacy JetStreamContext pull: Subscription.Fetch ----

// FetchBefore is woven at the start of Subscription.Fetch (the legacy
// JetStreamContext pull), which reads its messages without NextMsg.
func FetchBefore(c *hook.Context, s *nats.Subscription, _ int, _ []nats.PullOpt) {
	if s != nil {
		c.SetData(receive{sub: s, start: time.Now()})
	}
}

// FetchAfter records one receive span for the batch Fetch returned: the
// message count, a link to each producer, the subject when they share one.
// An empty batch that timed out makes no span (a polling loop would make
// one per poll); other errors make one.
func FetchAfter(c *hook.Context, msgs []*nats.Msg, err error) {
	r, ok := c.Data().(receive)
	if !ok {
		return
	}
	if len(msgs) == 0 && (err == nil || timeout(err)) {
		return
	}
	o := op(nil, msgconv.Receive, "receive", "")
	o.StartTime = r.start
	o.Batch = len(msgs)
	if len(msgs) == 0 {
		o.NoCount = true
	}
	o.Destination = common(msgs)
	o.Links = make([]trace.Link, 0, len(msgs))
	for _, m := range msgs {
		if sc := Producer(m.Header); sc.IsValid() {
			o.Links = append(o.Links, trace.Link{SpanContext: sc})
		}
	}
	if len(msgs) > 0 {
		if md, merr := msgs[0].Metadata(); merr == nil && md != nil {
			o.Subscription = md.Consumer
		}
	}
	msgconv.Start(Scope, context.Background(), &o).End(err)
}

func timeout(err error) bool {
	return errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded)
}

// common is the subject every message of a batch has, "" when they differ.
func common(msgs []*nats.Msg) string {
	subj := ""
	for i, m := range msgs {
		if m == nil {
			continue
		}
		if i == 0 || subj == "" {
			subj = m.Subject
		} else if m.Subject != subj {
			return ""
		}
	}
	return subj
}

// ---- JetStream pull batches (jetstream Fetch, FetchBytes, FetchNoWait, Next) ----

// A Batch is one JetStream fetch. The call returns at once; the library
// then delivers the batch from the replies to an inbox subscription of its
// own, on a goroutine of its own, and ends the fetch by unsubscribing it. So
// StartBatch marks the calling goroutine while the fetch runs, the
// subscribe hook (on that goroutine) finds the mark and ties the inbox
// subscription to the batch, each message the library hands to the program
// through it (the jetstream hook of toJSMsg) is counted and its producer
// linked, and the unsubscribe ends the batch. Its receive span is made then,
// starting when the fetch was called: a batch that brought nothing and
// failed in no way makes none (a polling loop would make one per poll), as
// NextMsg's timeouts do not.
type Batch struct {
	mu       sync.Mutex
	parent   context.Context
	op       msgconv.Op
	mark     trace.SpanContext
	entry    *gls.Entry
	sub      *nats.Subscription
	n        int
	subj     string
	mixed    bool
	links    []trace.Link
	err      error
	returned bool // the fetch call returned
	finished bool // the library unsubscribed: no more messages
	ended    bool
}

var (
	pending sync.Map // the mark of a fetch under way (its SpanID) -> *Batch
	batches sync.Map // *nats.Subscription (a batch's inbox) -> *Batch
	marks   atomic.Uint64
)

// StartBatch notes a fetch described by o, called now on this goroutine,
// whose span's parent is the context's span else the goroutine's.
//
// The mark it gives the goroutine for the fetch's duration is a span
// context of no span (not sampled): the fetch makes no span of its own
// inside (its requests go to $JS.API subjects, which are not traced).
func StartBatch(ctx context.Context, o *msgconv.Op) *Batch {
	if ctx == nil {
		ctx = context.Background()
	}
	b := &Batch{parent: gls.Parent(ctx), op: *o}
	b.op.StartTime = time.Now()
	n := marks.Add(1)
	var tid trace.TraceID
	var sid trace.SpanID
	copy(tid[:], "gotel/nats/fetch")
	binary.BigEndian.PutUint64(sid[:], n)
	b.mark = trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid})
	b.entry = gls.Enter(b.mark)
	pending.Store(sid, b)
	return b
}

// batchHere is the fetch the current goroutine is in, if any.
func batchHere() *Batch {
	sc := gls.Current()
	if !sc.IsValid() {
		return nil
	}
	if v, ok := pending.Load(sc.SpanID()); ok {
		return v.(*Batch)
	}
	return nil
}

// bind ties the fetch's inbox subscription to it.
func (b *Batch) bind(s *nats.Subscription) {
	b.mu.Lock()
	b.sub = s
	b.mu.Unlock()
	batches.Store(s, b)
}

// Returned is called when the fetch call returns, with its error. A fetch
// that failed ends its batch; one whose batch already ended too.
func (b *Batch) Returned(err error) {
	if b == nil {
		return
	}
	b.entry.Exit()
	pending.Delete(b.mark.SpanID())
	b.mu.Lock()
	b.returned, b.err = true, err
	done := err != nil || b.finished
	b.mu.Unlock()
	if done {
		b.end()
	}
}

// BatchMessage counts a message the library hands to the program, when it
// came in through a batch's subscription.
func BatchMessage(m *nats.Msg) {
	if m == nil || m.Sub == nil {
		return
	}
	v, ok := batches.Load(m.Sub)
	if !ok {
		return
	}
	b := v.(*Batch)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	if b.n == 0 {
		b.subj = strings.Clone(m.Subject)
	} else if m.Subject != b.subj {
		b.mixed = true
	}
	b.n++
	if sc := Producer(m.Header); sc.IsValid() {
		b.links = append(b.links, trace.Link{SpanContext: sc})
	}
}

// finish is called when the library unsubscribes a batch's inbox: the
// batch is complete. It ends now, or when the fetch call returns if it has
// not yet.
func (b *Batch) finish() {
	b.mu.Lock()
	if b.finished {
		b.mu.Unlock()
		return
	}
	b.finished = true
	ret := b.returned
	b.mu.Unlock()
	if ret {
		b.end()
	}
}

// end records the batch's receive span, once.
func (b *Batch) end() {
	b.mu.Lock()
	if b.ended {
		b.mu.Unlock()
		return
	}
	b.ended, b.finished = true, true
	s, n, subj, mixed, links, err := b.sub, b.n, b.subj, b.mixed, b.links, b.err
	b.mu.Unlock()
	if s != nil {
		batches.Delete(s)
	}
	if n == 0 && err == nil {
		return
	}
	o := b.op
	o.Batch, o.Links = n, links
	// The parent was found when the fetch began; this may run on a
	// goroutine of the library, whose own span is none of the batch's.
	o.Delivered = true
	if n == 0 {
		o.NoCount = true
	}
	if n > 0 && !mixed && o.Template == "" {
		o.Destination = subj
	}
	msgconv.Start(Scope, b.parent, &o).End(err)
}

// UnsubscribeBefore is woven at the start of Subscription.Unsubscribe: the
// end of a JetStream fetch's batch.
func UnsubscribeBefore(_ *hook.Context, s *nats.Subscription) {
	if s == nil {
		return
	}
	if v, ok := batches.Load(s); ok {
		v.(*Batch).finish()
	}
}

// SubscribeAfter is woven at the return of Conn.subscribe: a subscription
// made inside a JetStream fetch is the fetch's.
func SubscribeAfter(c *hook.Context, s *nats.Subscription, err error) {
	if b, ok := c.Data().(*Batch); ok && err == nil && s != nil {
		b.bind(s)
	}
}
