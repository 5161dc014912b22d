package e2e

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Helpers shared by the library tests (TestLib*: one file per
// instrumented library, docs/instrumentation/README.md). They run with the
// installed Go only (make test-e2e-other-go skips ^TestLib).

// needService skips the test when nothing listens on addr (a service of
// the machine: PostgreSQL 127.0.0.1:5432, MariaDB :3306, Redis :6379,
// RabbitMQ :5672, Mosquitto :1883, NATS :4222), and fails it instead under
// GOTEL_REQUIRE_SERVICES=1, as CI runs.
func needService(t *testing.T, name, addr string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err == nil {
		c.Close()
		return
	}
	if os.Getenv("GOTEL_REQUIRE_SERVICES") == "1" {
		t.Fatalf("%s is required (GOTEL_REQUIRE_SERVICES=1) but does not answer on %s: %v", name, addr, err)
	}
	t.Skipf("%s does not answer on %s (%v); skipping", name, addr, err)
}

// libProgram builds testdata/<name> plainly and with gotel, checks that
// the instrumented binary links every module of the plain one at the same
// version and adds only gotel's modules and modules those require (the
// OpenTelemetry SDK), and returns the instrumented binary. (The tests run
// the plain one, dir/bin-false, too: the program must see what it saw
// without gotel.)
func libProgram(t *testing.T, name string) string {
	t.Helper()
	dir := newModule(t, name)
	// The plain build unoptimized: it is there for its module versions and
	// its behaviour, which optimization does not change, and -N -l takes a
	// third off compiling the libraries' large generated packages.
	plain := modVersions(t, build(t, dir, false, "-gcflags=all=-N -l"))
	instBin := build(t, dir, true)
	inst := modVersions(t, instBin)
	for m, v := range plain {
		if inst[m] != v {
			t.Errorf("%s: the instrumented build changed %s from %s to %q", name, m, v, inst[m])
		}
	}
	gomods, _ := filepath.Glob("../../go/instrumentation/*/go.mod")
	// otlpgrpc: linked into programs that use gRPC (docs/plan.md).
	gomods = append(gomods, "../../go/runtime/go.mod", "../../go/runtime/boot/otlpgrpc/go.mod")
	allowed := gotelRequires(t, gomods...)
	for m := range inst {
		if _, ok := plain[m]; ok || strings.HasPrefix(m, "gotel.dev/") || allowed[m] {
			continue
		}
		t.Errorf("%s: the instrumented binary links %s, which neither the program nor gotel's modules require", name, m)
	}
	return instBin
}
