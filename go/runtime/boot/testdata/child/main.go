// Command child is built by the boot tests. It calls boot's hooks the way
// the code gotel weaves would, then ends in the way os.Args[1] names. The
// signal hooks live in os/signal itself, out of reach of such a program:
// tests/e2e builds real programs with gotel for those.
package main

import (
	"context"
	"fmt"
	"os"

	"go.opentelemetry.io/otel"

	"gotel.dev/runtime/boot"
	"gotel.dev/runtime/hook"
)

func main() {
	var c hook.Context
	boot.MainBefore(&c) // woven at the top of main.main
	mode := os.Args[1]
	_, span := otel.Tracer("gotel-test").Start(context.Background(), "span-"+mode)
	span.End()

	switch mode {
	case "return":
		fmt.Println("ready")
		boot.MainAfter(&c) // woven: deferred at the top of main.main
		return
	case "exit":
		fmt.Println("ready")
		boot.ExitBefore(&c, 3) // woven into os.Exit
		os.Exit(3)
	}
	os.Exit(9) // an unknown mode
}
