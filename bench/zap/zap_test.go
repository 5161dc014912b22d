// Package zapbench measures one zap entry written inside a span: the plain
// program, the same program built with gotel (trace_id/span_id fields
// added from the goroutine's span, and the entry exported to the logs
// signal), and the contrib otelzap bridge exporting by hand beside the
// same JSON core. Every exporting variant emits into the same SDK
// pipeline: a batch processor whose exporter discards.
package zapbench

import (
	"context"
	"testing"

	"go.opentelemetry.io/contrib/bridges/otelzap"
	"go.opentelemetry.io/otel"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

type discard struct{}

func (discard) Export(context.Context, []sdklog.Record) error { return nil }
func (discard) Shutdown(context.Context) error                { return nil }
func (discard) ForceFlush(context.Context) error              { return nil }

var provider = sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(discard{})))

func init() {
	// The program's own providers: under gotel its entries go to them (and
	// gotel builds no pipeline of its own), so both exporting variants pay
	// the same SDK path. The tracer records nothing but samples every span.
	otel.SetLoggerProvider(provider)
	otel.SetTracerProvider(sdktrace.NewTracerProvider())
}

func jsonCore() zapcore.Core {
	return zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(discardWriter{}), zap.InfoLevel)
}

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// bench logs inside a span started with the OpenTelemetry API: the context
// goes to otelzap as a field (its documented way); gotel finds the span on
// the goroutine, since zap has no context parameter.
func bench(b *testing.B, l *zap.Logger, withCtx bool) {
	ctx, span := otel.Tracer("bench").Start(context.Background(), "work")
	defer span.End()
	b.ReportAllocs()
	for b.Loop() {
		if withCtx {
			l.Info("request handled", zap.String("user", "alice"), zap.Int("status", 200), zap.Int("bytes", 5120), zap.Any("ctx", ctx))
		} else {
			l.Info("request handled", zap.String("user", "alice"), zap.Int("status", 200), zap.Int("bytes", 5120))
		}
	}
}

// BenchmarkJSON: the program's JSON core (under gotel: correlation fields
// and export added).
func BenchmarkJSON(b *testing.B) { bench(b, zap.New(jsonCore()), false) }

// BenchmarkJSONOtelzap: the same JSON output plus export through the
// contrib bridge (zapcore.NewTee), as a program would do by hand. Its JSON
// carries no correlation fields.
func BenchmarkJSONOtelzap(b *testing.B) {
	oz := otelzap.NewCore("bench", otelzap.WithLoggerProvider(provider))
	bench(b, zap.New(zapcore.NewTee(jsonCore(), oz)), true)
}
