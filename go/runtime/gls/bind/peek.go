package bind

import (
	_ "unsafe"

	"gotel.dev/runtime/hook"
)

// Defined by the file rule runtime/peekpanic_* injects into package runtime
// (every instrumented build has it).
//
//go:linkname peekPanic runtime.gotel_peekPanic
func peekPanic() (any, bool)

func init() { hook.PeekPanic = peekPanic }
