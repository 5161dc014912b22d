package boot

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
)

func TestErrorReporterOncePerCauseAndInterval(t *testing.T) {
	out := captureWarn(t)
	clock := time.Unix(1000, 0)
	r := &errorReporter{now: func() time.Time { return clock }, causes: map[string]*errorCause{}}
	refused := func(retry string) error {
		return errors.New("otlphttp: export of spans failed, next retry in " + retry + " is past the deadline: connection refused")
	}

	r.Handle(refused("1.2s"))
	r.Handle(refused("800ms")) // same cause: its numbers differ
	r.Handle(errors.New("otlphttp: export of metrics failed: 503 Service Unavailable"))
	clock = clock.Add(reportEvery - time.Second)
	r.Handle(refused("2s"))
	want := []string{
		"gotel: otlphttp: export of spans failed, next retry in 1.2s is past the deadline: connection refused (errors like it are counted and reported at most once every 1m0s)",
		"gotel: otlphttp: export of metrics failed: 503 Service Unavailable (errors like it are counted and reported at most once every 1m0s)",
	}
	checkLines(t, out.String(), want)

	clock = clock.Add(time.Second) // a full interval since the first line
	r.Handle(refused("3s"))
	want = append(want, "gotel: otlphttp: export of spans failed, next retry in 3s is past the deadline: connection refused (3 more since it was last reported)")
	checkLines(t, out.String(), want)

	r.Handle(refused("4s"))
	r.flush() // at exit: what is still counted, and nothing for causes without repeats
	want = append(want, "gotel: otlphttp: export of spans failed, next retry in 4s is past the deadline: connection refused (1 more since it was last reported)")
	checkLines(t, out.String(), want)
	r.flush()
	checkLines(t, out.String(), want)
}

func TestErrorReporterBoundsItsCauses(t *testing.T) {
	out := captureWarn(t)
	r := &errorReporter{now: time.Now, causes: map[string]*errorCause{}}
	// maxCauses-1 kinds of their own, then four that share the last slot.
	for i := range maxCauses + 3 {
		r.Handle(errors.New("cause " + strings.Repeat("x", i)))
	}
	if len(r.causes) != maxCauses {
		t.Fatalf("%d causes kept, want at most %d", len(r.causes), maxCauses)
	}
	r.flush()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if n := len(lines); n != maxCauses+1 || lines[n-1] != "gotel: OpenTelemetry errors of other kinds (3 more since it was last reported)" {
		t.Fatalf("%d lines, the last %q; want %d, the last counting the kinds beyond the bound", n, lines[n-1], maxCauses+1)
	}
}

func checkLines(t *testing.T, got string, want []string) {
	t.Helper()
	if w := strings.Join(want, "\n") + "\n"; got != w {
		t.Fatalf("reported:\n%s\nwant:\n%s", got, w)
	}
}

func TestDefaultErrorHandlerIsRecognised(t *testing.T) {
	// This test binary links boot, whose init ran with the SDK enabled
	// unless OTEL_SDK_DISABLED is set: either way the handler is now gotel's
	// or the API's default, and a handler of the program's is neither.
	h := otel.GetErrorHandler()
	if h != otel.ErrorHandler(theErrors) && !isDefaultErrorHandler(h) {
		t.Fatalf("the global error handler is %T, neither gotel's nor the API's default", h)
	}
	if isDefaultErrorHandler(theErrors) || isDefaultErrorHandler(otel.ErrorHandlerFunc(func(error) {})) {
		t.Fatal("a handler someone set was taken for the API's default")
	}
}
