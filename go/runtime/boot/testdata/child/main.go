// Command child is built by the boot tests. It calls boot's hooks the way
// the code gotel weaves would, then ends in the way os.Args[1] names.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

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
	case "default":
		// No handler of its own: SIGTERM must still kill it.
		fmt.Println("ready")
	case "handler":
		ch := make(chan os.Signal, 1)
		boot.NotifyBefore(&c, ch, []os.Signal{syscall.SIGTERM}) // woven into signal.Notify
		signal.Notify(ch, syscall.SIGTERM)
		fmt.Println("ready")
		select {
		case s := <-ch:
			fmt.Println("handled", s)
			// boot must have left the SDK running: the program goes on.
			_, span := otel.Tracer("gotel-test").Start(context.Background(), "after-signal")
			span.End()
			boot.ExitBefore(&c, 7)
			os.Exit(7)
		case <-time.After(time.Minute):
		}
	case "reset":
		// Handled once, then reset to the default: dies of the signal.
		ch := make(chan os.Signal, 1)
		boot.NotifyBefore(&c, ch, []os.Signal{syscall.SIGTERM})
		signal.Notify(ch, syscall.SIGTERM)
		boot.ResetBefore(&c, []os.Signal{syscall.SIGTERM}) // woven into signal.Reset
		signal.Reset(syscall.SIGTERM)
		boot.ResetAfter(&c)
		fmt.Println("ready")
	}
	// Wait to be signalled, but not forever.
	time.Sleep(time.Minute)
	os.Exit(9)
}
