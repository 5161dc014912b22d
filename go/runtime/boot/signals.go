package boot

import (
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"

	"gotel.dev/runtime/hook"
)

// Flushing on SIGINT/SIGTERM without changing what the program does:
// boot registers its own channel for both signals. When one arrives and the
// program has no handler of its own for it (the hooks on os/signal below keep
// count), boot flushes, removes its channel and sends the signal again, so
// the runtime's default action kills the process with that signal. When the
// program does have a handler, boot does nothing: the program decides, and
// its exit (return from main, os.Exit) flushes through the other hooks.

var watched = []os.Signal{syscall.SIGINT, syscall.SIGTERM}

var sigs struct {
	mu sync.Mutex
	// users: for each watched signal, the program's channels registered
	// for it.
	users map[os.Signal]map[chan<- os.Signal]struct{}
	// startIgnored: watched signals ignored when the process started (e.g.
	// SIGINT under nohup). Registering for them would un-ignore them.
	startIgnored map[os.Signal]bool
	dying        bool
}

// bootCh is boot's own channel; its registrations are not the program's.
var bootCh atomic.Pointer[chan os.Signal]

func isBoot(c chan<- os.Signal) bool {
	p := bootCh.Load()
	return p != nil && (chan<- os.Signal)(*p) == c
}

func startSignals() {
	ch := make(chan os.Signal, 2)
	sigs.mu.Lock()
	sigs.users = make(map[os.Signal]map[chan<- os.Signal]struct{})
	sigs.startIgnored = make(map[os.Signal]bool)
	for _, s := range watched {
		sigs.users[s] = make(map[chan<- os.Signal]struct{})
		if signal.Ignored(s) {
			sigs.startIgnored[s] = true
		}
	}
	sigs.mu.Unlock()
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

// userHandles reports whether the program has a channel registered for s.
func userHandles(s os.Signal) bool {
	sigs.mu.Lock()
	defer sigs.mu.Unlock()
	return len(sigs.users[s]) > 0
}

func watch(ch chan os.Signal) {
	for s := range ch {
		if userHandles(s) {
			continue
		}
		flushNow()
		die(ch, s)
		return
	}
}

// die restores the default action of s and sends it again to this process.
// If the program registered a handler in the meantime, that handler gets it,
// which is what the program asked for.
func die(ch chan os.Signal, s os.Signal) {
	sigs.mu.Lock()
	sigs.dying = true
	sigs.mu.Unlock()
	signal.Stop(ch)
	if n, ok := s.(syscall.Signal); ok {
		syscall.Kill(syscall.Getpid(), n)
	}
}

// forEachWatched calls f for the watched signals among list; an empty list
// means every signal, as in os/signal.
func forEachWatched(list []os.Signal, f func(os.Signal)) {
	for _, w := range watched {
		if len(list) == 0 {
			f(w)
			continue
		}
		for _, s := range list {
			if s == w {
				f(w)
				break
			}
		}
	}
}

// NotifyBefore runs at the start of signal.Notify(c, sig...).
func NotifyBefore(hc *hook.Context, c chan<- os.Signal, sig []os.Signal) {
	if c == nil || isBoot(c) {
		return
	}
	sigs.mu.Lock()
	defer sigs.mu.Unlock()
	if sigs.users == nil {
		return
	}
	forEachWatched(sig, func(s os.Signal) { sigs.users[s][c] = struct{}{} })
}

// StopBefore runs at the start of signal.Stop(c).
func StopBefore(hc *hook.Context, c chan<- os.Signal) {
	if c == nil || isBoot(c) {
		return
	}
	sigs.mu.Lock()
	defer sigs.mu.Unlock()
	for _, m := range sigs.users {
		delete(m, c)
	}
}

// StopAfter runs when signal.Stop returns. Stopping the program's last
// channel for a signal that was ignored before restores its start-up
// state, which resync must not override; otherwise boot stays registered.
func StopAfter(hc *hook.Context) {
	resync()
}

// IgnoreBefore runs at the start of signal.Ignore(sig...): the signals lose
// every handler, the program's and boot's.
func IgnoreBefore(hc *hook.Context, sig []os.Signal) {
	dropUsers(sig)
}

// ResetBefore runs at the start of signal.Reset(sig...).
func ResetBefore(hc *hook.Context, sig []os.Signal) {
	dropUsers(sig)
}

// ResetAfter runs when signal.Reset returns: the default action is back,
// so boot registers again to flush before it.
func ResetAfter(hc *hook.Context) {
	resync()
}

func dropUsers(sig []os.Signal) {
	sigs.mu.Lock()
	defer sigs.mu.Unlock()
	if sigs.users == nil {
		return
	}
	forEachWatched(sig, func(s os.Signal) { clear(sigs.users[s]) })
}
