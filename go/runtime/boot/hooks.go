package boot

import "gotel.dev/runtime/hook"

// MainBefore runs when main.main starts: every package, including
// gotel.dev/runtime/boot/otlpgrpc when linked, is initialised by then, so a
// request for OTLP/gRPC that this binary cannot serve is reported now.
func MainBefore(c *hook.Context) {
	mainStarted.Store(true)
	resolveGRPC()
}

// MainAfter runs when main.main returns (or unwinds a panic): the program is
// about to exit, so everything buffered is exported first.
func MainAfter(c *hook.Context) {
	flushNow()
}

// ExitBefore runs at the start of os.Exit: os.Exit does not run deferred
// calls or return to main, so this is the last chance to export.
func ExitBefore(c *hook.Context, code int) {
	flushNow()
}
