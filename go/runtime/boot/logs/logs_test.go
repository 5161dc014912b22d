package logs

import (
	"context"
	"testing"

	sdklog "go.opentelemetry.io/otel/sdk/log"

	"gotel.dev/runtime/hook"
)

type fakeExporter struct {
	exported   int
	suppressed bool
}

func (f *fakeExporter) Export(ctx context.Context, records []sdklog.Record) error {
	f.exported += len(records)
	f.suppressed = hook.Suppressed(ctx)
	return nil
}
func (f *fakeExporter) Shutdown(context.Context) error   { return nil }
func (f *fakeExporter) ForceFlush(context.Context) error { return nil }

func resetGRPC(t *testing.T) {
	t.Helper()
	grpcNew.Store(nil)
	grpcWait.Store(nil)
	t.Cleanup(func() {
		grpcNew.Store(nil)
		grpcWait.Store(nil)
	})
}

// A pipeline built before OTLP/gRPC registers (a record written during an
// earlier package's init) waits, and takes the gRPC exporter when it
// registers; its exports are marked as gotel's own.
func TestGRPCRegisteredAfterThePipeline(t *testing.T) {
	resetGRPC(t)
	w := newGRPCWait()
	if grpcWait.Load() != w {
		t.Fatal("the exporter decided before registration or main.main")
	}
	fake := &fakeExporter{}
	RegisterGRPC(func(context.Context) (sdklog.Exporter, error) { return fake, nil })
	if grpcWait.Load() != nil {
		t.Error("still waiting after registration")
	}
	if err := w.Export(context.Background(), make([]sdklog.Record, 2)); err != nil {
		t.Fatal(err)
	}
	if fake.exported != 2 || !fake.suppressed {
		t.Errorf("gRPC exporter got %d records, suppressed %v; want 2, true", fake.exported, fake.suppressed)
	}
}

// Registered first: decided at once.
func TestGRPCRegisteredBeforeThePipeline(t *testing.T) {
	resetGRPC(t)
	fake := &fakeExporter{}
	RegisterGRPC(func(context.Context) (sdklog.Exporter, error) { return fake, nil })
	w := newGRPCWait()
	if grpcWait.Load() != nil {
		t.Error("waiting although registered")
	}
	if err := w.Export(context.Background(), make([]sdklog.Record, 1)); err != nil || fake.exported != 1 {
		t.Errorf("export: %v, %d records at the gRPC exporter", err, fake.exported)
	}
}

// Never registered: the first export decides for OTLP/HTTP.
func TestGRPCNotLinkedFallsBackToHTTP(t *testing.T) {
	resetGRPC(t)
	w := newGRPCWait()
	e := w.get()
	if _, ok := e.(*otlpExporter); !ok {
		t.Fatalf("fallback exporter %T, want the OTLP/HTTP one", e)
	}
	fake := &fakeExporter{}
	RegisterGRPC(func(context.Context) (sdklog.Exporter, error) { return fake, nil })
	if w.get() != e {
		t.Error("a registration after the decision changed the exporter")
	}
}
