package otlphttp

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// collector is a SpanExporter keeping the SDK's ReadOnlySpans.
type collector struct {
	mu    sync.Mutex
	spans []sdktrace.ReadOnlySpan
}

func (c *collector) ExportSpans(_ context.Context, s []sdktrace.ReadOnlySpan) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.spans = append(c.spans, s...)
	return nil
}
func (c *collector) Shutdown(context.Context) error { return nil }

// allAttrs has one attribute of every kind, zero values included (a oneof
// member must be present even when zero), and a string long enough to
// need a multi-byte length.
func allAttrs(p string) []attribute.KeyValue {
	return []attribute.KeyValue{
		attribute.Bool(p+"bool", true),
		attribute.Bool(p+"bool.false", false),
		attribute.Int64(p+"int", -42),
		attribute.Int64(p+"int.zero", 0),
		attribute.Float64(p+"float", 3.25),
		attribute.Float64(p+"float.zero", 0),
		attribute.String(p+"string", "héllo"),
		attribute.String(p+"string.empty", ""),
		attribute.String(p+"string.long", strings.Repeat("x", 300)),
		attribute.BoolSlice(p+"bools", []bool{true, false}),
		attribute.Int64Slice(p+"ints", []int64{1, -2, 1 << 40, 0}),
		attribute.Float64Slice(p+"floats", []float64{0.5, -1e300, 0}),
		attribute.StringSlice(p+"strings", []string{"a", "", strings.Repeat("y", 200)}),
		attribute.ByteSlice(p+"bytes", []byte{0, 1, 0xff}),
		attribute.ByteSlice(p+"bytes.empty", []byte{}),
		attribute.Slice(p+"slice", attribute.StringValue("s"), attribute.Int64Value(7),
			attribute.SliceValue(attribute.BoolValue(true)), attribute.MapValue(attribute.Int("n", 1))),
		attribute.Map(p+"map", attribute.String("k", "v"),
			attribute.Map("inner", attribute.Float64("f", 1.5), attribute.ByteSlice("b", []byte("x")))),
		{Key: attribute.Key(p + "empty")},
	}
}

var (
	remoteTID = trace.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	remoteSID = trace.SpanID{8, 7, 6, 5, 4, 3, 2, 1}
)

// makeSpans produces real SDK spans covering every field we encode: two
// resources, scopes with version/schema URL/attributes, a remote parent
// with trace state, events, links, statuses, kinds and dropped counts.
func makeSpans(t *testing.T) []sdktrace.ReadOnlySpan {
	t.Helper()
	col := &collector{}
	ctx := context.Background()
	ts, err := trace.ParseTraceState("vendor=abc,other=x")
	if err != nil {
		t.Fatal(err)
	}
	remote := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: remoteTID, SpanID: remoteSID, TraceFlags: trace.FlagsSampled,
		TraceState: ts, Remote: true,
	})
	linked := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{0xaa, 1}, SpanID: trace.SpanID{0xbb, 2},
		TraceState: ts, Remote: true,
	})

	for i, svc := range []string{"svc-a", "svc-b"} {
		res := resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
			append(allAttrs("res."), attribute.String("service.name", svc))...)
		tp := sdktrace.NewTracerProvider(
			sdktrace.WithResource(res),
			sdktrace.WithSpanProcessor(sdktrace.NewSimpleSpanProcessor(col)),
			sdktrace.WithSpanLimits(sdktrace.SpanLimits{
				AttributeValueLengthLimit:   -1,
				AttributeCountLimit:         len(allAttrs("")) + 1,
				EventCountLimit:             3,
				LinkCountLimit:              2,
				AttributePerEventCountLimit: 4,
				AttributePerLinkCountLimit:  4,
			}),
		)
		tr1 := tp.Tracer("scope.one", trace.WithInstrumentationVersion("1.2.3"),
			trace.WithSchemaURL("https://opentelemetry.io/schemas/1.24.0"),
			trace.WithInstrumentationAttributes(allAttrs("scope.")...))
		tr2 := tp.Tracer("scope.two")
		tr3 := tp.Tracer("")

		pctx := trace.ContextWithRemoteSpanContext(ctx, remote)
		c, root := tr1.Start(pctx, "root", trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(allAttrs("span.")...),
			trace.WithAttributes(attribute.Int("over.limit.1", 1), attribute.Int("over.limit.2", 2)),
			trace.WithLinks(
				trace.Link{SpanContext: linked, Attributes: allAttrs("link.")[:3]},
				trace.Link{SpanContext: remote},
				trace.Link{SpanContext: linked}))
		for j := 0; j < 5; j++ {
			root.AddEvent("event", trace.WithAttributes(allAttrs("event.")...))
		}
		_, child := tr2.Start(c, "child", trace.WithSpanKind(trace.SpanKindClient))
		child.SetStatus(codes.Error, "boom")
		child.RecordError(errors.New("bad thing"))
		child.End()
		_, prod := tr2.Start(c, "producer", trace.WithSpanKind(trace.SpanKindProducer))
		prod.SetStatus(codes.Ok, "")
		prod.End()
		_, cons := tr1.Start(c, strings.Repeat("long-name-", 1700), trace.WithSpanKind(trace.SpanKindConsumer))
		cons.End()
		_, bare := tr3.Start(ctx, "")
		bare.End()
		root.End()
		if err := tp.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		_ = i
	}
	return col.spans
}

