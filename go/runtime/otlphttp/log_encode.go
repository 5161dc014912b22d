package otlphttp

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
)

// Field numbers from opentelemetry/proto/logs/v1/logs.proto and
// collector/logs/v1/logs_service.proto.
const (
	reqResourceLogs = 1

	rlResource  = 1
	rlScopeLogs = 2
	rlSchemaURL = 3

	slScope      = 1
	slLogRecords = 2
	slSchemaURL  = 3

	lrTime           = 1
	lrSeverityNumber = 2
	lrSeverityText   = 3
	lrBody           = 5
	lrAttrs          = 6
	lrDroppedAttrs   = 7
	lrFlags          = 8
	lrTraceID        = 9
	lrSpanID         = 10
	lrObservedTime   = 11
	lrEventName      = 12
)

// logGroup is the records of one (resource, scope) pair: one ScopeLogs.
type logGroup struct {
	res     *resource.Resource
	rkey    attribute.Distinct
	scope   instrumentation.Scope
	records []LogRecord
	done    bool
}

type logBatch struct {
	enc    encoder
	groups []logGroup
}

func (b *logBatch) reset() {
	b.enc.b = b.enc.b[:0]
	for i := range b.groups {
		g := &b.groups[i]
		clear(g.records)
		*g = logGroup{records: g.records[:0]}
	}
	b.groups = b.groups[:0]
}

// group sorts records into (resource, scope) groups keeping their order,
// as traceBatch.group does for spans.
func (b *logBatch) group(records []LogRecord) {
	last := -1
	for _, r := range records {
		if r == nil {
			continue
		}
		res := r.Resource()
		if res == nil {
			res = resource.Empty()
		}
		scope := r.InstrumentationScope()
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
				b.groups = append(b.groups, logGroup{})
			}
			g := &b.groups[idx]
			g.res, g.rkey, g.scope = res, res.Equivalent(), scope
		}
		b.groups[idx].records = append(b.groups[idx].records, r)
		last = idx
	}
}

func (g *logGroup) matches(res *resource.Resource, scope *instrumentation.Scope) bool {
	return (g.res == res || g.rkey == res.Equivalent()) && g.scope == *scope
}

// encodeLogs appends an ExportLogsServiceRequest for records to b.enc.
func (b *logBatch) encodeLogs(records []LogRecord) {
	b.group(records)
	e := &b.enc
	for i := range b.groups {
		g := &b.groups[i]
		if g.done {
			continue
		}
		rl := e.begin(reqResourceLogs, resLarge)
		e.resource(rlResource, g.res)
		for j := i; j < len(b.groups); j++ {
			h := &b.groups[j]
			if h.done || h.rkey != g.rkey {
				continue
			}
			h.done = true
			sl := e.begin(rlScopeLogs, resLarge)
			if h.scope != (instrumentation.Scope{}) {
				e.scope(slScope, &h.scope)
			}
			for _, r := range h.records {
				e.logRecord(slLogRecords, r)
			}
			e.stringField(slSchemaURL, h.scope.SchemaURL)
			e.end(sl)
		}
		e.stringField(rlSchemaURL, g.res.SchemaURL())
		e.end(rl)
	}
}

func (e *encoder) logRecord(field int, r LogRecord) {
	m := e.begin(field, resMedium)
	e.fixed64Field(lrTime, unixNano(r.Timestamp()))
	e.uint64Field(lrSeverityNumber, otlpSeverity(r.Severity()))
	e.stringField(lrSeverityText, r.SeverityText())
	if body := r.Body(); body.Type() != attribute.EMPTY {
		e.anyValue(lrBody, body)
	}
	r.WalkAttributes(func(kv attribute.KeyValue) bool {
		e.keyValue(lrAttrs, kv)
		return true
	})
	e.uint64Field(lrDroppedAttrs, clampUint32(r.DroppedAttributes()))
	e.fixed32Field(lrFlags, uint32(r.TraceFlags()))
	if tid := r.TraceID(); tid.IsValid() {
		e.bytesAlways(lrTraceID, tid[:])
	}
	if sid := r.SpanID(); sid.IsValid() {
		e.bytesAlways(lrSpanID, sid[:])
	}
	e.fixed64Field(lrObservedTime, unixNano(r.ObservedTimestamp()))
	e.stringField(lrEventName, r.EventName())
	e.end(m)
}

// otlpSeverity maps the API's severity (numbered as OTLP's SeverityNumber,
// 1 to 24) to the wire value; anything else is unspecified.
func otlpSeverity(s log.Severity) uint64 {
	if s >= log.SeverityTrace1 && s <= log.SeverityFatal4 {
		return uint64(s)
	}
	return 0
}
