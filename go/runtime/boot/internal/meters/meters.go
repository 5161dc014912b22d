// Package meters builds the SDK's meter provider for boot without naming
// its type.
//
// Any package whose code mentions the type sdkmetric.MeterProvider — even
// only as the result of NewMeterProvider — makes the compiler instantiate
// the metric SDK's generic aggregators again (some 1,600 functions, over a
// second of CPU in every cold build, and as many duplicate symbols for the
// linker to load and discard). So the constructor and the two methods boot
// needs are reached through go:linkname with an opaque pointer type: the
// same functions of the same package, called with the same arguments, as
// the exported API declares them (sdkAPIAsLinked below makes the compiler
// check that).
// The package is still separate from boot so that it compiles beside
// net/http instead of after it.
package meters

import (
	"context"
	_ "unsafe" // go:linkname

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/embedded"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
)

// sdkProvider stands for sdkmetric.MeterProvider; only pointers to it are
// used, and only as the SDK's own functions' receiver.
type sdkProvider struct{}

//go:linkname newSDKProvider go.opentelemetry.io/otel/sdk/metric.NewMeterProvider
func newSDKProvider(options ...sdkmetric.Option) *sdkProvider

//go:linkname sdkMeter go.opentelemetry.io/otel/sdk/metric.(*MeterProvider).Meter
func sdkMeter(p *sdkProvider, name string, options ...metric.MeterOption) metric.Meter

//go:linkname sdkShutdown go.opentelemetry.io/otel/sdk/metric.(*MeterProvider).Shutdown
func sdkShutdown(p *sdkProvider, ctx context.Context) error

// linked is the shape of the SDK functions this package links, for a
// provider type P.
type linked[P any] struct {
	newProvider func(...sdkmetric.Option) *P
	meter       func(*P, string, ...metric.MeterOption) metric.Meter
	shutdown    func(*P, context.Context) error
}

// The linker checks nothing about a go:linkname but the symbol's name: a
// build that resolves an SDK version whose functions differ from the
// declarations above would link and corrupt memory at run time. The
// compiler checks it here instead, in every build: the declarations and the
// SDK's exported API must have the same linked shape. A type error on the
// second line means the go.opentelemetry.io/otel/sdk/metric version this
// build resolves changed a function gotel's runtime calls through
// go:linkname; build with the version gotel.dev/runtime requires. The
// function is generic and never instantiated, so it is type-checked but
// not compiled: compiled code naming *sdkmetric.MeterProvider would cost
// the instantiations this package exists to avoid.
func sdkAPIAsLinked[_ any]() {
	_ = linked[sdkProvider]{newSDKProvider, sdkMeter, sdkShutdown}
	_ = linked[sdkmetric.MeterProvider]{sdkmetric.NewMeterProvider, (*sdkmetric.MeterProvider).Meter, (*sdkmetric.MeterProvider).Shutdown}
}

// provider is the metric.MeterProvider boot installs: the SDK's provider
// behind an interface this package can name.
type provider struct {
	embedded.MeterProvider
	p *sdkProvider
}

func (p provider) Meter(name string, options ...metric.MeterOption) metric.Meter {
	return sdkMeter(p.p, name, options...)
}

// New returns a meter provider with the resource and readers, and its
// Shutdown.
func New(res *resource.Resource, readers []sdkmetric.Reader) (metric.MeterProvider, func(context.Context) error) {
	opts := make([]sdkmetric.Option, 0, len(readers)+1)
	opts = append(opts, sdkmetric.WithResource(res))
	for _, r := range readers {
		opts = append(opts, sdkmetric.WithReader(r))
	}
	p := newSDKProvider(opts...)
	return provider{p: p}, func(ctx context.Context) error { return sdkShutdown(p, ctx) }
}
