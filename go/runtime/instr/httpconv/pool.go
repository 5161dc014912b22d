package httpconv

import (
	"sync"

	"go.opentelemetry.io/otel/attribute"
)

// Attribute slices are only needed while a span starts or a measurement is
// recorded (the SDK copies them), so they are pooled instead of allocated
// per request.
var attrPool = sync.Pool{New: func() any {
	s := make([]attribute.KeyValue, 0, 16)
	return &s
}}

// GetAttrs returns an empty attribute slice from the pool.
func GetAttrs() *[]attribute.KeyValue { return attrPool.Get().(*[]attribute.KeyValue) }

// PutAttrs gives a slice from GetAttrs back (store the grown slice in *p
// first).
func PutAttrs(p *[]attribute.KeyValue) {
	if cap(*p) > 64 {
		return // do not keep an unusually large slice alive
	}
	clear(*p) // drop references to strings so that they can be collected
	*p = (*p)[:0]
	attrPool.Put(p)
}
