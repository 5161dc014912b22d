package boot

import (
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
