package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// modVersions reads the dep lines of `go version -m bin`: module → version.
func modVersions(t *testing.T, bin string) map[string]string {
	t.Helper()
	r := run(t, "", nil, "go", "version", "-m", bin)
	if r.code != 0 {
		t.Fatalf("go version -m: %s", r.stderr)
	}
	m := map[string]string{}
	for _, l := range strings.Split(r.stdout, "\n") {
		f := strings.Fields(l)
		if len(f) >= 3 && f[0] == "dep" {
			m[f[1]] = f[2]
		}
	}
	return m
}

// gotelModule reports whether m is one of gotel's own modules: gotel.dev/...,
// and 0.gotel.dev/first, which the boot file imports (docs/plan.md).
func gotelModule(m string) bool {
	return strings.HasPrefix(m, "gotel.dev/") || m == "0.gotel.dev/first"
}

// gotelRequires lists every module the given gotel go.mod files require:
// the modules an instrumented program may gain (OpenTelemetry and what the
// SDK links).
func gotelRequires(t *testing.T, gomods ...string) map[string]bool {
	t.Helper()
	req := regexp.MustCompile(`(?m)^(?:require\s+|\t)(\S+) v\S+`)
	out := map[string]bool{}
	for _, p := range gomods {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range req.FindAllStringSubmatch(string(b), -1) {
			out[m[1]] = true
		}
	}
	return out
}

// An instrumented build links the program's modules at the versions the
// plain build does; a version gotel's modules must raise is announced, one
// line per module, by gotel go build and gotel rules --match. The program
// pins old x/net, x/text and protobuf (which only the OTLP/gRPC module
// brings) and an old x/sys (which the OpenTelemetry SDK requires newer).
// With GOTEL_OTLP_GRPC=1 the OTLP/gRPC module joins the build and raises
// those too, each announced.
func TestProgramKeepsItsModuleVersions(t *testing.T) {
	dir := newModule(t, "olddeps")
	plain := modVersions(t, build(t, dir, false))
	for _, grpc := range []bool{false, true} {
		t.Run(fmt.Sprintf("grpc=%v", grpc), func(t *testing.T) {
			env := []string{"GOTEL_OTLP_GRPC=0"}
			gomods, _ := filepath.Glob("../../go/instrumentation/*/go.mod")
			gomods = append(gomods, "../../go/runtime/go.mod")
			if grpc {
				env = []string{"GOTEL_OTLP_GRPC=1"}
				gomods = append(gomods, "../../go/runtime/boot/otlpgrpc/go.mod")
			}
			bin := filepath.Join(dir, fmt.Sprintf("bin-grpc-%v", grpc))
			r := run(t, dir, env, gotelBin, "go", "build", "-o", bin, ".")
			if r.code != 0 {
				t.Fatalf("gotel go build: %s", r.stderr)
			}
			inst := modVersions(t, bin)
			if _, ok := inst["gotel.dev/runtime/boot/otlpgrpc"]; ok != grpc {
				t.Errorf("OTLP/gRPC module linked: %v", ok)
			}
			// The program logs through no instrumented logger: no log
			// pipeline, so no OTLP/gRPC log exporter either.
			for _, m := range []string{otlplogGRPC, "go.opentelemetry.io/otel/sdk/log"} {
				if v, ok := inst[m]; ok {
					t.Errorf("a program that does not log links %s %s", m, v)
				}
			}
			if !grpc {
				for _, m := range []string{"golang.org/x/net", "golang.org/x/text", "google.golang.org/protobuf"} {
					if plain[m] == "" || inst[m] != plain[m] {
						t.Errorf("%s: plain %q, instrumented %q", m, plain[m], inst[m])
					}
				}
			}
			matched := run(t, dir, env, gotelBin, "rules", "--match", ".")
			if matched.code != 0 {
				t.Fatalf("gotel rules --match: %s", matched.stderr)
			}
			raised := 0
			for m, v := range plain {
				if inst[m] == v {
					continue
				}
				raised++
				line := "raises " + m + " " + v + " → " + inst[m] + " (required by "
				if !strings.Contains(r.stderr, "gotel: instrumenting "+line) {
					t.Errorf("%s went from %s to %s without a line on stderr:\n%s", m, v, inst[m], r.stderr)
				}
				if !strings.Contains(matched.stdout, "\n"+line) {
					t.Errorf("gotel rules --match does not list %s:\n%s", m, matched.stdout)
				}
			}
			if n := strings.Count(r.stderr, "gotel: instrumenting raises "); n != raised {
				t.Errorf("%d raise lines for %d raised modules:\n%s", n, raised, r.stderr)
			}
			if plain["golang.org/x/sys"] == inst["golang.org/x/sys"] {
				t.Errorf("x/sys v0.7.0 was not raised: the test no longer checks the announcement")
			}
			allowed := gotelRequires(t, gomods...)
			for m := range inst {
				if _, ok := plain[m]; ok || gotelModule(m) {
					continue
				}
				if !allowed[m] {
					t.Errorf("the instrumented binary links %s, which neither the program nor gotel's modules require", m)
				}
				if !grpc && (strings.HasPrefix(m, "google.golang.org/") || strings.HasPrefix(m, "golang.org/x/net")) {
					t.Errorf("a program without gRPC links %s", m)
				}
			}
		})
	}
}

// With a module cache that holds only what the plain build fetched plus
// what gotel's own modules need (here: what an instrumented build of a
// program without dependencies fetched), the instrumented build needs no
// network.
func TestInstrumentedBuildOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a module cache through the proxy")
	}
	cache := t.TempDir()
	goCmd, toolchain := "go", []string(nil)
	if tc := os.Getenv("GOTOOLCHAIN"); tc != "" && tc != "local" {
		// The selected toolchain lives in the module cache, and the fresh
		// one would download a whole Go release first: run its go command
		// directly, as if installed.
		r := run(t, "", nil, "go", "env", "GOROOT")
		if r.code != 0 {
			t.Fatalf("go env GOROOT: %s", r.stderr)
		}
		bin := filepath.Join(strings.TrimSpace(r.stdout), "bin")
		goCmd = filepath.Join(bin, "go")
		toolchain = []string{"GOTOOLCHAIN=local", "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	}
	// The module cache is read-only; -modcacherw lets TempDir remove it.
	online := append([]string{"GOMODCACHE=" + cache, "GOFLAGS=-modcacherw"}, toolchain...)
	dir := newModule(t, "olddeps")
	// What a plain build downloads, without compiling it (go list loads the
	// same packages).
	if r := run(t, dir, online, goCmd, "list", "-deps", "."); r.code != 0 {
		t.Fatalf("go list -deps: %s", r.stderr)
	}
	short := newModule(t, "short")
	if r := run(t, short, online, gotelBin, "go", "build", "-o", filepath.Join(short, "bin"), "."); r.code != 0 {
		t.Fatalf("instrumented build of a program without dependencies: %s", r.stderr)
	}
	offline := append([]string{"GOMODCACHE=" + cache, "GOPROXY=off", "GOFLAGS=-mod=mod -modcacherw"}, toolchain...)
	bin := filepath.Join(dir, "inst")
	if r := run(t, dir, offline, gotelBin, "go", "build", "-o", bin, "."); r.code != 0 {
		t.Fatalf("offline instrumented build: %s", r.stderr)
	}
	if !instrumented(t, bin) {
		t.Fatal("the offline build is not instrumented")
	}
	builtBy(t, bin, strings.TrimSpace(run(t, "", nil, "go", "env", "GOVERSION").stdout))
}
