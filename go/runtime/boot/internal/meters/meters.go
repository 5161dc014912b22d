// Package meters builds the SDK's meter provider for boot.
//
// It is a package of its own for build speed only. Any package that names
// the type sdkmetric.MeterProvider makes the compiler instantiate the metric
// SDK's generic aggregators (some 1,700 functions, most of a second of CPU)
// again. boot waits for net/http (through the OTLP exporter), so when boot
// named the type, that second was added to the end of every cold build,
// after everything else had compiled. This package needs only the SDK, so it
// compiles while net/http does.
package meters

import (
	"context"

	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
)

// New returns a meter provider with the resource and readers, and its
// Shutdown.
func New(res *resource.Resource, readers []sdkmetric.Reader) (metric.MeterProvider, func(context.Context) error) {
	opts := make([]sdkmetric.Option, 0, len(readers)+1)
	opts = append(opts, sdkmetric.WithResource(res))
	for _, r := range readers {
		opts = append(opts, sdkmetric.WithReader(r))
	}
	mp := sdkmetric.NewMeterProvider(opts...)
	return mp, mp.Shutdown
}
