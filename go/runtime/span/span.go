// Package span is the run-time half of the //gotel:span directive
// (docs/custom.md): code woven at the entry of an annotated function calls
// start and defers end through go:linkname (src/weave/span.c). Nothing
// here is called by name from Go code.
package span

import (
	"context"
	"fmt"
	"reflect"
	"unsafe"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
	"gotel.dev/runtime/instr"
)

// ScopeName is the instrumentation scope of the directive's spans.
const ScopeName = "gotel.dev/runtime/span"

type insts struct{ tracer trace.Tracer }

var scope = instr.New(ScopeName, "", func(t trace.Tracer, _ metric.Meter) *insts { return &insts{t} })

// state lives from start to end of one call, in the woven function's
// frame: the woven code declares it as [3]unsafe.Pointer (it cannot name
// these types), whose words line up with span's two interface words and
// entry, all pointers to the garbage collector. No allocation for it.
type state struct {
	span  trace.Span
	entry *gls.Entry
}

var _ [unsafe.Sizeof([3]unsafe.Pointer{}) - unsafe.Sizeof(state{})]byte // layouts agree
var _ [unsafe.Sizeof(state{}) - unsafe.Sizeof([3]unsafe.Pointer{})]byte

//go:linkname peekPanic runtime.gotel_peekPanic
func peekPanic() (any, bool)

// start begins the span of one call into *stp: under the span of *ctxp (the
// function's context.Context parameter, nil when it has none), else the
// goroutine's; *ctxp then carries the new span, and so does the goroutine
// until end (calls without a context, goroutines started meanwhile). kv
// holds attribute names and values. It never panics into the program.
func start(stp unsafe.Pointer, name string, ctxp unsafe.Pointer, kv ...any) {
	st := (*state)(stp)
	defer func() {
		if recover() != nil {
			*st = state{}
		}
	}()
	ctx := context.Background()
	cp := (*context.Context)(ctxp)
	if cp != nil && *cp != nil {
		ctx = *cp
	}
	if hook.Suppressed(ctx) {
		return
	}
	var opts []trace.SpanStartOption
	if len(kv) > 1 {
		attrs := make([]attribute.KeyValue, 0, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			attrs = append(attrs, value(k, kv[i+1]))
		}
		ownStrings(attrs)
		opts = append(opts, trace.WithAttributes(attrs...))
	}
	next, sp := scope.Get().tracer.Start(gls.Parent(ctx), name, opts...)
	// Without an SDK (or with tracing off) the function keeps the very
	// context it was given.
	if cp != nil && *cp != nil && sp.SpanContext().IsValid() {
		*cp = next
	}
	st.span, st.entry = sp, gls.Enter(sp.SpanContext())
}

// ownStrings replaces the string values of attrs by copies, all in one
// allocation. The span keeps its attributes until it is exported, long
// after the function returned, while a string parameter's bytes may live on
// a caller's stack: the declaration of start is go:noescape, so nothing the
// woven function passes it is moved to the heap (docs/weaving.md, "What
// hooks must not do"). A String method's result may share its receiver's
// bytes as well, so every string is copied. Keys are the weaver's literals.
func ownStrings(attrs []attribute.KeyValue) {
	n := 0
	for _, a := range attrs {
		if a.Value.Type() == attribute.STRING {
			n += len(a.Value.AsString())
		}
	}
	if n == 0 {
		return
	}
	buf := make([]byte, 0, n)
	for i, a := range attrs {
		if a.Value.Type() != attribute.STRING {
			continue
		}
		v := a.Value.AsString()
		if v == "" {
			continue
		}
		j := len(buf)
		buf = append(buf, v...)
		attrs[i].Value = attribute.StringValue(unsafe.String(&buf[j], len(v)))
	}
}

// value turns a parameter into an attribute: strings, numbers and bools as
// themselves, anything with a String method through it, the rest as its
// type's name (never its contents).
func value(k string, v any) (kv attribute.KeyValue) {
	defer func() {
		if recover() != nil {
			kv = attribute.String(k, "(String panicked)")
		}
	}()
	switch x := v.(type) {
	case string:
		return attribute.String(k, x)
	case bool:
		return attribute.Bool(k, x)
	case int:
		return attribute.Int(k, x)
	case int8, int16, int32, int64:
		return attribute.Int64(k, reflect.ValueOf(x).Int())
	case uint, uint8, uint16, uint32, uint64, uintptr:
		return attribute.Int64(k, int64(reflect.ValueOf(x).Uint()))
	case float32, float64:
		return attribute.Float64(k, reflect.ValueOf(x).Float())
	case fmt.Stringer:
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return attribute.String(k, "<nil>")
		}
		return attribute.String(k, x.String())
	case nil:
		return attribute.String(k, "<nil>")
	}
	return attribute.String(k, fmt.Sprintf("%T", v))
}

// end is deferred by the woven code: it ends the span with the function's
// error result (*errp, when its last result is an error) or the panic in
// flight, which goes on unchanged. peekPanic must be called directly here.
func end(stp, errp unsafe.Pointer) {
	pv, panicking := peekPanic()
	if st := (*state)(stp); st.span != nil {
		finish(st, (*error)(errp), pv, panicking)
	}
}

func finish(st *state, errp *error, pv any, panicking bool) {
	if panicking || errp != nil && *errp != nil {
		record(st.span, errp, pv, panicking)
	}
	st.entry.Exit()
	st.span.End()
}

// record sets the error status of a span whose function failed. A
// panicking Error or String method stops here; recover only catches a
// panic of this function's own calls, not the one unwinding the program's
// function. (Kept out of finish: the common, successful call pays for no
// deferred call.)
func record(sp trace.Span, errp *error, pv any, panicking bool) {
	defer func() { _ = recover() }()
	if panicking {
		msg := hook.DescribePanic(pv)
		sp.AddEvent("exception", trace.WithAttributes(
			attribute.String("exception.type", fmt.Sprintf("%T", pv)), attribute.String("exception.message", msg)))
		sp.SetAttributes(attribute.String("error.type", fmt.Sprintf("%T", pv)))
		sp.SetStatus(codes.Error, msg)
		return
	}
	sp.SetAttributes(attribute.String("error.type", fmt.Sprintf("%T", *errp)))
	sp.SetStatus(codes.Error, (*errp).Error())
}
