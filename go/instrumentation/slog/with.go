package slog

import (
	"log/slog"

	"go.opentelemetry.io/otel/attribute"

	"gotel.dev/runtime/hook"
)

// A Logger made by With and WithGroup holds its attributes inside its
// handler, where the export cannot read them. gotel adds a field to
// slog.Logger (rule logger_field) and fills it in the Logger that With and
// WithGroup return: the chain of attribute sets and groups, converted once,
// which emit puts around the record's own attributes as slog's handlers
// would. clone copies the field, so derived Loggers inherit the chain.

// withChain is one Logger's With/WithGroup history, oldest first.
type withChain struct{ segs []withSeg }

// withSeg is one With (attrs) or WithGroup (group) call.
type withSeg struct {
	group string
	attrs []attribute.KeyValue
}

// withSlot returns the address of the field gotel adds to l; registered by
// the file injected into log/slog (inject/with.go.txt), nil without it.
var withSlot func(l *slog.Logger) *any

func registerWithSlot(f func(l *slog.Logger) *any) { withSlot = f }

var _ = registerWithSlot // referenced only through go:linkname

func chainOf(l *slog.Logger) *withChain {
	if withSlot == nil || l == nil {
		return nil
	}
	c, _ := (*withSlot(l)).(*withChain)
	return c
}

// extend returns parent's chain followed by s; parent's slice is never
// written to (full slice expression), so siblings do not share segments.
func (parent *withChain) extend(s withSeg) *withChain {
	var segs []withSeg
	if parent != nil {
		segs = parent.segs[:len(parent.segs):len(parent.segs)]
	}
	return &withChain{segs: append(segs, s)}
}

// WithBefore is woven into (*slog.Logger).With: it converts the arguments
// as slog does (key-value pairs, Attrs, !BADKEY for a stray value), before
// the body runs, while they are known.
func WithBefore(c *hook.Context, l *slog.Logger, args []any) {
	if withSlot == nil || l == nil || len(args) == 0 {
		return
	}
	defer func() { _ = recover() }() // a panicking LogValue stays slog's business
	var kvs []attribute.KeyValue
	for _, a := range slog.Group("", args...).Value.Group() {
		kvs = appendAttr(kvs, "", a)
	}
	if len(kvs) > 0 {
		c.SetData(chainOf(l).extend(withSeg{attrs: kvs}))
	}
}

// WithGroupBefore is woven into (*slog.Logger).WithGroup.
func WithGroupBefore(c *hook.Context, l *slog.Logger, name string) {
	if withSlot == nil || l == nil || name == "" {
		return
	}
	c.SetData(chainOf(l).extend(withSeg{group: name}))
}

// WithAfter stores the chain in the Logger With or WithGroup returned (a
// new one: they return the receiver itself only when there is nothing to
// add, and then Before set no chain).
func WithAfter(c *hook.Context, ret *slog.Logger) {
	if ch, ok := c.Data().(*withChain); ok && ret != nil {
		*withSlot(ret) = ch
	}
}

// nest returns dst with the attributes of a record made by a Logger whose
// chain is segs: attributes before the first group at the top, the rest
// inside that group (nested likewise), the record's own, rec, innermost.
// Empty groups are dropped, as slog's handlers drop them.
func nest(dst []attribute.KeyValue, segs []withSeg, rec []attribute.KeyValue) []attribute.KeyValue {
	for i, s := range segs {
		if s.group != "" {
			if inner := nest(nil, segs[i+1:], rec); len(inner) > 0 {
				dst = append(dst, attribute.Map(s.group, inner...))
			}
			return dst
		}
		dst = append(dst, s.attrs...)
	}
	return append(dst, rec...)
}
