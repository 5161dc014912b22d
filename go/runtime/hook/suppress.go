package hook

import "context"

// suppressKey marks a context whose work must not be instrumented: the
// exporters' own HTTP/gRPC requests carry it, so that exporting spans does
// not create spans (an endless feedback loop).
type suppressKey struct{}

// Suppress returns a copy of ctx that instrumentation hooks leave alone.
func Suppress(ctx context.Context) context.Context {
	return context.WithValue(ctx, suppressKey{}, true)
}

// Suppressed reports whether ctx (or a parent of it) was marked by Suppress.
func Suppressed(ctx context.Context) bool {
	if ctx == nil {
		return false
	}
	v, _ := ctx.Value(suppressKey{}).(bool)
	return v
}
