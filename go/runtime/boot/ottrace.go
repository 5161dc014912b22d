package boot

import (
	"context"
	"encoding/hex"
	"strings"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// otTrace is the OpenTracing "ottrace" format of OTEL_PROPAGATORS, written
// here rather than taken from contrib/propagators/ot because that module
// requires go.uber.org/multierr v1.11, which would raise the version of a
// module many programs pin (issue 12: an instrumented build changes no
// module version the SDK itself does not need).
//
// Headers: ot-tracer-traceid (16 hex digits on inject, the low 64 bits;
// 16 or 32 on extract), ot-tracer-spanid (16), ot-tracer-sampled
// ("true"/"false"; "1"/"0" accepted on extract) and one ot-baggage-<key>
// per baggage member.
type otTrace struct{}

const (
	otTraceID  = "ot-tracer-traceid"
	otSpanID   = "ot-tracer-spanid"
	otSampled  = "ot-tracer-sampled"
	otBaggage  = "ot-baggage-"
	otIDDigits = 16
)

func (otTrace) Fields() []string { return []string{otTraceID, otSpanID, otSampled} }

func (otTrace) Inject(ctx context.Context, carrier propagation.TextMapCarrier) {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return
	}
	tid := sc.TraceID().String()
	carrier.Set(otTraceID, tid[len(tid)-otIDDigits:])
	carrier.Set(otSpanID, sc.SpanID().String())
	if sc.IsSampled() {
		carrier.Set(otSampled, "true")
	} else {
		carrier.Set(otSampled, "false")
	}
	for _, m := range baggage.FromContext(ctx).Members() {
		carrier.Set(otBaggage+m.Key(), m.Value())
	}
}

func (otTrace) Extract(ctx context.Context, carrier propagation.TextMapCarrier) context.Context {
	var cfg trace.SpanContextConfig
	tid := carrier.Get(otTraceID)
	if len(tid) == otIDDigits {
		tid = strings.Repeat("0", otIDDigits) + tid
	}
	if !decodeHex(cfg.TraceID[:], tid) || !decodeHex(cfg.SpanID[:], carrier.Get(otSpanID)) {
		return ctx
	}
	switch carrier.Get(otSampled) {
	case "true", "1":
		cfg.TraceFlags = trace.FlagsSampled
	case "false", "0", "":
	default:
		return ctx
	}
	cfg.Remote = true
	sc := trace.NewSpanContext(cfg)
	if !sc.IsValid() {
		return ctx
	}
	var members []baggage.Member
	for _, k := range carrier.Keys() {
		key, ok := cutPrefixFold(k, otBaggage)
		if !ok {
			continue
		}
		if m, err := baggage.NewMemberRaw(strings.ToLower(key), carrier.Get(k)); err == nil {
			members = append(members, m)
		}
	}
	if len(members) > 0 {
		if b, err := baggage.New(members...); err == nil {
			ctx = baggage.ContextWithBaggage(ctx, b)
		}
	}
	return trace.ContextWithRemoteSpanContext(ctx, sc)
}

// decodeHex fills dst from exactly 2*len(dst) lower- or upper-case hex digits.
func decodeHex(dst []byte, s string) bool {
	if len(s) != 2*len(dst) {
		return false
	}
	_, err := hex.Decode(dst, []byte(s))
	return err == nil
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case: carriers such as
// http.Header canonicalize keys ("Ot-Baggage-User").
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) <= len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	return s[len(prefix):], true
}
