// signals is an e2e test program for SIGINT/SIGTERM. It serves and calls
// itself once, prints "ready", then, by its first argument:
//
//   - default: has no handler and waits to be killed;
//   - notifyctx: signal.NotifyContext, then, as its documentation shows,
//     <-ctx.Done(); stop(), a graceful shutdown and a return from main;
//   - stop: signal.Notify, then after the first signal signal.Stop, a
//     graceful shutdown and os.Exit(4);
//   - reset: signal.Notify and then signal.Reset: killed like default.
//
// The graceful shutdown drains for a moment, calls itself once more and
// prints "graceful done": a program killed in the middle never prints it.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func call(addr net.Addr, path string) {
	resp, err := http.Get(fmt.Sprintf("http://%s%s", addr, path))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func graceful(addr net.Addr) {
	time.Sleep(200 * time.Millisecond) // in-flight work draining
	call(addr, "/after")
	fmt.Println("graceful done")
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	call(ln.Addr(), "/before")
	wanted := []os.Signal{syscall.SIGINT, syscall.SIGTERM}
	switch os.Args[1] {
	case "default":
	case "notifyctx":
		ctx, stop := signal.NotifyContext(context.Background(), wanted...)
		fmt.Println("ready")
		<-ctx.Done()
		stop()
		graceful(ln.Addr())
		return
	case "stop":
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, wanted...)
		fmt.Println("ready")
		<-ch
		signal.Stop(ch)
		graceful(ln.Addr())
		os.Exit(4)
	case "reset":
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, wanted...)
		signal.Reset(wanted...)
	}
	fmt.Println("ready")
	time.Sleep(time.Minute) // killed before, by the test's signal
	os.Exit(9)
}
