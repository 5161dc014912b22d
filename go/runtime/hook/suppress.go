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

// layerKey marks a context handed down by an instrumentation that traces
// an operation at a higher layer of one kind (database/sql over its
// driver), so that the instrumentation of the library beneath (pgx under
// pgx/v5/stdlib) does not trace the same operation a second time.
type layerKey struct{ kind string }

// EnterLayer returns a copy of ctx marked as inside a traced operation of
// kind (such as "db").
func EnterLayer(ctx context.Context, kind string) context.Context {
	return context.WithValue(ctx, layerKey{kind}, true)
}

// InLayer reports whether ctx (or a parent of it) was marked by EnterLayer
// with kind.
func InLayer(ctx context.Context, kind string) bool {
	if ctx == nil {
		return false
	}
	v, _ := ctx.Value(layerKey{kind}).(bool)
	return v
}
