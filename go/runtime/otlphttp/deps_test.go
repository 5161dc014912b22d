package otlphttp

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestNoHeavyDependencies is the reason this package exists: a program
// linking the exporter must not link gRPC, google.golang.org/protobuf,
// grpc-gateway, genproto or the generated OTLP types.
func TestNoHeavyDependencies(t *testing.T) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := exec.LookPath(gobin); err != nil {
		if gobin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command")
		}
	}
	out, err := exec.Command(gobin, "list", "-deps", "./testdata/hello").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	found := false
	for _, p := range deps {
		if p == "gotel.dev/runtime/otlphttp" {
			found = true
		}
		for _, banned := range []string{
			"google.golang.org/",
			"github.com/grpc-ecosystem/",
			"go.opentelemetry.io/proto/",
			"github.com/golang/protobuf",
		} {
			if strings.HasPrefix(p, banned) {
				t.Errorf("hello program links %s", p)
			}
		}
	}
	if !found {
		t.Fatalf("go list did not see the exporter:\n%s", out)
	}
	t.Logf("%d packages", len(deps))
}
