package boot

import (
	"os"
	"os/signal"
	"sync"
	"sync/atomic"

	"gotel.dev/runtime/hook"
)

// Flushing on SIGINT/SIGTERM without changing what the program does:
// boot registers its own channel for the signals in watched (per OS, in
// signals_<os>.go). When one is delivered, ProcessBefore (woven into
// os/signal's delivery function, process) asks os/signal itself whether any
// other channel takes that signal at that moment. If none does, boot flushes
// and then ends the process as the signal's default action would (raise);
// if the program has a handler, boot does nothing: the program decides, and
// its exit (return from main, os.Exit) flushes through the other hooks.
// Deciding at delivery, not when boot's goroutine gets to run, matters: a
// program that unregisters right after receiving (<-ctx.Done(); stop())
// must not be killed in the middle of its graceful shutdown.

var sigs struct {
	mu sync.Mutex
	// startIgnored: watched signals ignored when the process started (e.g.
	// SIGINT under nohup). Registering for them would un-ignore them.
	startIgnored map[os.Signal]bool
	dying        bool
}

// bootCh is boot's own channel; nil until startSignals has registered it.
var bootCh atomic.Pointer[chan os.Signal]

// unhandled[i] is set by ProcessBefore when watched[i] was delivered while
// no channel of the program took it; boot's goroutine acts on it. Made
// before bootCh is stored, read only after it is loaded.
var unhandled []atomic.Bool

// handledByOthers is os/signal's answer to "is a channel other than except
// registered for sig?", under os/signal's own lock. The file gotel injects
// into os/signal (inject/signal_handled.go.txt) registers it at init, so it
// is nil in a program gotel did not build, where boot leaves signals alone.
var handledByOthers func(sig os.Signal, except chan<- os.Signal) bool

// registerHandledBy is called, through go:linkname, by the init of the file
// injected into os/signal, which runs before boot's.
func registerHandledBy(f func(sig os.Signal, except chan<- os.Signal) bool) {
	handledByOthers = f
}

var _ = registerHandledBy // referenced only through go:linkname

func startSignals() {
	if handledByOthers == nil || len(watched) == 0 {
		return
	}
	ch := make(chan os.Signal, 1)
	sigs.mu.Lock()
	sigs.startIgnored = make(map[os.Signal]bool)
	for _, s := range watched {
		if signal.Ignored(s) {
			sigs.startIgnored[s] = true
		}
	}
	sigs.mu.Unlock()
	unhandled = make([]atomic.Bool, len(watched))
	bootCh.Store(&ch)
	resync()
	go watch(ch)
}

// resync registers boot's channel for every watched signal that is not
// ignored. signal.Ignore and signal.Reset drop boot's registration along with
// the program's; after Reset the default action applies again, and boot must
// be there to flush before it.
func resync() {
	p := bootCh.Load()
	if p == nil {
		return
	}
	sigs.mu.Lock()
	defer sigs.mu.Unlock()
	if sigs.dying {
		return
	}
	var want []os.Signal
	for _, s := range watched {
		if !sigs.startIgnored[s] && !signal.Ignored(s) {
			want = append(want, s)
		}
	}
	if len(want) > 0 { // Notify with no signals would mean all signals
		signal.Notify(*p, want...)
	}
}

func watchedIndex(s os.Signal) int {
	for i, w := range watched {
		if w == s {
			return i
		}
	}
	return -1
}

// ProcessBefore runs at the start of os/signal's process(sig), in the
// goroutine that delivers signals to channels, once per delivered signal.
// Only os/signal's process sends to channels, and a channel being stopped
// still gets what process sends until it is done (os/signal's Stop waits
// for that), so the answer holds for this delivery. It only records: the
// flush must not hold up the delivery of other signals.
func ProcessBefore(hc *hook.Context, sig os.Signal) {
	p := bootCh.Load()
	if p == nil {
		return
	}
	i := watchedIndex(sig)
	if i < 0 || handledByOthers(sig, *p) {
		return
	}
	unhandled[i].Store(true)
}

// watch waits for boot's channel, which process fills right after
// ProcessBefore; a signal the program handled was not recorded and is
// passed over.
func watch(ch chan os.Signal) {
	for range ch {
		for i, s := range watched {
			if unhandled[i].Load() {
				flushNow()
				die(ch, s)
				return
			}
		}
	}
}

// die stops boot's channel and ends the process as s would have (raise).
// If the program registered a handler in the meantime, a re-raised signal
// goes to it, which is what the program asked for.
func die(ch chan os.Signal, s os.Signal) {
	sigs.mu.Lock()
	sigs.dying = true
	sigs.mu.Unlock()
	signal.Stop(ch)
	raise(s)
}

// StopAfter runs when signal.Stop returns. A signal that the program had
// ignored (dropping boot's registration) and then handled goes back to its
// default action when its last channel stops, so boot registers again; one
// ignored at start-up goes back to ignored, which resync leaves alone.
func StopAfter(hc *hook.Context) {
	resync()
}

// ResetAfter runs when signal.Reset returns: the default action is back,
// so boot registers again to flush before it.
func ResetAfter(hc *hook.Context) {
	resync()
}
