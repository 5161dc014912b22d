// Command child is built by the boot tests. It calls boot's hooks the way
// the code gotel weaves would, then ends in the way os.Args[1] names. The
// signal hooks live in os/signal itself, out of reach of such a program:
// tests/e2e builds real programs with gotel for those.
package main

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"

	"go.opentelemetry.io/otel"

	"gotel.dev/runtime/boot"
	"gotel.dev/runtime/hook"
)

func main() {
	var c hook.Context
	boot.MainBefore(&c) // woven at the top of main.main
	mode := os.Args[1]
	var handled atomic.Int64
	if mode == "own-handler" {
		// Set after boot's init, as a program's main would: it must win.
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(error) { handled.Add(1) }))
	}
	_, span := otel.Tracer("gotel-test").Start(context.Background(), "span-"+mode)
	span.End()

	switch mode {
	case "return":
		fmt.Println("ready")
		boot.MainAfter(&c) // woven: deferred at the top of main.main
		return
	case "unreachable", "own-handler":
		// Four more spans: with OTEL_BSP_MAX_EXPORT_BATCH_SIZE=1 and no
		// collector listening, five failed exports.
		for range 4 {
			_, span := otel.Tracer("gotel-test").Start(context.Background(), "more")
			span.End()
		}
		fmt.Println("ready")
		boot.MainAfter(&c)
		if mode == "own-handler" {
			fmt.Println("handled", handled.Load())
		}
		return
	case "exit":
		fmt.Println("ready")
		boot.ExitBefore(&c, 3) // woven into os.Exit
		os.Exit(3)
	}
	os.Exit(9) // an unknown mode
}
