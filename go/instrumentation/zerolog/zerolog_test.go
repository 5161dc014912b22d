package zerolog

import (
	"bytes"
	"testing"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"

	"gotel.dev/runtime/hook"
)

// TestNothingToDo: without a span and without the injected accessor (a
// plain test build) the hook leaves the event alone.
func TestNothingToDo(t *testing.T) {
	var buf bytes.Buffer
	l := zerolog.New(&buf)
	e := l.Info().Int("n", 1)
	var c hook.Context
	MsgBefore(&c, &e, "hi")
	e.Msg("hi")
	if got := buf.String(); got != `{"level":"info","n":1,"message":"hi"}`+"\n" {
		t.Errorf("output %q", got)
	}
	var nilEvent *zerolog.Event
	MsgBefore(&c, &nilEvent, "disabled")
}

// TestFields: the event's JSON fields as attributes, level left out,
// numbers as integers or floats, objects and arrays nested.
func TestFields(t *testing.T) {
	kvs := fields([]byte(`{"level":"warn","n":3,"f":1.5,"s":"x","b":true,"o":{"k":"v"},"a":[1,"y"]`))
	got := map[string]string{}
	for _, kv := range kvs {
		got[string(kv.Key)] = kv.Value.Emit()
	}
	if len(kvs) != 6 || got["n"] != "3" || got["f"] != "1.5" || got["s"] != "x" || got["b"] != "true" {
		t.Errorf("fields: %v", got)
	}
	for _, kv := range kvs {
		if kv.Key == "n" && kv.Value.Type() != attribute.INT64 {
			t.Errorf("n is %v", kv.Value.Type())
		}
	}
	if fields([]byte{0xbf}) != nil {
		t.Error("CBOR buffer decoded")
	}
}

func TestSeverity(t *testing.T) {
	for l, want := range map[zerolog.Level]otellog.Severity{
		zerolog.TraceLevel: otellog.SeverityTrace, zerolog.DebugLevel: otellog.SeverityDebug,
		zerolog.InfoLevel: otellog.SeverityInfo, zerolog.WarnLevel: otellog.SeverityWarn,
		zerolog.ErrorLevel: otellog.SeverityError, zerolog.FatalLevel: otellog.SeverityFatal,
		zerolog.PanicLevel: otellog.SeverityFatal2, zerolog.NoLevel: otellog.SeverityInfo,
	} {
		if got := severity(l); got != want {
			t.Errorf("severity(%v) = %v, want %v", l, got, want)
		}
	}
}
