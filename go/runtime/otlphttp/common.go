package otlphttp

import (
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
)

// Field numbers from opentelemetry/proto/common/v1/common.proto and
// resource/v1/resource.proto.
const (
	anyString = 1
	anyBool   = 2
	anyInt    = 3
	anyDouble = 4
	anyArray  = 5
	anyKvlist = 6
	anyBytes  = 7

	kvKey   = 1
	kvValue = 2

	arrayValues  = 1 // ArrayValue.values and KeyValueList.values
	kvlistValues = 1

	scopeName    = 1
	scopeVersion = 2
	scopeAttrs   = 3

	resourceAttrs = 1
)

func (e *encoder) keyValue(field int, kv attribute.KeyValue) {
	m := e.begin(field, resSmall)
	e.stringField(kvKey, string(kv.Key))
	e.anyValue(kvValue, kv.Value)
	e.end(m)
}

func (e *encoder) keyValues(field int, kvs []attribute.KeyValue) {
	for _, kv := range kvs {
		e.keyValue(field, kv)
	}
}

func (e *encoder) attrSet(field int, s *attribute.Set) {
	it := s.Iter()
	for it.Next() {
		e.keyValue(field, it.Attribute())
	}
}

// anyValue encodes an attribute value as an AnyValue message. The member of
// the oneof is always written, even when it holds the zero value, because
// its presence carries the type.
func (e *encoder) anyValue(field int, v attribute.Value) {
	m := e.begin(field, resSmall)
	switch v.Type() {
	case attribute.BOOL:
		e.boolAlways(anyBool, v.AsBool())
	case attribute.INT64:
		e.int64Always(anyInt, v.AsInt64())
	case attribute.FLOAT64:
		e.doubleAlways(anyDouble, v.AsFloat64())
	case attribute.STRING:
		e.stringAlways(anyString, v.AsString())
	case attribute.BYTESLICE:
		e.bytesAlways(anyBytes, v.AsByteSlice())
	case attribute.BOOLSLICE:
		a := e.begin(anyArray, resSmall)
		for _, x := range v.AsBoolSlice() {
			el := e.begin(arrayValues, resSmall)
			e.boolAlways(anyBool, x)
			e.end(el)
		}
		e.end(a)
	case attribute.INT64SLICE:
		a := e.begin(anyArray, resSmall)
		for _, x := range v.AsInt64Slice() {
			el := e.begin(arrayValues, resSmall)
			e.int64Always(anyInt, x)
			e.end(el)
		}
		e.end(a)
	case attribute.FLOAT64SLICE:
		a := e.begin(anyArray, resSmall)
		for _, x := range v.AsFloat64Slice() {
			el := e.begin(arrayValues, resSmall)
			e.doubleAlways(anyDouble, x)
			e.end(el)
		}
		e.end(a)
	case attribute.STRINGSLICE:
		a := e.begin(anyArray, resSmall)
		for _, x := range v.AsStringSlice() {
			el := e.begin(arrayValues, resSmall)
			e.stringAlways(anyString, x)
			e.end(el)
		}
		e.end(a)
	case attribute.SLICE:
		a := e.begin(anyArray, resSmall)
		for _, x := range v.AsSlice() {
			e.anyValue(arrayValues, x)
		}
		e.end(a)
	case attribute.MAP:
		a := e.begin(anyKvlist, resSmall)
		for _, kv := range v.AsMap() {
			e.keyValue(kvlistValues, kv)
		}
		e.end(a)
	case attribute.EMPTY:
		// An empty AnyValue is the OTLP encoding of an empty value.
	default:
		e.stringAlways(anyString, "INVALID")
	}
	e.end(m)
}

// resource always writes the message (possibly empty), like the official
// exporters, so receivers see a resource even when it has no attributes.
func (e *encoder) resource(field int, r *resource.Resource) {
	m := e.begin(field, resMedium)
	it := r.Iter()
	for it.Next() {
		e.keyValue(resourceAttrs, it.Attribute())
	}
	e.end(m)
}

func (e *encoder) scope(field int, s *instrumentation.Scope) {
	m := e.begin(field, resSmall)
	e.stringField(scopeName, s.Name)
	e.stringField(scopeVersion, s.Version)
	e.attrSet(scopeAttrs, &s.Attributes)
	e.end(m)
}

// unixNano clamps times before 1970 (and the zero time) to 0 as the
// official exporters do.
func unixNano(t time.Time) uint64 {
	return uint64(max(0, t.UnixNano()))
}
