package otlphttp

import (
	"math"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Field numbers from opentelemetry/proto/trace/v1/trace.proto and
// collector/trace/v1/trace_service.proto.
const (
	reqResourceSpans = 1

	rsResource   = 1
	rsScopeSpans = 2
	rsSchemaURL  = 3

	ssScope     = 1
	ssSpans     = 2
	ssSchemaURL = 3

	spanTraceID       = 1
	spanSpanID        = 2
	spanTraceState    = 3
	spanParentSpanID  = 4
	spanName          = 5
	spanKind          = 6
	spanStart         = 7
	spanEnd           = 8
	spanAttrs         = 9
	spanDroppedAttrs  = 10
	spanEvents        = 11
	spanDroppedEvents = 12
	spanLinks         = 13
	spanDroppedLinks  = 14
	spanStatus        = 15
	spanFlags         = 16

	eventTime         = 1
	eventName         = 2
	eventAttrs        = 3
	eventDroppedAttrs = 4

	linkTraceID      = 1
	linkSpanID       = 2
	linkTraceState   = 3
	linkAttrs        = 4
	linkDroppedAttrs = 5
	linkFlags        = 6

	statusMessage = 2
	statusCode    = 3

	// SpanFlags: the low 8 bits are the W3C trace flags.
	flagHasIsRemote = 0x100
	flagIsRemote    = 0x200

	// Status.StatusCode values (they differ from codes.Code's).
	statusUnset = 0
	statusOK    = 1
	statusError = 2
)

// spanGroup is the spans of one (resource, scope) pair: one ScopeSpans.
type spanGroup struct {
	res   *resource.Resource
	rkey  attribute.Distinct
	scope instrumentation.Scope
	spans []sdktrace.ReadOnlySpan
	done  bool
}

// traceBatch is the reusable state of one trace export.
type traceBatch struct {
	enc    encoder
	groups []spanGroup
}

func (b *traceBatch) reset() {
	b.enc.b = b.enc.b[:0]
	for i := range b.groups {
		g := &b.groups[i]
		clear(g.spans) // drop references so pooled batches do not pin spans
		*g = spanGroup{spans: g.spans[:0]}
	}
	b.groups = b.groups[:0]
}

// group sorts spans into (resource, scope) groups keeping their order.
// Programs have few scopes, and consecutive spans usually share one, so a
// linear search starting at the last hit beats a map.
func (b *traceBatch) group(spans []sdktrace.ReadOnlySpan) {
	last := -1
	for _, s := range spans {
		if s == nil {
			continue
		}
		res := s.Resource()
		scope := s.InstrumentationScope()
		idx := -1
		if last >= 0 && b.groups[last].matches(res, &scope) {
			idx = last
		} else {
			for i := range b.groups {
				if b.groups[i].matches(res, &scope) {
					idx = i
					break
				}
			}
		}
		if idx < 0 {
			idx = len(b.groups)
			if idx < cap(b.groups) {
				b.groups = b.groups[:idx+1]
			} else {
				b.groups = append(b.groups, spanGroup{})
			}
			g := &b.groups[idx]
			g.res, g.rkey, g.scope = res, res.Equivalent(), scope
		}
		b.groups[idx].spans = append(b.groups[idx].spans, s)
		last = idx
	}
}

func (g *spanGroup) matches(res *resource.Resource, scope *instrumentation.Scope) bool {
	return (g.res == res || g.rkey == res.Equivalent()) && g.scope == *scope
}

// encodeTraces appends an ExportTraceServiceRequest for spans to b.enc.
func (b *traceBatch) encodeTraces(spans []sdktrace.ReadOnlySpan) {
	b.group(spans)
	e := &b.enc
	for i := range b.groups {
		g := &b.groups[i]
		if g.done {
			continue
		}
		rs := e.begin(reqResourceSpans, resLarge)
		e.resource(rsResource, g.res)
		for j := i; j < len(b.groups); j++ {
			h := &b.groups[j]
			if h.done || h.rkey != g.rkey {
				continue
			}
			h.done = true
			ss := e.begin(rsScopeSpans, resLarge)
			if h.scope != (instrumentation.Scope{}) {
				e.scope(ssScope, &h.scope)
			}
			for _, s := range h.spans {
				e.span(ssSpans, s)
			}
			e.stringField(ssSchemaURL, h.scope.SchemaURL)
			e.end(ss)
		}
		e.stringField(rsSchemaURL, g.res.SchemaURL())
		e.end(rs)
	}
}

func (e *encoder) span(field int, s sdktrace.ReadOnlySpan) {
	m := e.begin(field, resMedium)
	sc := s.SpanContext()
	tid, sid := sc.TraceID(), sc.SpanID()
	e.bytesAlways(spanTraceID, tid[:])
	e.bytesAlways(spanSpanID, sid[:])
	e.stringField(spanTraceState, sc.TraceState().String())
	parent := s.Parent()
	if psid := parent.SpanID(); psid.IsValid() {
		e.bytesAlways(spanParentSpanID, psid[:])
	}
	e.stringField(spanName, s.Name())
	e.uint64Field(spanKind, uint64(otlpSpanKind(s.SpanKind())))
	e.fixed64Field(spanStart, unixNano(s.StartTime()))
	e.fixed64Field(spanEnd, unixNano(s.EndTime()))
	e.keyValues(spanAttrs, s.Attributes())
	e.uint64Field(spanDroppedAttrs, clampUint32(s.DroppedAttributes()))
	for _, ev := range s.Events() {
		em := e.begin(spanEvents, resMedium)
		e.fixed64Field(eventTime, unixNano(ev.Time))
		e.stringField(eventName, ev.Name)
		e.keyValues(eventAttrs, ev.Attributes)
		e.uint64Field(eventDroppedAttrs, clampUint32(ev.DroppedAttributeCount))
		e.end(em)
	}
	e.uint64Field(spanDroppedEvents, clampUint32(s.DroppedEvents()))
	for _, l := range s.Links() {
		lm := e.begin(spanLinks, resMedium)
		ltid, lsid := l.SpanContext.TraceID(), l.SpanContext.SpanID()
		e.bytesAlways(linkTraceID, ltid[:])
		e.bytesAlways(linkSpanID, lsid[:])
		e.stringField(linkTraceState, l.SpanContext.TraceState().String())
		e.keyValues(linkAttrs, l.Attributes)
		e.uint64Field(linkDroppedAttrs, clampUint32(l.DroppedAttributeCount))
		e.fixed32Field(linkFlags, spanFlagsOf(l.SpanContext.TraceFlags(), l.SpanContext))
		e.end(lm)
	}
	e.uint64Field(spanDroppedLinks, clampUint32(s.DroppedLinks()))
	st := s.Status()
	sm := e.begin(spanStatus, resSmall)
	e.stringField(statusMessage, st.Description)
	e.uint64Field(statusCode, otlpStatusCode(st.Code))
	e.end(sm)
	e.fixed32Field(spanFlags, spanFlagsOf(sc.TraceFlags(), parent))
	e.end(m)
}

// spanFlagsOf builds SpanFlags: W3C flags plus whether the parent (or the
// linked span) is remote; the "has is_remote" bit says we know.
func spanFlagsOf(tf trace.TraceFlags, parent trace.SpanContext) uint32 {
	f := uint32(tf) | flagHasIsRemote
	if parent.IsRemote() {
		f |= flagIsRemote
	}
	return f
}

func otlpSpanKind(k trace.SpanKind) int {
	// trace.SpanKind and Span.SpanKind share numbering (internal=1 ...
	// consumer=5); anything else is unspecified.
	if k >= trace.SpanKindInternal && k <= trace.SpanKindConsumer {
		return int(k)
	}
	return 0
}

func otlpStatusCode(c codes.Code) uint64 {
	switch c {
	case codes.Ok:
		return statusOK
	case codes.Error:
		return statusError
	}
	return statusUnset
}

func clampUint32(n int) uint64 {
	if n < 0 {
		return 0
	}
	if int64(n) > math.MaxUint32 {
		return math.MaxUint32
	}
	return uint64(n)
}
