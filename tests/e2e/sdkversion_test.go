package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// gotel's runtime calls three functions of the metric SDK through
// go:linkname (docs/architecture.md). A program that makes the build
// resolve another SDK version gets either a working program or a build
// that fails with one sentence, never a binary that corrupts memory.

const sdkMetric = "go.opentelemetry.io/otel/sdk/metric"

// sdkPinModule writes a program that counts to three with the global
// meter, its go.mod replacing the metric SDK by target.
func sdkPinModule(t *testing.T, target string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/sdkpin\n\ngo 1.26.0\n\nrequire go.opentelemetry.io/otel/metric v1.47.0\n\nreplace "+sdkMetric+" => "+target+"\n")
	writeFile(t, filepath.Join(dir, "go.sum"), "")
	writeFile(t, filepath.Join(dir, "main.go"), `package main

import (
	"context"

	"go.opentelemetry.io/otel"
)

func main() {
	c, err := otel.Meter("example.com/sdkpin").Int64Counter("pinned.calls")
	if err != nil {
		panic(err)
	}
	c.Add(context.Background(), 3)
}
`)
	return dir
}

func TestOlderMetricSDKWorks(t *testing.T) {
	dir := sdkPinModule(t, sdkMetric+" v1.40.0")
	bin := build(t, dir, true)
	if r := run(t, "", nil, "go", "version", "-m", bin); !strings.Contains(r.stdout, "=>\t"+sdkMetric+"\tv1.40.0") {
		t.Fatalf("the binary does not link %s v1.40.0:\n%s", sdkMetric, r.stdout)
	}
	r := run(t, dir, []string{"OTEL_METRICS_EXPORTER=console", "OTEL_TRACES_EXPORTER=none"}, bin)
	if r.code != 0 || !regexp.MustCompile(`"Name":"pinned.calls".*"Value":3\b`).MatchString(r.stdout) {
		t.Fatalf("exit %d; the console exporter did not print pinned.calls = 3:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestChangedMetricSDKFailsTheBuildWithASentence(t *testing.T) {
	r := run(t, "", nil, "go", "list", "-m", "-f", "{{.Dir}}", sdkMetric)
	if r.code != 0 {
		t.Fatalf("go list: %s", r.stderr)
	}
	sdk := filepath.Join(t.TempDir(), "metric")
	if err := os.CopyFS(sdk, os.DirFS(strings.TrimSpace(r.stdout))); err != nil {
		t.Fatal(err)
	}
	provider := filepath.Join(sdk, "provider.go")
	b, err := os.ReadFile(provider)
	if err != nil {
		t.Fatal(err)
	}
	// A variadic parameter more: every caller of the method still compiles,
	// the linked declaration would not match.
	const decl = "func (mp *MeterProvider) Shutdown(ctx context.Context) error {"
	if !strings.Contains(string(b), decl) {
		t.Fatalf("the SDK does not declare %q: update this test", decl)
	}
	writeFile(t, provider, strings.Replace(string(b), decl, "func (mp *MeterProvider) Shutdown(ctx context.Context, _ ...int) error {", 1))

	dir := sdkPinModule(t, sdk)
	r = run(t, dir, nil, gotelBin, "go", "build", "-o", filepath.Join(dir, "app"), ".")
	const sentence = "gotel: the version of go.opentelemetry.io/otel/sdk/metric this build resolves declares a function that gotel's runtime calls through go:linkname differently"
	if r.code == 0 || !strings.Contains(r.stderr, sentence) {
		t.Fatalf("exit %d, want a failed build that says %q:\n%s", r.code, sentence, r.stderr)
	}
}
