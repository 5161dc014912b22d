package zap

import (
	"reflect"

	"go.opentelemetry.io/otel/attribute"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"gotel.dev/runtime/hook"
)

// A Logger made by With holds its fields inside its core, already encoded
// for the core's output, where the export cannot read them. gotel adds a
// field to zap.Logger (rule logger_field) that With fills with the fields
// converted to attributes, and one to zapcore.CheckedEntry (rule
// entry_field) through which Logger.check hands them to the entry it
// returns: Write then exports them before the call's own fields. clone
// copies the Logger's field, so derived Loggers inherit it.

// withAttrs is one Logger's With fields, oldest first.
type withAttrs struct{ kvs []attribute.KeyValue }

// The accessors of the added fields and of CheckedEntry.cores, registered
// by the files injected into zap and zapcore; nil without them.
var (
	loggerSlot func(*zap.Logger) *any
	entrySlot  func(*zapcore.CheckedEntry) *any
	entryCores func(*zapcore.CheckedEntry) []zapcore.Core
)

func registerLoggerSlot(f func(*zap.Logger) *any) { loggerSlot = f }

func registerEntryAccessors(slot func(*zapcore.CheckedEntry) *any, cores func(*zapcore.CheckedEntry) []zapcore.Core) {
	entrySlot, entryCores = slot, cores
}

var _, _ = registerLoggerSlot, registerEntryAccessors // referenced only through go:linkname

func attrsOf(log *zap.Logger) *withAttrs {
	if loggerSlot == nil || log == nil {
		return nil
	}
	w, _ := (*loggerSlot(log)).(*withAttrs)
	return w
}

// WithBefore is woven into (*zap.Logger).With: the fields, converted as
// the export converts an entry's (zap's map encoder), follow the parent's.
func WithBefore(c *hook.Context, log *zap.Logger, fields []zap.Field) {
	if loggerSlot == nil || log == nil || len(fields) == 0 {
		return
	}
	defer func() { _ = recover() }() // a panicking marshaler stays zap's business
	var kvs []attribute.KeyValue
	if p := attrsOf(log); p != nil {
		kvs = append(kvs, p.kvs...)
	}
	c.SetData(&withAttrs{kvs: appendFields(kvs, fields)})
}

// WithAfter stores them in the Logger With returned (a new one: With
// returns the receiver itself only when it has no fields, and then Before
// set nothing).
func WithAfter(c *hook.Context, ret *zap.Logger) {
	if w, ok := c.Data().(*withAttrs); ok && ret != nil {
		*loggerSlot(ret) = w
	}
}

// CheckBefore is woven into (*zap.Logger).check, which every Logger and
// SugaredLogger method calls to get its entry.
func CheckBefore(c *hook.Context, log *zap.Logger, lvl zapcore.Level, msg string) {
	if w := attrsOf(log); w != nil {
		c.SetData(w)
	}
}

// CheckAfter hands the Logger's fields to the entry. It sets the entry's
// field on every call, nil included: entries are pooled, and one must not
// carry another Logger's fields.
func CheckAfter(c *hook.Context, ce *zapcore.CheckedEntry) {
	if ce == nil || entrySlot == nil {
		return
	}
	w, _ := c.Data().(*withAttrs)
	*entrySlot(ce) = w
}

// takeWith returns the entry's Logger fields and clears them.
func takeWith(ce *zapcore.CheckedEntry) *withAttrs {
	if entrySlot == nil {
		return nil
	}
	p := entrySlot(ce)
	w, _ := (*p).(*withAttrs)
	*p = nil
	return w
}

// bridgePkg is the contrib bridge whose core emits entries to the
// OpenTelemetry logs signal itself (a variable for the tests).
var bridgePkg = "go.opentelemetry.io/contrib/bridges/otelzap"

// bridged reports whether one of the entry's cores is the otelzap bridge's
// (directly or in a zapcore.NewTee): gotel then leaves the export to it,
// which would otherwise receive every entry twice.
func bridged(ce *zapcore.CheckedEntry) bool {
	if entryCores == nil {
		return false
	}
	for _, c := range entryCores(ce) {
		if isBridge(reflect.ValueOf(c), 0) {
			return true
		}
	}
	return false
}

func isBridge(v reflect.Value, depth int) bool {
	if !v.IsValid() || depth > 4 {
		return false
	}
	t := v.Type()
	switch t.Kind() {
	case reflect.Interface, reflect.Pointer:
		if t.Kind() == reflect.Pointer && t.Elem().PkgPath() == bridgePkg {
			return true
		}
		return !v.IsNil() && isBridge(v.Elem(), depth+1)
	case reflect.Slice: // zapcore's multiCore, a []Core
		for i := 0; i < v.Len(); i++ {
			if isBridge(v.Index(i), depth+1) {
				return true
			}
		}
	}
	return t.PkgPath() == bridgePkg
}
