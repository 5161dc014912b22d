package meters

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
)

// The go:linkname declarations must match the SDK's exported API exactly,
// with *sdkProvider in place of *sdkmetric.MeterProvider; the linker does
// not check that, so this test does.
func TestLinknameSignaturesMatchTheSDK(t *testing.T) {
	sdkPtr := reflect.TypeOf((*sdkmetric.MeterProvider)(nil))
	ourPtr := reflect.TypeOf((*sdkProvider)(nil))
	method := func(name string) reflect.Type {
		m, ok := sdkPtr.MethodByName(name)
		if !ok {
			t.Fatalf("*sdkmetric.MeterProvider has no method %s", name)
		}
		return m.Type
	}
	for _, c := range []struct {
		name      string
		sdk, ours reflect.Type
	}{
		{"NewMeterProvider", reflect.TypeOf(sdkmetric.NewMeterProvider), reflect.TypeOf(newSDKProvider)},
		{"(*MeterProvider).Meter", method("Meter"), reflect.TypeOf(sdkMeter)},
		{"(*MeterProvider).Shutdown", method("Shutdown"), reflect.TypeOf(sdkShutdown)},
	} {
		if !sameShape(c.sdk, c.ours, sdkPtr, ourPtr) {
			t.Errorf("%s: the SDK declares %v, meters links it as %v", c.name, c.sdk, c.ours)
		}
	}
}

// sameShape reports whether two function types are equal once sdk is
// replaced by ours.
func sameShape(sdk, ours, sdkPtr, ourPtr reflect.Type) bool {
	if sdk.NumIn() != ours.NumIn() || sdk.NumOut() != ours.NumOut() || sdk.IsVariadic() != ours.IsVariadic() {
		return false
	}
	same := func(a, b reflect.Type) bool { return a == b || (a == sdkPtr && b == ourPtr) }
	for i := 0; i < sdk.NumIn(); i++ {
		if !same(sdk.In(i), ours.In(i)) {
			return false
		}
	}
	for i := 0; i < sdk.NumOut(); i++ {
		if !same(sdk.Out(i), ours.Out(i)) {
			return false
		}
	}
	return true
}

func TestProviderRecordsCollectsAndShutsDown(t *testing.T) {
	ctx := context.Background()
	reader := sdkmetric.NewManualReader()
	res := resource.NewSchemaless(attribute.String("service.name", "meters-test"))
	mp, shutdown := New(res, []sdkmetric.Reader{reader})

	counter, err := mp.Meter("gotel.test", metric.WithInstrumentationVersion("1.2.3")).Int64Counter("requests")
	if err != nil {
		t.Fatal(err)
	}
	counter.Add(ctx, 2)
	counter.Add(ctx, 5)

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	if v, ok := rm.Resource.Set().Value("service.name"); !ok || v.AsString() != "meters-test" {
		t.Errorf("resource service.name = %v (present %v), want meters-test", v.AsString(), ok)
	}
	if len(rm.ScopeMetrics) != 1 {
		t.Fatalf("%d scopes collected, want 1", len(rm.ScopeMetrics))
	}
	sm := rm.ScopeMetrics[0]
	if sm.Scope.Name != "gotel.test" || sm.Scope.Version != "1.2.3" {
		t.Errorf("scope = %+v, want gotel.test 1.2.3", sm.Scope)
	}
	if len(sm.Metrics) != 1 || sm.Metrics[0].Name != "requests" {
		t.Fatalf("metrics = %+v, want one named requests", sm.Metrics)
	}
	sum, ok := sm.Metrics[0].Data.(metricdata.Sum[int64])
	if !ok || len(sum.DataPoints) != 1 || sum.DataPoints[0].Value != 7 {
		t.Errorf("data = %+v, want one sum data point of 7", sm.Metrics[0].Data)
	}

	if err := shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := reader.Collect(ctx, &rm); !errors.Is(err, sdkmetric.ErrReaderShutdown) {
		t.Errorf("collect after shutdown: %v, want ErrReaderShutdown", err)
	}
}
