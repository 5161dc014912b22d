// Package hook is the API between woven code and hook functions.
//
// Code that gotel generates in an instrumented package calls hooks with a
// *Context that lives in the instrumented function's stack frame. Its layout
// is a contract with the generator (see docs/architecture.md): the generated
// package declares a struct with the same fields and passes a pointer to it.
package hook

// Context carries state from a Before hook to the matching After hook of one
// call. It is valid only during the hook call: hooks must not keep the
// pointer.
type Context struct {
	data   any
	panicV any
	flags  uint32
}

const (
	flagSkip      = 1 << 0
	flagPanicking = 1 << 1
	flagInHook    = 1 << 2 // set by generated code while a hook runs
)

// SetData stores hook data for After. Storing a pointer or an interface
// value does not allocate.
func (c *Context) SetData(v any) { c.data = v }

// Data returns what Before stored with SetData.
func (c *Context) Data() any { return c.data }

// SkipCall, called from Before, makes the instrumented function return at
// once without running its body. After still runs and may set the results.
func (c *Context) SkipCall() { c.flags |= flagSkip }

// Skipped reports whether Before asked to skip the call.
func (c *Context) Skipped() bool { return c.flags&flagSkip != 0 }

// Panicking reports, in After, whether the instrumented function is
// unwinding a panic. The panic continues after After returns.
func (c *Context) Panicking() bool { return c.flags&flagPanicking != 0 }

// PanicValue is the value of that panic.
func (c *Context) PanicValue() any { return c.panicV }
