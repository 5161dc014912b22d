package boot

import (
	"bytes"
	"context"
	"strings"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// warnBuf holds what warn() wrote; warn writes under warnMu, so reads take
// it too.
type warnBuf struct{ b bytes.Buffer }

func (w *warnBuf) Write(p []byte) (int, error) { return w.b.Write(p) }

func (w *warnBuf) String() string {
	warnMu.Lock()
	defer warnMu.Unlock()
	return w.b.String()
}

func (w *warnBuf) Len() int { return len(w.String()) }

// captureWarn redirects warn() for one test.
func captureWarn(t *testing.T) *warnBuf {
	t.Helper()
	buf := &warnBuf{}
	warnMu.Lock()
	old := warnOut
	warnOut = buf
	warnMu.Unlock()
	t.Cleanup(func() {
		warnMu.Lock()
		warnOut = old
		warnMu.Unlock()
	})
	return buf
}

func withGRPCState(t *testing.T, w *grpcWait, f *GRPCExporters) {
	t.Helper()
	grpcReg.mu.Lock()
	oldW, oldF := grpcReg.wait, grpcReg.factories
	grpcReg.wait, grpcReg.factories = w, f
	grpcReg.mu.Unlock()
	t.Cleanup(func() {
		grpcReg.mu.Lock()
		grpcReg.wait, grpcReg.factories = oldW, oldF
		grpcReg.mu.Unlock()
	})
}

func TestGRPCMissingFallsBackWithOneLine(t *testing.T) {
	out := captureWarn(t)
	ref := &fakeMetrics{}
	withGRPCState(t, &grpcWait{traces: true, metrics: true, tracesVar: "OTEL_EXPORTER_OTLP_PROTOCOL", metricsVar: "OTEL_EXPORTER_OTLP_PROTOCOL", metricRef: ref}, nil)
	MainBefore(nil)
	// Later uses resolve nothing again and print nothing more.
	if waitedSpans() == nil || waitedMetrics() != sdkmetric.Exporter(ref) {
		t.Fatal("fallback http/protobuf exporters were not used")
	}
	resolveGRPC()
	want := "gotel: OTEL_EXPORTER_OTLP_PROTOCOL=grpc: this binary was built without OTLP/gRPC (gotel links it when the program uses google.golang.org/grpc, or with GOTEL_OTLP_GRPC=1 at build time); exporting traces and metrics with http/protobuf\n"
	if out.String() != want {
		t.Fatalf("stderr:\n got %q\nwant %q", out.String(), want)
	}
}

func TestGRPCMissingNamesEachVariable(t *testing.T) {
	w := &grpcWait{traces: true, metrics: true, tracesVar: "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", metricsVar: "OTEL_EXPORTER_OTLP_PROTOCOL"}
	got := grpcMissingMessage(w)
	if !strings.HasPrefix(got, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc, OTEL_EXPORTER_OTLP_PROTOCOL=grpc: ") {
		t.Fatalf("message %q", got)
	}
}

func TestGRPCRegisteredLater(t *testing.T) {
	out := captureWarn(t)
	withGRPCState(t, &grpcWait{traces: true, tracesVar: "OTEL_EXPORTER_OTLP_PROTOCOL"}, nil)
	mem := tracetest.NewInMemoryExporter()
	RegisterGRPC(GRPCExporters{
		Traces: func(context.Context) (sdktrace.SpanExporter, error) { return mem, nil },
		Metrics: func(context.Context) (sdkmetric.Exporter, error) {
			t.Error("metrics did not ask for gRPC")
			return nil, nil
		},
	})
	// What the provider holds: the lazy exporter, wrapped.
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(suppressSpans{lazySpans{}}))
	_, span := tp.Tracer("t").Start(context.Background(), "via-grpc")
	span.End()
	if got := mem.GetSpans(); len(got) != 1 || got[0].Name != "via-grpc" {
		t.Fatalf("registered exporter got %v", got)
	}
	MainBefore(nil)
	if out.Len() != 0 {
		t.Fatalf("unexpected stderr %q", out.String())
	}
}
