// Package boot starts the OpenTelemetry SDK of a program built by gotel.
//
// gotel adds a blank import of boot to every main package. Its init reads the
// standard OTEL_* environment variables, builds the official SDK's tracer and
// meter providers with the exporters asked for, and installs them and the
// propagators as the globals. It also holds the hooks that flush telemetry
// when the program ends (return from main.main, os.Exit, SIGINT/SIGTERM);
// see rules.yaml at the module root and docs/configuration.md.
package boot

import (
	"context"
	"io"
	"os"
	"sync"

	"go.opentelemetry.io/contrib/propagators/aws/xray"
	"go.opentelemetry.io/contrib/propagators/b3"
	"go.opentelemetry.io/contrib/propagators/jaeger"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"gotel.dev/runtime/boot/internal/meters"
	"gotel.dev/runtime/boot/internal/rtmetrics"
	"gotel.dev/runtime/otlphttp"
)

func init() {
	start(os.LookupEnv)
}

// start configures the SDK from the environment. It runs once, from init.
func start(getenv getenvFunc) {
	cfg, msgs := loadConfig(getenv)
	for _, m := range msgs {
		warn(m)
	}
	if cfg.disabled {
		return // the globals stay the API's no-op providers
	}
	installErrorHandler()
	ctx := context.Background()
	// Whatever the program installed before this init (a package of its
	// own whose init set up the SDK) stays: see own.go.
	propEnv, _ := getenv("OTEL_PROPAGATORS")
	if apiDefault(otel.GetTextMapPropagator()) {
		ours.prop = &gotelPropagator{buildPropagator(cfg.propagators)}
		ours.propEnv = propEnv
		otel.SetTextMapPropagator(ours.prop)
	} else {
		warn("the program installed its own propagator before gotel started; gotel's instrumentation uses it" +
			propagatorsIgnored(propEnv))
	}
	if len(cfg.traces) > 0 && !apiDefault(otel.GetTracerProvider()) {
		warn("the program installed its own TracerProvider before gotel started: gotel's spans go to it")
		cfg.traces = nil
	}
	if len(cfg.metrics) > 0 && !apiDefault(otel.GetMeterProvider()) {
		warn("the program installed its own MeterProvider before gotel started: gotel's metrics go to it")
		cfg.metrics = nil
	}
	res := buildResource(ctx)
	logsCfg.Lock()
	logsCfg.cfg, logsCfg.res, logsCfg.started = cfg, res, true
	logsCfg.Unlock()

	wait := grpcWait{guess: cfg.grpcGuess}
	var shutdowns []func(context.Context) error
	if len(cfg.traces) > 0 {
		opts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
		for _, kind := range cfg.traces {
			var exp sdktrace.SpanExporter
			var err error
			if kind == kindOTLP && cfg.tracesProto == protoGRPC {
				wait.traces, wait.tracesVar = true, cfg.tracesProtoV
				exp = lazySpans{}
			} else if exp, err = newSpanExporter(ctx, kind); err != nil {
				warn("cannot create the " + kind + " trace exporter: " + err.Error())
				continue
			}
			// The SDK's batch processor reads OTEL_BSP_* itself; the
			// provider reads OTEL_TRACES_SAMPLER(_ARG) and span limits.
			opts = append(opts, sdktrace.WithBatcher(suppressSpans{exp}))
		}
		tp := sdktrace.NewTracerProvider(opts...)
		otel.SetTracerProvider(tp)
		ours.tp, ours.tpDown = tp, onceShutdown(tp.Shutdown)
		shutdowns = append(shutdowns, ours.tpDown)
	}
	if len(cfg.metrics) > 0 {
		runtimeOn := rtmetrics.Enabled()
		var readers []sdkmetric.Reader
		for _, kind := range cfg.metrics {
			var exp sdkmetric.Exporter
			var err error
			if kind == kindOTLP && cfg.metricsProto == protoGRPC {
				wait.metrics, wait.metricsVar = true, cfg.metricsProtoV
				ref, _ := otlphttp.NewMetricExporter(ctx)
				wait.metricRef = ref
				exp = lazyMetrics{ref: ref}
			} else if exp, err = newMetricExporter(ctx, kind); err != nil {
				warn("cannot create the " + kind + " metric exporter: " + err.Error())
				continue
			}
			// The periodic reader reads OTEL_METRIC_EXPORT_INTERVAL/_TIMEOUT.
			var opts []sdkmetric.PeriodicReaderOption
			if runtimeOn {
				// The runtime's histograms reach the reader through a producer
				// of its own (the API has no asynchronous histogram).
				p := rtmetrics.NewProducer(exp.Temporality(sdkmetric.InstrumentKindHistogram))
				opts = append(opts, sdkmetric.WithProducer(p))
			}
			readers = append(readers, sdkmetric.NewPeriodicReader(suppressMetrics{exp}, opts...))
		}
		mp, shutdown := meters.New(res, readers)
		if runtimeOn {
			if err := rtmetrics.Register(mp); err != nil {
				warn("runtime metrics: " + err.Error())
			}
		}
		otel.SetMeterProvider(mp)
		ours.mp, ours.mpDown = mp, onceShutdown(shutdown)
		shutdowns = append(shutdowns, ours.mpDown)
	}
	if wait.traces || wait.metrics {
		grpcReg.mu.Lock()
		grpcReg.wait = &wait
		grpcReg.mu.Unlock()
	}
	if len(shutdowns) == 0 {
		return // nothing to flush: leave the program's signals alone
	}
	theFlusher.Store(newFlusher(cfg.flushTimeout, shutdowns))
	startSignals()
}

