// Package bind connects package gls to the goroutine field that gotel weaves
// into the runtime, and hook.PeekPanic to the runtime's panic peek. The boot file of every instrumented program imports it;
// nothing else may, since it links runtime functions that exist only in an
// instrumented build.
package bind

import (
	"unsafe"

	"gotel.dev/runtime/gls"
)

// Defined by the file rule runtime/gls injects into package runtime.
//
//go:linkname glsSlot runtime.gotel_glsSlot
func glsSlot() unsafe.Pointer

func init() { gls.Bind(glsSlot) }
