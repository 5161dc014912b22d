package otlphttp

import (
	"errors"
	"math"
)

// Protobuf wire types (https://protobuf.dev/programming-guides/encoding/).
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// Length reservations for nested messages: the length prefix is written
// after the body, so begin() reserves the number of varint bytes the body
// most likely needs and end() moves the body only when the guess was wrong.
const (
	resSmall  = 1 // < 128 bytes: key-values, values, status, buckets
	resMedium = 2 // < 16 KiB: spans, events, links, data points
	resLarge  = 3 // < 2 MiB: resource/scope containers
)

// encoder appends protobuf wire data to b. Setters named ...Field omit the
// proto3 default value, as the official marshaller does; the ...Always
// variants are for oneof and optional fields, whose presence is meaningful.
type encoder struct {
	b []byte
}

func (e *encoder) varint(v uint64) {
	for v >= 0x80 {
		e.b = append(e.b, byte(v)|0x80)
		v >>= 7
	}
	e.b = append(e.b, byte(v))
}

func varintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

func (e *encoder) tag(field, wire int) {
	e.varint(uint64(field)<<3 | uint64(wire))
}

func (e *encoder) fixed64(v uint64) {
	e.b = append(e.b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24),
		byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56))
}

func (e *encoder) fixed32(v uint32) {
	e.b = append(e.b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

func (e *encoder) uint64Field(field int, v uint64) {
	if v != 0 {
		e.tag(field, wireVarint)
		e.varint(v)
	}
}

// int64Always writes an int64 varint (negative values take 10 bytes, as
// the protobuf spec requires for int32/int64).
func (e *encoder) int64Always(field int, v int64) {
	e.tag(field, wireVarint)
	e.varint(uint64(v))
}

func (e *encoder) boolAlways(field int, v bool) {
	e.tag(field, wireVarint)
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) boolField(field int, v bool) {
	if v {
		e.boolAlways(field, v)
	}
}

// sint32Field writes a zigzag-encoded sint32.
func (e *encoder) sint32Field(field int, v int32) {
	if v != 0 {
		e.tag(field, wireVarint)
		e.varint(uint64(uint32(v<<1) ^ uint32(v>>31)))
	}
}

func (e *encoder) fixed64Field(field int, v uint64) {
	if v != 0 {
		e.tag(field, wireFixed64)
		e.fixed64(v)
	}
}

func (e *encoder) fixed64Always(field int, v uint64) {
	e.tag(field, wireFixed64)
	e.fixed64(v)
}

func (e *encoder) fixed32Field(field int, v uint32) {
	if v != 0 {
		e.tag(field, wireFixed32)
		e.fixed32(v)
	}
}

func (e *encoder) doubleField(field int, v float64) {
	e.fixed64Field(field, math.Float64bits(v))
}

func (e *encoder) doubleAlways(field int, v float64) {
	e.fixed64Always(field, math.Float64bits(v))
}

func (e *encoder) stringAlways(field int, s string) {
	e.tag(field, wireBytes)
	e.varint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) stringField(field int, s string) {
	if s != "" {
		e.stringAlways(field, s)
	}
}

func (e *encoder) bytesAlways(field int, p []byte) {
	e.tag(field, wireBytes)
	e.varint(uint64(len(p)))
	e.b = append(e.b, p...)
}

func (e *encoder) bytesField(field int, p []byte) {
	if len(p) != 0 {
		e.bytesAlways(field, p)
	}
}

func (e *encoder) packedFixed64(field int, vs []uint64) {
	if len(vs) == 0 {
		return
	}
	e.tag(field, wireBytes)
	e.varint(uint64(8 * len(vs)))
	for _, v := range vs {
		e.fixed64(v)
	}
}

func (e *encoder) packedDouble(field int, vs []float64) {
	if len(vs) == 0 {
		return
	}
	e.tag(field, wireBytes)
	e.varint(uint64(8 * len(vs)))
	for _, v := range vs {
		e.fixed64(math.Float64bits(v))
	}
}

func (e *encoder) packedVarint(field int, vs []uint64) {
	if len(vs) == 0 {
		return
	}
	n := 0
	for _, v := range vs {
		n += varintLen(v)
	}
	e.tag(field, wireBytes)
	e.varint(uint64(n))
	for _, v := range vs {
		e.varint(v)
	}
}

// mark remembers where a nested message's length prefix goes.
type mark struct {
	pos, reserved int
}

// begin starts a length-delimited nested message; finish it with end.
func (e *encoder) begin(field, reserve int) mark {
	e.tag(field, wireBytes)
	m := mark{pos: len(e.b), reserved: reserve}
	for i := 0; i < reserve; i++ {
		e.b = append(e.b, 0)
	}
	return m
}

var zeros [10]byte

// end writes the length of the message begun at m, moving the body when
// the reservation was too small or too large (varints must be minimal for
// some strict decoders, so we never pad).
func (e *encoder) end(m mark) {
	body := m.pos + m.reserved
	n := len(e.b) - body
	need := varintLen(uint64(n))
	if need != m.reserved {
		if need > m.reserved {
			e.b = append(e.b, zeros[:need-m.reserved]...)
		}
		copy(e.b[m.pos+need:], e.b[body:body+n])
		e.b = e.b[:m.pos+need+n]
	}
	v := uint64(n)
	i := m.pos
	for v >= 0x80 {
		e.b[i] = byte(v) | 0x80
		v >>= 7
		i++
	}
	e.b[i] = byte(v)
}

var errTruncated = errors.New("otlphttp: truncated protobuf")

// decoder reads just enough protobuf to pick fields out of responses.
type decoder struct {
	b []byte
}

func (d *decoder) varint() (uint64, error) {
	var v uint64
	for i := 0; i < 10; i++ {
		if len(d.b) == 0 {
			return 0, errTruncated
		}
		c := d.b[0]
		d.b = d.b[1:]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, nil
		}
	}
	return 0, errors.New("otlphttp: varint overflow")
}

// next returns the next field number and wire type; ok is false at the end.
func (d *decoder) next() (field, wire int, ok bool, err error) {
	if len(d.b) == 0 {
		return 0, 0, false, nil
	}
	t, err := d.varint()
	if err != nil {
		return 0, 0, false, err
	}
	return int(t >> 3), int(t & 7), true, nil
}

func (d *decoder) bytes() ([]byte, error) {
	n, err := d.varint()
	if err != nil {
		return nil, err
	}
	if n > uint64(len(d.b)) {
		return nil, errTruncated
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p, nil
}

// skip consumes a field value of the given wire type.
func (d *decoder) skip(wire int) error {
	var n int
	switch wire {
	case wireVarint:
		_, err := d.varint()
		return err
	case wireFixed64:
		n = 8
	case wireFixed32:
		n = 4
	case wireBytes:
		_, err := d.bytes()
		return err
	default:
		return errors.New("otlphttp: unsupported wire type")
	}
	if len(d.b) < n {
		return errTruncated
	}
	d.b = d.b[n:]
	return nil
}
