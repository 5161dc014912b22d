package e2e

import (
	"net"
	"os"
	"path/filepath"
	"sort"
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
func libProgram(t *testing.T, name string, extra ...string) string {
	t.Helper()
	dir := newModule(t, name)
	flags := append(libGcflags(t), extra...)
	plain := modVersions(t, build(t, dir, false, flags...))
	instBin := build(t, dir, true, flags...)
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

// libGcflags: both builds of a library program compile the libraries
// unoptimized (-N -l). What these tests check is behaviour and spans, which
// optimization does not change, and the libraries' large generated
// packages (Redis command builders, SQLite, Kafka messages) compile in
// about 60% of the time. The standard library, gotel's modules, the
// OpenTelemetry SDK and what those require stay as every other build
// compiles them, so the instrumented ones are the e2e suite's shared,
// optimized set (and woven standard packages are tested optimized), and
// the plain ones the go command's usual.
func libGcflags(t *testing.T) []string {
	var sdk []string
	for m := range gotelRequires(t, "../../go/runtime/go.mod") {
		sdk = append(sdk, "-gcflags="+m+"/...=")
	}
	sort.Strings(sdk) // one order for every build (it is in the binary's build info)
	return append([]string{"-gcflags=all=-N -l", "-gcflags=std=", "-gcflags=gotel.dev/...="}, sdk...)
}
