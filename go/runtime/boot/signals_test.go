package boot

import (
	"os"
	"syscall"
	"testing"
)

// The test binary's own init ran start(), so boot's channel is registered
// and the tracking tables exist, as in an instrumented program.
func TestSignalTracking(t *testing.T) {
	if bootCh.Load() == nil {
		t.Skip("SDK disabled in this environment")
	}
	a := make(chan os.Signal, 1)
	b := make(chan os.Signal, 1)
	defer StopBefore(nil, a)
	defer StopBefore(nil, b)

	if userHandles(syscall.SIGTERM) || userHandles(syscall.SIGINT) {
		t.Fatal("no program handler yet")
	}
	// boot's own registration does not count.
	NotifyBefore(nil, *bootCh.Load(), []os.Signal{syscall.SIGTERM})
	if userHandles(syscall.SIGTERM) {
		t.Fatal("boot's own Notify counted as the program's")
	}
	// Unwatched signals are not tracked; os.Interrupt is SIGINT.
	NotifyBefore(nil, a, []os.Signal{syscall.SIGUSR1, os.Interrupt})
	if !userHandles(syscall.SIGINT) || userHandles(syscall.SIGTERM) {
		t.Fatal("Notify(a, USR1, Interrupt) tracked wrongly")
	}
	// Notify with no signals means all of them.
	NotifyBefore(nil, b, nil)
	if !userHandles(syscall.SIGTERM) {
		t.Fatal("Notify(b) with no signals must cover SIGTERM")
	}
	ResetBefore(nil, []os.Signal{syscall.SIGTERM})
	if userHandles(syscall.SIGTERM) || !userHandles(syscall.SIGINT) {
		t.Fatal("Reset(SIGTERM) must drop SIGTERM only")
	}
	StopBefore(nil, a)
	if !userHandles(syscall.SIGINT) {
		t.Fatal("b still handles SIGINT")
	}
	IgnoreBefore(nil, nil)
	if userHandles(syscall.SIGINT) || userHandles(syscall.SIGTERM) {
		t.Fatal("Ignore() with no signals drops every handler")
	}
	// A nil channel (Notify will panic) is not recorded.
	NotifyBefore(nil, nil, nil)
	if userHandles(syscall.SIGTERM) {
		t.Fatal("nil channel recorded")
	}
}

func TestForEachWatched(t *testing.T) {
	var got []os.Signal
	forEachWatched([]os.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGTERM}, func(s os.Signal) { got = append(got, s) })
	if len(got) != 1 || got[0] != syscall.SIGTERM {
		t.Fatalf("got %v", got)
	}
}
