package zap

import (
	"reflect"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// The direct conversion of scalar fields must give what the map encoder
// gives: same values, key order, last value of a repeated key, and the
// prefix (a Logger's With attributes) left as it is.
func TestAppendFieldsScalarsMatchEncoder(t *testing.T) {
	fields := []zapcore.Field{
		zap.String("s", "x"), zap.Bool("b", true), zap.Bool("bf", false),
		zap.Int("i", -5120), zap.Int64("i64", 1<<40), zap.Int32("i32", -7), zap.Int16("i16", -300), zap.Int8("i8", -3),
		zap.Uint32("u32", 1<<31), zap.Uint16("u16", 65535), zap.Uint8("u8", 255),
		zap.Float64("f64", 2.5), zap.Float32("f32", 1.25), zap.Duration("d", 3*time.Second),
		zap.Skip(), zap.String("a", "first"), zap.String("a", "last"), zap.Int("", 1),
	}
	prefix := []attribute.KeyValue{attribute.String("z", "with")}
	got := appendFields(append([]attribute.KeyValue(nil), prefix...), fields)
	want := appendEncoded(append([]attribute.KeyValue(nil), prefix...), fields)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("direct\n %v\nencoder\n %v", got, want)
	}

	buf := make([]attribute.KeyValue, 0, 32)
	if n := testing.AllocsPerRun(100, func() { appendFields(buf[:0], fields) }); n != 0 {
		t.Errorf("scalar fields: %v allocations, want 0", n)
	}
}

// A field the direct conversion does not know sends all fields through the
// encoder, so the result is still the encoder's.
func TestAppendFieldsMixedUsesEncoder(t *testing.T) {
	fields := []zapcore.Field{
		zap.String("b", "x"), zap.Uint64("u64", 1<<63), zap.Strings("list", []string{"p", "q"}),
		zap.Time("t", time.Unix(1, 0).UTC()), zap.Int("a", 1),
	}
	got := appendFields(nil, fields)
	want := appendEncoded(nil, fields)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("direct\n %v\nencoder\n %v", got, want)
	}
}
