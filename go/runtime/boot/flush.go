package boot

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"

	"gotel.dev/runtime/hook"
)

// theFlusher is nil until init has built the SDK (and stays nil when the SDK
// is disabled), so hooks that run earlier or in a disabled program do nothing.
var theFlusher atomic.Pointer[flusher]

// flusher shuts the providers down, which exports everything they still
// hold. It runs at most once; every caller waits for it, each at most the
// timeout, so no exit path blocks for longer than that.
type flusher struct {
	timeout   time.Duration
	mu        sync.Mutex // guards shutdowns, which the log pipeline joins late
	shutdowns []func(context.Context) error
	started   atomic.Bool
	done      chan struct{}
	timedOut  atomic.Bool
}

func newFlusher(timeout time.Duration, shutdowns []func(context.Context) error) *flusher {
	return &flusher{timeout: timeout, shutdowns: shutdowns, done: make(chan struct{})}
}

// add makes the flush shut down one more provider. A provider added once the
// flush has started is left out: the program is ending.
func (f *flusher) add(sd func(context.Context) error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.started.Load() {
		f.shutdowns = append(f.shutdowns, sd)
	}
}

// Flush starts the flush if nobody has, then waits until it is done or the
// timeout has passed. It reports whether the flush finished in time.
func (f *flusher) Flush() bool {
	if f == nil {
		return true
	}
	if f.started.CompareAndSwap(false, true) {
		go f.run()
	}
	// A little longer than the shutdown context, so that exporters that honour
	// it finish and report before the waiter gives up.
	t := time.NewTimer(f.timeout + f.timeout/10)
	defer t.Stop()
	select {
	case <-f.done:
		return !f.timedOut.Load()
	case <-t.C:
		f.reportTimeout()
		return false
	}
}

// run shuts the providers down in parallel, so that one slow exporter does
// not eat the time of the others.
func (f *flusher) run() {
	defer close(f.done)
	checkOwnSDK() // the program may have installed its SDK after the last instrumented call
	ctx, cancel := context.WithTimeout(hook.Suppress(context.Background()), f.timeout)
	defer cancel()
	f.mu.Lock()
	shutdowns := f.shutdowns
	f.mu.Unlock()
	var wg sync.WaitGroup
	for _, sd := range shutdowns {
		wg.Add(1)
		go func(sd func(context.Context) error) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					warn("flush panicked: " + hook.DescribePanic(r))
				}
			}()
			err := sd(ctx)
			if errors.Is(err, context.DeadlineExceeded) {
				f.reportTimeout()
			} else if err != nil {
				otel.Handle(err)
			}
		}(sd)
	}
	wg.Wait()
	theErrors.flush()
}

func (f *flusher) reportTimeout() {
	if f.timedOut.CompareAndSwap(false, true) {
		warn("telemetry flush did not finish within " + strconv.FormatInt(f.timeout.Milliseconds(), 10) + "ms (OTEL_GO_FLUSH_TIMEOUT); some telemetry may be lost")
	}
}

// flushNow flushes the SDK that init built, if any.
func flushNow() {
	theFlusher.Load().Flush()
}
