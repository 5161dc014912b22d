package boot

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFlushRunsOnceForConcurrentCallers(t *testing.T) {
	var calls atomic.Int32
	f := newFlusher(5*time.Second, []func(context.Context) error{
		func(context.Context) error { calls.Add(1); return nil },
		func(context.Context) error { calls.Add(1); return nil },
	})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !f.Flush() {
				t.Error("flush reported a timeout")
			}
		}()
	}
	wg.Wait()
	f.Flush()
	if n := calls.Load(); n != 2 {
		t.Fatalf("shutdown functions ran %d times, want 2 (once each)", n)
	}
}

func TestFlushIsBoundedWhenExporterHangs(t *testing.T) {
	out := captureWarn(t)
	release := make(chan struct{})
	defer close(release)
	honoured := make(chan struct{})
	f := newFlusher(100*time.Millisecond, []func(context.Context) error{
		// Honours the deadline.
		func(ctx context.Context) error { <-ctx.Done(); close(honoured); return ctx.Err() },
		// Ignores it: the waiter must give up on its own.
		func(context.Context) error { <-release; return nil },
	})
	done := make(chan bool, 1)
	go func() { done <- f.Flush() }()
	select {
	case ok := <-done:
		if ok {
			t.Fatal("Flush reported success although an exporter hung")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Flush did not return within its bound")
	}
	// A second caller does not start another flush and is bounded too.
	if f.Flush() {
		t.Fatal("second Flush reported success")
	}
	select {
	case <-honoured:
	case <-time.After(10 * time.Second):
		t.Fatal("shutdown context had no deadline")
	}
	if n := strings.Count(out.String(), "telemetry flush did not finish within 100ms"); n != 1 {
		t.Fatalf("timeout reported %d times: %q", n, out.String())
	}
}

func TestFlushSurvivesPanicAndNil(t *testing.T) {
	out := captureWarn(t)
	f := newFlusher(time.Second, []func(context.Context) error{
		func(context.Context) error { panic("boom") },
	})
	if !f.Flush() {
		t.Fatal("a panicking shutdown must not count as a timeout")
	}
	if !strings.Contains(out.String(), "gotel: flush panicked: boom") {
		t.Fatalf("panic not reported: %q", out.String())
	}
	var nilFlusher *flusher
	if !nilFlusher.Flush() {
		t.Fatal("nil flusher (SDK disabled) must be a no-op")
	}
}
