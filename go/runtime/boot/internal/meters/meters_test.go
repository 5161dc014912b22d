package meters

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
)

const sdkMetric = "go.opentelemetry.io/otel/sdk/metric"

// goCmd runs the go command in this package's directory, bounded in time.
func goCmd(t *testing.T, args ...string) ([]byte, error) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the go command; skipped with -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	// GOWORK=off: these builds use a copy of the runtime's go.mod
	// (-modfile), which go/runtime/go.work's workspace mode refuses.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	return cmd.CombinedOutput()
}

// modfileReplacing writes a copy of the runtime module's go.mod (and
// go.sum) that replaces the metric SDK by target.
func modfileReplacing(t *testing.T, target string) string {
	t.Helper()
	dir := t.TempDir()
	modfile := filepath.Join(dir, "go.mod")
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := goCmd(t, "mod", "edit", "-modfile="+modfile, "-replace="+sdkMetric+"="+target); err != nil {
		t.Fatalf("go mod edit: %v\n%s", err, out)
	}
	return modfile
}

// A build that resolves another version of the metric SDK than the one
// gotel.dev/runtime requires (a program's replace, say) compiles the
// signature check against that version, and the provider works.
func TestAnotherSDKVersionBuildsAndWorks(t *testing.T) {
	out, err := goCmd(t, "list", "-m", "-f", "{{.Version}}", sdkMetric)
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	other := "v1.40.0"
	if strings.TrimSpace(string(out)) == other {
		other = "v1.47.0"
	}
	modfile := modfileReplacing(t, sdkMetric+"@"+other)
	out, err = goCmd(t, "test", "-modfile="+modfile, "-count=1", "-v", "-run=^TestProviderRecordsCollectsAndShutsDown$", ".")
	if err != nil || !strings.Contains(string(out), "--- PASS: TestProviderRecordsCollectsAndShutsDown") {
		t.Fatalf("with %s@%s: %v\n%s", sdkMetric, other, err, out)
	}
}

// An SDK whose linked function has another signature — here Shutdown
// given a variadic parameter, which every caller of the method would still
// compile with — fails the build at the check, never at run time. The SDK
// is a copy of the module with that one change.
func TestChangedSDKSignatureFailsTheBuild(t *testing.T) {
	out, err := goCmd(t, "list", "-m", "-f", "{{.Dir}}", sdkMetric)
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	sdk := filepath.Join(t.TempDir(), "metric")
	if err := os.CopyFS(sdk, os.DirFS(strings.TrimSpace(string(out)))); err != nil {
		t.Fatal(err)
	}
	provider := filepath.Join(sdk, "provider.go")
	b, err := os.ReadFile(provider)
	if err != nil {
		t.Fatal(err)
	}
	const decl = "func (mp *MeterProvider) Shutdown(ctx context.Context) error {"
	if !bytes.Contains(b, []byte(decl)) {
		t.Fatalf("the SDK does not declare %q: update this test", decl)
	}
	b = bytes.Replace(b, []byte(decl), []byte("func (mp *MeterProvider) Shutdown(ctx context.Context, _ ...int) error {"), 1)
	if err := os.WriteFile(provider, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = goCmd(t, "build", "-modfile="+modfileReplacing(t, sdk), ".")
	if err == nil || !strings.Contains(string(out), "meters.go") || !strings.Contains(string(out), "(*sdkmetric.MeterProvider).Shutdown") {
		t.Fatalf("build with a changed Shutdown: err %v, want a type error at the check in meters.go\n%s", err, out)
	}
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
