// This file is injected into package runtime by gotel (rule runtime/peekpanic
// in go/runtime/rules.yaml); its package clause is replaced by the target's.
// It needs runtime internals, which is why it cannot live in a hook package:
// since Go 1.23 the linker refuses references to unmarked runtime symbols.

package runtime

import (
	"internal/abi"
	_ "unsafe"
)

// gotel_peekPanic tells a deferred function whether it runs because the frame
// that deferred it is unwinding a panic, and with which value, without
// stopping the panic. Like recover, it must be called directly by the deferred
// function; it applies the same frame test as gorecover but leaves the panic
// unrecovered, so an instrumented function's After hook can see a panic that
// then continues exactly as in the plain program.
//
// The common case, no panic in progress, costs a load and a branch.
//
//go:linkname gotel_peekPanic
//go:noinline
func gotel_peekPanic() (any, bool) {
	gp := getg()
	p := gp._panic
	if p == nil || p.goexit || p.recovered {
		return nil, false
	}
	direct := false
	systemstack(func() {
		var u unwinder
		u.init(gp, 0)
		u.next() // systemstack_switch
		u.next() // gotel_peekPanic
		frames := 0
	walk:
		for ; u.valid(); u.next() {
			for iu, f := newInlineUnwinder(u.frame.fn, u.symPC()); f.valid(); f = iu.next(f) {
				switch iu.srcFunc(f).funcID {
				case abi.FuncIDWrapper:
					continue
				case abi.FuncID_gopanic:
					// Exactly one real frame (the deferred function) between
					// the panic and us: that frame was deferred by the
					// function the panic is unwinding.
					direct = u.frame.fp == uintptr(p.gopanicFP) && frames == 1
					break walk
				default:
					frames++
					if frames > 1 {
						break walk
					}
				}
			}
		}
	})
	if !direct {
		return nil, false
	}
	return p.arg, true
}
