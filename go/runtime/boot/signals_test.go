package boot

import (
	"os"
	"sync/atomic"
	"testing"
)

type otherSignal struct{}

func (otherSignal) String() string { return "other" }
func (otherSignal) Signal()        {}

// The test binary is not built by gotel: os/signal has no injected
// answer, so boot must not have taken any signal over.
func TestNoSignalsWithoutInjectedOSSignal(t *testing.T) {
	if handledByOthers != nil || bootCh.Load() != nil {
		t.Fatal("boot registered for signals without os/signal's answer")
	}
}

// ProcessBefore records a watched signal as unhandled exactly when
// os/signal says no channel but boot's takes it.
func TestProcessBeforeRecordsUnhandled(t *testing.T) {
	ch := make(chan os.Signal, 1)
	var handled map[os.Signal]bool
	var asked chan<- os.Signal
	handledByOthers = func(s os.Signal, except chan<- os.Signal) bool {
		asked = except
		return handled[s]
	}
	unhandled = make([]atomic.Bool, len(watched))
	bootCh.Store(&ch)
	t.Cleanup(func() {
		handledByOthers, unhandled = nil, nil
		bootCh.Store(nil)
	})
	recorded := func() []int {
		var r []int
		for i := range unhandled {
			if unhandled[i].Load() {
				r = append(r, i)
			}
		}
		return r
	}

	ProcessBefore(nil, otherSignal{})
	if r := recorded(); len(r) != 0 {
		t.Fatalf("an unwatched signal was recorded: %v", r)
	}
	for i, s := range watched {
		handled = map[os.Signal]bool{s: true}
		ProcessBefore(nil, s)
		if r := recorded(); len(r) != 0 {
			t.Fatalf("%v handled by the program was recorded: %v", s, r)
		}
		handled = nil
		ProcessBefore(nil, s)
		if r := recorded(); len(r) != 1 || r[0] != i {
			t.Fatalf("%v with no handler: recorded %v, want [%d]", s, r, i)
		}
		if asked != (chan<- os.Signal)(ch) {
			t.Fatal("os/signal was not asked to leave boot's own channel out")
		}
		unhandled[i].Store(false)
	}
}
