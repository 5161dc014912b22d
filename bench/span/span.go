// Package span measures //gotel:span (docs/custom.md) on an empty function
// against the same span written by hand with the OpenTelemetry API.
package span

import (
	"context"

	"go.opentelemetry.io/otel"
)

// Directive is empty but for the span gotel weaves around it.
//
//gotel:span
func Directive(ctx context.Context, n int) error { return nil }

// Manual is the hand-written equivalent.
func Manual(ctx context.Context, n int) error {
	_, sp := otel.Tracer("bench").Start(ctx, "span.Manual")
	defer sp.End()
	return nil
}

// Plain has no span at all.
func Plain(ctx context.Context, n int) error { return nil }
