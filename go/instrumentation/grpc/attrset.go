package grpc

import (
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"google.golang.org/grpc/codes"
)

// setKey is what a duration measurement's attributes are made of.
type setKey struct {
	method, addr string
	port         int
	code         codes.Code
	server       bool
}

// setCache keeps the attribute sets of the measurements: the same few
// methods and codes come back on every call, and building a set sorts and
// copies its attributes. Bounded: past setCacheMax entries (a client calling
// methods named at run time) sets are built per call.
type setCache struct {
	mu sync.RWMutex
	m  map[setKey]attribute.Set
}

const setCacheMax = 1024

var sets setCache

func (c *setCache) get(k setKey) attribute.Set {
	c.mu.RLock()
	s, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return s
	}
	cn := codeName(k.code)
	var buf [7]attribute.KeyValue
	kv := append(buf[:0], attrSystem, keyRPCMethod.String(k.method), keyRPCResponseStatusCode.String(cn))
	if (k.server && serverError(k.code)) || (!k.server && k.code != codes.OK) {
		kv = append(kv, keyErrorType.String(cn))
	}
	if k.addr != "" {
		kv = append(kv, keyServerAddress.String(k.addr))
		if k.port > 0 {
			kv = append(kv, keyServerPort.Int(k.port))
		}
	}
	s = attribute.NewSet(kv...)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[setKey]attribute.Set{}
	}
	if len(c.m) < setCacheMax {
		c.m[k] = s
	}
	c.mu.Unlock()
	return s
}

// Attribute slices are only needed while a span starts or ends (the SDK
// copies them), so they are pooled instead of escaping to the heap per
// call.
var attrPool = sync.Pool{New: func() any {
	s := make([]attribute.KeyValue, 0, 8)
	return &s
}}

func getAttrs() *[]attribute.KeyValue { return attrPool.Get().(*[]attribute.KeyValue) }

func putAttrs(p *[]attribute.KeyValue, kv []attribute.KeyValue) {
	if cap(kv) > 32 {
		return
	}
	clear(kv)
	*p = kv[:0]
	attrPool.Put(p)
}
