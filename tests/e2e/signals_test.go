package e2e

import (
	"fmt"
	"slices"
	"syscall"
	"testing"
	"time"
)

// signalled runs bin in mode, sends it s once it is ready and returns how
// it ended and everything it printed.
func signalled(t *testing.T, bin string, env []string, mode string, s syscall.Signal) (syscall.WaitStatus, []string) {
	t.Helper()
	p := start(t, bin, env, mode)
	var out []string
	timeout := time.After(30 * time.Second)
	for !slices.Contains(out, "ready") {
		select {
		case line, ok := <-p.stdout:
			if !ok {
				t.Fatalf("%s ended before it was ready: %q %s", mode, out, p.Stderr())
			}
			out = append(out, line)
		case <-timeout:
			t.Fatalf("%s was not ready within 30s: %q", mode, out)
		}
	}
	if err := p.cmd.Process.Signal(s); err != nil {
		t.Fatal(err)
	}
	ws := p.wait(t)
	for line := range p.stdout { // closed before done
		out = append(out, line)
	}
	return ws, out
}

// A program built with gotel ends as the plain build does on SIGINT and
// SIGTERM: killed by the signal when it has no handler (after flushing),
// and, when it handles the signal and then unregisters (NotifyContext's
// stop, signal.Stop), through its own graceful shutdown and exit, whose
// telemetry is flushed too. boot decides from the handlers as they were
// when the signal was delivered; with one P its goroutine runs only after
// the program's, which used to kill such a program mid-shutdown.
func TestSignalsEndLikePlainBuild(t *testing.T) {
	dir := newModule(t, "signals")
	plain := build(t, dir, false)
	inst := build(t, dir, true)
	for _, mode := range []string{"default", "reset", "notifyctx", "stop"} {
		rounds := 1
		if mode == "notifyctx" || mode == "stop" {
			rounds = 3 // the old defect was a race: give it chances
		}
		for _, s := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			for _, procs := range []string{"1", "4"} {
				t.Run(fmt.Sprintf("%s/%s/GOMAXPROCS=%s", mode, s, procs), func(t *testing.T) {
					env := []string{"GOMAXPROCS=" + procs}
					wantWS, wantOut := signalled(t, plain, env, mode, s)
					for range rounds {
						c := startCollector(t)
						ws, out := signalled(t, inst, programEnv(c, "signals", append(env, "OTEL_BSP_SCHEDULE_DELAY=600000")...), mode, s)
						if ws != wantWS || !slices.Equal(out, wantOut) {
							t.Fatalf("gotel build: status %v, stdout %q; plain build: %v, %q", ws, out, wantWS, wantOut)
						}
						// Only a flush on the way out can have sent them.
						paths := []string{"/before"}
						if slices.Contains(out, "graceful done") {
							paths = append(paths, "/after")
						}
						for _, path := range paths {
							if n := len(c.spansWhere(func(sp span) bool { return sp.Kind == "server" && sp.Attrs["url.path"] == path })); n != 1 {
								t.Fatalf("%d server spans for %s, want 1 (all: %v)", n, path, c.spans())
							}
						}
					}
				})
			}
		}
	}
}

// With nothing to flush boot leaves the signals alone.
func TestSignalsWithSDKDisabled(t *testing.T) {
	dir := newModule(t, "signals")
	inst := build(t, dir, true)
	c := startCollector(t)
	ws, _ := signalled(t, inst, programEnv(c, "signals", "OTEL_SDK_DISABLED=true"), "default", syscall.SIGTERM)
	if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Fatalf("wait status %v, want killed by SIGTERM", ws)
	}
	if n := len(c.spans()); n != 0 {
		t.Fatalf("disabled SDK exported %d spans", n)
	}
}
