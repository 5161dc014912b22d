package hook

import (
	"os"
	"sync"
)

var reported sync.Map // rule name -> struct{}

// recoverHook is deferred by every generated trampoline (through
// go:linkname, so its name is part of the contract with the generator).
// A panicking hook must never take the program down: the panic is stopped
// here and reported once per rule.
//
// Generated code sets flagInHook just before the hook call and clears it
// just after: still set here means the hook did not return. Testing it
// first keeps recover, a runtime call, off the path of every instrumented
// call.
func recoverHook(c *Context, rule string) {
	if c.flags&flagInHook == 0 {
		return
	}
	c.flags &^= flagInHook
	if r := recover(); r != nil {
		report(rule, r)
	}
}

// stderr is where report writes; a variable so that tests can read it.
var stderr interface{ WriteString(string) (int, error) } = os.Stderr

// report writes one line per rule to stderr. It avoids fmt so that the hook
// package stays small.
func report(rule string, v any) {
	if _, dup := reported.LoadOrStore(rule, struct{}{}); dup {
		return
	}
	msg := "gotel: hook " + rule + " panicked: " + DescribePanic(v) + " (the program goes on; further panics of this hook are not reported)\n"
	stderr.WriteString(msg)
}

// DescribePanic describes a recovered panic value for a line on stderr. It
// calls the value's own Error or String method once: that method is the
// program's or a library's code and may panic too (a nil pointer receiver,
// say), which must not escape from the recover that called DescribePanic.
func DescribePanic(v any) (s string) {
	method := ""
	defer func() {
		if recover() != nil {
			s = "a value whose " + method + " method panicked as well"
		}
	}()
	switch x := v.(type) {
	case error:
		method = "Error"
		return x.Error()
	case string:
		return x
	case interface{ String() string }:
		method = "String"
		return x.String()
	default:
		return "non-string panic value"
	}
}

// PeekPanic, in an instrumented build, tells a deferred function whether it
// runs because the function that deferred it is unwinding a panic, and with
// which value, without stopping the panic (runtime.gotel_peekPanic, bound by
// gotel.dev/runtime/gls/bind; nil in a plain build). Like recover, it must
// be called directly by the deferred function:
//
//	defer func() {
//		if peek := hook.PeekPanic; peek != nil {
//			if v, ok := peek(); ok { ... }
//		}
//	}()
//
// Hooks that wrap a function value of the program (a framework's route
// handler) use it to see a panic pass without changing it.
var PeekPanic func() (any, bool)