// buildResource merges the spec's default resource (service.name
// "unknown_service:<exe>", telemetry.sdk.*, OTEL_RESOURCE_ATTRIBUTES,
// OTEL_SERVICE_NAME) with host, OS and process detectors. Command-line
// arguments and the process owner are left out: arguments can carry secrets.
func buildResource(ctx context.Context) *resource.Resource {
	detected, err := resource.New(ctx,
		resource.WithHost(),
		resource.WithOSType(),
		resource.WithProcessPID(),
		resource.WithProcessExecutableName(),
		resource.WithProcessExecutablePath(),
		resource.WithProcessRuntimeName(),
		resource.WithProcessRuntimeVersion(),
		resource.WithProcessRuntimeDescription(),
		resource.WithTelemetrySDK(),
		resource.WithFromEnv(), // last: the user's attributes win
	)
	if err != nil {
		warn("resource: " + err.Error())
	}
	if detected == nil {
		return resource.Default()
	}
	merged, err := resource.Merge(resource.Default(), detected)
	if err != nil {
		return detected
	}
	return merged
}

// buildPropagator composes the propagators named in OTEL_PROPAGATORS
// (already validated by loadConfig).
func buildPropagator(names []string) propagation.TextMapPropagator {
	var ps []propagation.TextMapPropagator
	for _, n := range names {
		switch n {
		case "tracecontext":
			ps = append(ps, propagation.TraceContext{})
		case "baggage":
			ps = append(ps, propagation.Baggage{})
		case "b3":
			ps = append(ps, b3.New())
		case "b3multi":
			ps = append(ps, b3.New(b3.WithInjectEncoding(b3.B3MultipleHeader)))
		case "jaeger":
			ps = append(ps, jaeger.Jaeger{})
		case "xray":
			ps = append(ps, xray.Propagator{})
		case "ottrace":
			ps = append(ps, otTrace{})
		}
	}
	return propagation.NewCompositeTextMapPropagator(ps...)
}

var (
	warnMu  sync.Mutex
	warnOut io.Writer = os.Stderr
)

// warn prints one line on stderr.
func warn(msg string) {
	warnMu.Lock()
	defer warnMu.Unlock()
	io.WriteString(warnOut, "gotel: "+msg+"\n")
}
