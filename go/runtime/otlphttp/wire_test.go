package otlphttp

import (
	"bytes"
	"math"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

func TestVarintsMatchProtowire(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 300, 16383, 16384, 1<<32 - 1, 1 << 35, math.MaxUint64} {
		var e encoder
		e.varint(v)
		if want := protowire.AppendVarint(nil, v); !bytes.Equal(e.b, want) {
			t.Errorf("varint(%d) = %x, want %x", v, e.b, want)
		}
		if varintLen(v) != protowire.SizeVarint(v) {
			t.Errorf("varintLen(%d) = %d", v, varintLen(v))
		}
		d := decoder{b: e.b}
		if got, err := d.varint(); err != nil || got != v || len(d.b) != 0 {
			t.Errorf("decode varint(%d) = %d, %v", v, got, err)
		}
	}
	for _, v := range []int32{0, 1, -1, 63, -64, 64, math.MaxInt32, math.MinInt32} {
		var e encoder
		e.sint32Field(1, v)
		var want []byte
		if v != 0 {
			want = protowire.AppendTag(nil, 1, protowire.VarintType)
			want = protowire.AppendVarint(want, protowire.EncodeZigZag(int64(v)))
		}
		if !bytes.Equal(e.b, want) {
			t.Errorf("sint32(%d) = %x, want %x", v, e.b, want)
		}
	}
	for _, v := range []int64{0, -1, math.MinInt64, math.MaxInt64} {
		var e encoder
		e.int64Always(3, v)
		want := protowire.AppendVarint(protowire.AppendTag(nil, 3, protowire.VarintType), uint64(v))
		if !bytes.Equal(e.b, want) {
			t.Errorf("int64(%d) = %x, want %x", v, e.b, want)
		}
	}
}

// Nested messages of every size around the varint boundaries, with every
// reservation, must come out as a minimal length prefix and the body.
func TestNestedLengthFixup(t *testing.T) {
	for _, res := range []int{resSmall, resMedium, resLarge} {
		for _, n := range []int{0, 1, 127, 128, 129, 16383, 16384, 70000, 2097151, 2097152} {
			body := bytes.Repeat([]byte{0xab}, n)
			var e encoder
			e.b = append(e.b, 0x55) // something before, which must stay
			m := e.begin(7, res)
			e.b = append(e.b, body...)
			e.end(m)
			e.b = append(e.b, 0x66)

			want := []byte{0x55}
			want = protowire.AppendTag(want, 7, protowire.BytesType)
			want = protowire.AppendBytes(want, body)
			want = append(want, 0x66)
			if !bytes.Equal(e.b, want) {
				t.Fatalf("res=%d n=%d: wrong encoding (len %d, want %d)", res, n, len(e.b), len(want))
			}
		}
	}
}

func TestPackedAndFixed(t *testing.T) {
	var e encoder
	e.packedFixed64(6, []uint64{1, math.MaxUint64})
	e.packedDouble(7, []float64{-1.5, 0})
	e.packedVarint(2, []uint64{0, 300})
	e.fixed32Field(16, 0x301)
	e.doubleField(4, 0) // omitted
	var want []byte
	want = protowire.AppendTag(want, 6, protowire.BytesType)
	want = protowire.AppendVarint(want, 16)
	want = protowire.AppendFixed64(want, 1)
	want = protowire.AppendFixed64(want, math.MaxUint64)
	want = protowire.AppendTag(want, 7, protowire.BytesType)
	want = protowire.AppendVarint(want, 16)
	want = protowire.AppendFixed64(want, math.Float64bits(-1.5))
	want = protowire.AppendFixed64(want, 0)
	want = protowire.AppendTag(want, 2, protowire.BytesType)
	want = protowire.AppendVarint(want, 3)
	want = protowire.AppendVarint(want, 0)
	want = protowire.AppendVarint(want, 300)
	want = protowire.AppendTag(want, 16, protowire.Fixed32Type)
	want = protowire.AppendFixed32(want, 0x301)
	if !bytes.Equal(e.b, want) {
		t.Errorf("got %x\nwant %x", e.b, want)
	}
}

func TestDecoderRejectsGarbage(t *testing.T) {
	for _, in := range [][]byte{
		{0x0a, 0x05, 1}, // length past the end
		{0x08},          // missing varint
		{0x09, 1, 2},    // short fixed64
		{0x0b},          // group wire type
		bytes.Repeat([]byte{0xff}, 11),
	} {
		d := decoder{b: in}
		var err error
		for err == nil {
			var ok bool
			var w int
			_, w, ok, err = d.next()
			if !ok || err != nil {
				break
			}
			err = d.skip(w)
		}
		if err == nil {
			t.Errorf("%x: no error", in)
		}
	}
}
