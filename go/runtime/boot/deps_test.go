package boot

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// A program that imports boot (and not boot/otlpgrpc) must not link gRPC,
// google.golang.org/protobuf or the generated OTLP types: that is what
// keeping OTLP/gRPC in its own package is for.
func TestBootDoesNotLinkGRPC(t *testing.T) {
	for _, tc := range []struct {
		tags     string
		wantGRPC bool
	}{{"", false}, {"grpc", true}} {
		out, err := exec.Command("go", "list", "-deps", "-tags="+tc.tags, "./testdata/child").CombinedOutput()
		if err != nil {
			t.Fatalf("go list: %v\n%s", err, out)
		}
		deps := strings.Fields(string(out))
		hasBoot, hasGRPC := false, false
		for _, p := range deps {
			hasBoot = hasBoot || p == "gotel.dev/runtime/boot"
			hasGRPC = hasGRPC || p == "google.golang.org/grpc"
			if tc.wantGRPC {
				continue
			}
			for _, banned := range []string{"google.golang.org/", "github.com/grpc-ecosystem/", "go.opentelemetry.io/proto/", "github.com/golang/protobuf"} {
				if strings.HasPrefix(p, banned) {
					t.Errorf("a program importing boot links %s", p)
				}
			}
		}
		if !hasBoot || hasGRPC != tc.wantGRPC {
			t.Errorf("tags %q: boot linked %v, grpc linked %v (want %v)", tc.tags, hasBoot, hasGRPC, tc.wantGRPC)
		}
	}
}

// ../stddeps.txt lists the standard packages boot links, so that the
// planner judges the rules targeting them in every build (a program that
// does not import net/http still links it through the OTLP exporter).
func TestStdDepsListed(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if .Standard}}{{.ImportPath}}{{end}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	b, err := os.ReadFile("../stddeps.txt")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			listed[l] = true
		}
	}
	for _, p := range strings.Fields(string(out)) {
		if !listed[p] {
			t.Errorf("boot links %s, which ../stddeps.txt does not list (regenerate it: see its header)", p)
		}
		delete(listed, p)
	}
	for p := range listed {
		t.Errorf("../stddeps.txt lists %s, which boot no longer links", p)
	}
}
