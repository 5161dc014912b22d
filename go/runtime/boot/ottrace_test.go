package boot

import (
	"context"
	"net/http"
	"testing"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

func TestOTTraceInjectExtract(t *testing.T) {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18},
		SpanID:     trace.SpanID{0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8},
		TraceFlags: trace.FlagsSampled,
	})
	m, _ := baggage.NewMemberRaw("user", "ana")
	b, _ := baggage.New(m)
	ctx := baggage.ContextWithBaggage(trace.ContextWithSpanContext(context.Background(), sc), b)

	h := http.Header{}
	otTrace{}.Inject(ctx, propagation.HeaderCarrier(h))
	want := map[string]string{
		"Ot-Tracer-Traceid": "1112131415161718", // the low 64 bits only
		"Ot-Tracer-Spanid":  "a1a2a3a4a5a6a7a8",
		"Ot-Tracer-Sampled": "true",
		"Ot-Baggage-User":   "ana",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("header %s = %q, want %q (all: %v)", k, got, v, h)
		}
	}

	out := otTrace{}.Extract(context.Background(), propagation.HeaderCarrier(h))
	got := trace.SpanContextFromContext(out)
	if got.TraceID().String() != "00000000000000001112131415161718" || got.SpanID() != sc.SpanID() || !got.IsSampled() || !got.IsRemote() {
		t.Errorf("extracted %v", got)
	}
	if v := baggage.FromContext(out).Member("user").Value(); v != "ana" {
		t.Errorf("baggage user = %q", v)
	}
}

func TestOTTraceExtractForms(t *testing.T) {
	for _, tc := range []struct {
		tid, sid, sampled string
		ok, sampledOut    bool
	}{
		{"0102030405060708" + "1112131415161718", "a1a2a3a4a5a6a7a8", "1", true, true},
		{"1112131415161718", "A1A2A3A4A5A6A7A8", "0", true, false},
		{"1112131415161718", "a1a2a3a4a5a6a7a8", "", true, false},
		{"1112131415161718", "a1a2a3a4a5a6a7a8", "maybe", false, false},
		{"11121314151617", "a1a2a3a4a5a6a7a8", "true", false, false},
		{"1112131415161718", "", "true", false, false},
		{"0000000000000000", "a1a2a3a4a5a6a7a8", "true", false, false},
		{"zz12131415161718", "a1a2a3a4a5a6a7a8", "true", false, false},
	} {
		c := propagation.MapCarrier{otTraceID: tc.tid, otSpanID: tc.sid}
		if tc.sampled != "" {
			c[otSampled] = tc.sampled
		}
		sc := trace.SpanContextFromContext(otTrace{}.Extract(context.Background(), c))
		if sc.IsValid() != tc.ok || sc.IsSampled() != tc.sampledOut {
			t.Errorf("%+v: valid %v sampled %v", tc, sc.IsValid(), sc.IsSampled())
		}
	}
	h := http.Header{}
	otTrace{}.Inject(context.Background(), propagation.HeaderCarrier(h))
	if len(h) != 0 {
		t.Errorf("inject without a span set %v", h)
	}
}
