package boot

import (
	"context"
	"go.opentelemetry.io/otel/log/global"
	"reflect"
	"strings"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/hook"
)

// A program with OpenTelemetry code of its own may install its own SDK
// (otel.SetTracerProvider, SetMeterProvider, SetLoggerProvider,
// SetTextMapPropagator). It
// keeps it: gotel's instrumentations follow the global providers, so their
// spans and metrics go to the program's, and gotel shuts its own pipeline
// down (exporting what it already holds, once) and says so in one line. A
// propagator the program installs wins over OTEL_PROPAGATORS, which only
// configures gotel's default. docs/configuration.md, "A program with its own
// SDK".

// ours is what boot installed; nil fields were not installed.
var ours struct {
	mu       sync.Mutex
	tp       trace.TracerProvider
	mp       metric.MeterProvider
	lp       log.LoggerProvider
	prop     propagation.TextMapPropagator
	propEnv  string                      // OTEL_PROPAGATORS as set, "" when unset
	tpDown   func(context.Context) error // shuts tp down (once)
	mpDown   func(context.Context) error
	lpDown   func(context.Context) error
	reported [4]bool // tracer, meter, propagator, logger
}

// gotelPropagator wraps boot's propagator so that it can be told apart from
// the program's by pointer: composite propagators are slices, which == cannot
// compare.
type gotelPropagator struct{ propagation.TextMapPropagator }

// apiDefault reports whether v is the API's own global placeholder (the
// delegating provider or propagator of go.opentelemetry.io/otel/internal/global),
// that is, whether nobody has installed anything yet.
func apiDefault(v any) bool {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return false
	}
	// The logs API kept its own globals until it became v1.47.0.
	p := t.Elem().PkgPath()
	return strings.HasSuffix(p, "go.opentelemetry.io/otel/internal/global") ||
		strings.HasSuffix(p, "go.opentelemetry.io/otel/log/internal/global")
}

func init() { hook.OnProvidersChanged(checkOwnSDK) }

// checkOwnSDK compares the globals with what boot installed and, for each
// the program replaced, says so once and shuts gotel's down in the
// background (its shutdown exports what it still holds).
func checkOwnSDK() {
	ours.mu.Lock()
	defer ours.mu.Unlock()
	if ours.tp != nil && !ours.reported[0] && !same(otel.GetTracerProvider(), ours.tp) {
		ours.reported[0] = true
		warn("the program installed its own TracerProvider: gotel's spans go to it, and gotel's own trace pipeline is shut down")
		go ours.tpDown(hook.Suppress(context.Background()))
	}
	if ours.mp != nil && !ours.reported[1] && !same(otel.GetMeterProvider(), ours.mp) {
		ours.reported[1] = true
		warn("the program installed its own MeterProvider: gotel's metrics go to it, and gotel's own metric pipeline is shut down")
		go ours.mpDown(hook.Suppress(context.Background()))
	}
	if ours.lp != nil && !ours.reported[3] && !same(global.GetLoggerProvider(), ours.lp) {
		ours.reported[3] = true
		warn("the program installed its own LoggerProvider: gotel's log records go to it, and gotel's own log pipeline is shut down")
		go ours.lpDown(hook.Suppress(context.Background()))
	}
	if ours.prop != nil && !ours.reported[2] && !same(otel.GetTextMapPropagator(), ours.prop) {
		ours.reported[2] = true
		warn("the program installed its own propagator, which gotel's instrumentation uses" +
			propagatorsIgnored(ours.propEnv))
	}
}

// propagatorsIgnored is the note for a set OTEL_PROPAGATORS the program's
// propagator overrides.
func propagatorsIgnored(env string) string {
	if env == "" {
		return ""
	}
	return " (OTEL_PROPAGATORS=" + env + " is not applied)"
}

// same compares two interface values without panicking on dynamic types ==
// cannot compare.
func same(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return a == b
}

// onceShutdown lets boot's flush and checkOwnSDK both shut a provider down
// without the second call reporting an error.
func onceShutdown(f func(context.Context) error) func(context.Context) error {
	var once sync.Once
	return func(ctx context.Context) (err error) {
		once.Do(func() { err = f(ctx) })
		return err
	}
}
