package e2e

import (
	"fmt"
	"testing"

	"gotel.dev/tests/e2e/otlpreceiver"
)

const statusError = 2

// span is the flattened view of a received span the assertions use.
type span struct {
	Name, Kind, Scope         string
	TraceID, SpanID, ParentID string
	Attrs, Resource           map[string]string
	Status                    int // 0 unset, 1 ok, 2 error
	Events                    []event
}

type event struct {
	Name  string
	Attrs map[string]string
}

type collector struct{ r *otlpreceiver.Receiver }

func startCollector(t *testing.T) collector { return collector{otlpreceiver.Start(t)} }

func (c collector) endpoint() string { return c.r.HTTPEndpoint }

func flatten(m map[string]any) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

func convert(s otlpreceiver.Span) span {
	out := span{
		Name: s.Name(), Kind: s.Kind(), Scope: s.Scope,
		TraceID: s.TraceID(), SpanID: s.SpanID(), ParentID: s.ParentSpanID(),
		Attrs: flatten(s.Attrs()), Resource: flatten(s.Resource),
	}
	switch s.StatusCode() {
	case "ok":
		out.Status = 1
	case "error":
		out.Status = statusError
	}
	for _, e := range s.Events() {
		out.Events = append(out.Events, event{e.Name, flatten(e.Attrs)})
	}
	return out
}

func (c collector) spans() []span {
	var out []span
	for _, s := range c.r.Spans() {
		out = append(out, convert(s))
	}
	return out
}

func (c collector) spansWhere(match func(span) bool) []span {
	var out []span
	for _, s := range c.spans() {
		if match(s) {
			out = append(out, s)
		}
	}
	return out
}

// waitSpan waits (bounded by the receiver) for a span matching match.
func (c collector) waitSpan(t *testing.T, match func(span) bool) span {
	t.Helper()
	return convert(c.r.WaitForSpan(t, func(s otlpreceiver.Span) bool { return match(convert(s)) }))
}
