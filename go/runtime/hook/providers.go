package hook

import "sync/atomic"

// onProvidersChanged is what the SDK bootstrap wants done when an
// instrumentation finds the global OpenTelemetry providers changed.
var onProvidersChanged atomic.Pointer[func()]

// OnProvidersChanged registers f (gotel.dev/runtime/boot does, to notice a
// program that installs its own SDK).
func OnProvidersChanged(f func()) { onProvidersChanged.Store(&f) }

// ProvidersChanged is called by an instrumentation when the global tracer or
// meter provider differs from the one it last used: rarely, since it
// caches its instruments per provider.
func ProvidersChanged() {
	if f := onProvidersChanged.Load(); f != nil {
		(*f)()
	}
}