func TestTraceEncodingMatchesSDK(t *testing.T) {
	spans := makeSpans(t)
	// Guard against a vacuous test: the data must exercise the fields.
	var sawDropped, sawRemote, sawEvents, sawLinks bool
	for _, s := range spans {
		sawDropped = sawDropped || (s.DroppedAttributes() > 0 && s.DroppedEvents() > 0 && s.DroppedLinks() > 0)
		sawRemote = sawRemote || s.Parent().IsRemote()
		sawEvents = sawEvents || len(s.Events()) > 0 && s.Events()[0].DroppedAttributeCount > 0
		sawLinks = sawLinks || len(s.Links()) > 0
	}
	if !sawDropped || !sawRemote || !sawEvents || !sawLinks {
		t.Fatalf("test data lacks coverage: dropped=%v remote=%v events=%v links=%v", sawDropped, sawRemote, sawEvents, sawLinks)
	}

	var b traceBatch
	b.encodeTraces(spans)
	var got coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(b.enc.b, &got); err != nil {
		t.Fatalf("official decoder rejects our bytes: %v", err)
	}

	// Expected shape: one ResourceSpans per resource, one ScopeSpans per
	// scope, spans in SDK order.
	if len(got.ResourceSpans) != 2 {
		t.Fatalf("got %d ResourceSpans, want 2", len(got.ResourceSpans))
	}
	byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byID[s.SpanContext().SpanID()] = s
	}
	seen := 0
	for ri, rs := range got.ResourceSpans {
		var first sdktrace.ReadOnlySpan
		for _, ss := range rs.ScopeSpans {
			if len(ss.Spans) == 0 {
				t.Fatalf("empty ScopeSpans")
			}
			for si, ps := range ss.Spans {
				var sid trace.SpanID
				copy(sid[:], ps.SpanId)
				s, ok := byID[sid]
				if !ok {
					t.Fatalf("decoded span %x is not an SDK span", ps.SpanId)
				}
				seen++
				if first == nil {
					first = s
				}
				if s.Resource().Equivalent() != first.Resource().Equivalent() {
					t.Errorf("span %q grouped under the wrong resource", s.Name())
				}
				sc := s.InstrumentationScope()
				if sc.Name == "" && sc.Version == "" && sc.Attributes.Len() == 0 {
					if ss.Scope != nil {
						t.Errorf("empty scope encoded: %v", ss.Scope)
					}
				} else {
					protoEqual(t, "scope", ss.Scope, wantScope(sc))
				}
				if ss.SchemaUrl != sc.SchemaURL {
					t.Errorf("scope schema URL %q, want %q", ss.SchemaUrl, sc.SchemaURL)
				}
				protoEqual(t, "span "+s.Name()[:min(len(s.Name()), 20)], ps, wantSpan(s))
				_ = si
			}
		}
		protoEqual(t, "resource", rs.Resource, wantResource(first.Resource()))
		if rs.SchemaUrl != first.Resource().SchemaURL() {
			t.Errorf("resource %d schema URL %q", ri, rs.SchemaUrl)
		}
	}
	if seen != len(spans) {
		t.Errorf("decoded %d spans, SDK made %d", seen, len(spans))
	}

	// A spot check of values the generic comparison could mask if both
	// sides shared a misunderstanding.
	var root *tracepb.Span
	for _, ss := range got.ResourceSpans[0].ScopeSpans {
		for _, ps := range ss.Spans {
			if ps.Name == "root" {
				root = ps
			}
		}
	}
	if root == nil {
		t.Fatal("no root span decoded")
	}
	if root.Flags != 0x301 || root.TraceState != "vendor=abc,other=x" ||
		root.Kind != tracepb.Span_SPAN_KIND_SERVER || string(root.ParentSpanId) != string(remoteSID[:]) {
		t.Errorf("root span: flags=%#x state=%q kind=%v parent=%x", root.Flags, root.TraceState, root.Kind, root.ParentSpanId)
	}
}

func TestTraceBatchReuse(t *testing.T) {
	spans := makeSpans(t)
	var b traceBatch
	b.encodeTraces(spans)
	first := append([]byte(nil), b.enc.b...)
	b.reset()
	for _, g := range b.groups[:cap(b.groups)] {
		for _, s := range g.spans[:cap(g.spans)] {
			if s != nil {
				t.Fatal("reset kept a span reference")
			}
		}
	}
	b.encodeTraces(spans)
	if string(first) != string(b.enc.b) {
		t.Error("re-encoding with a reused batch gives different bytes")
	}
}

func TestTraceEncodeSkipsNilSpans(t *testing.T) {
	spans := makeSpans(t)[:2]
	var b traceBatch
	b.encodeTraces([]sdktrace.ReadOnlySpan{nil, spans[0], nil, spans[1]})
	var got coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(b.enc.b, &got); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rs := range got.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			n += len(ss.Spans)
		}
	}
	if n != 2 {
		t.Errorf("got %d spans, want 2", n)
	}
}
