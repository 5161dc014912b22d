package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Helpers shared by the library tests (TestLib*: one file per
// instrumented library, docs/instrumentation/README.md). Like the whole
// suite, they run with the installed Go and again with go1.27.3 (make
// test-e2e-other-go); the plain side is recorded once, with the installed
// Go: what a program sees must not depend on the Go release.

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

// The plain side of a library program. make test does not build it: each
// program's testdata directory holds plain.json, what its plain build did
// (the `go version -m` modules of the binary and the output of each plain
// run), recorded by make e2e-record (GOTEL_E2E_RECORD=1), which builds the
// plain programs and runs them as the tests run them, against the real
// services; CI records again after make test and fails on any change. The
// plain builds compile every library a second time and test no gotel code:
// in a cold make test they were a fifth of the library tests' CPU. A
// record is tied to the program's files: any change to one fails the test
// until make e2e-record runs.
var recordPlain = os.Getenv("GOTEL_E2E_RECORD") == "1"

type plainRecord struct {
	Sources string            `json:"sources"` // sourcesDigest when recorded
	Modules map[string]string `json:"modules"` // module → version, from go version -m
	Runs    map[string]string `json:"runs"`    // run name → its result

	name string
	mu   sync.Mutex
}

// plainRecords: the record of each program, by its module directory.
var plainRecords sync.Map

// sourcesDigest hashes every file of testdata/<name> but plain.json.
func sourcesDigest(t *testing.T, name string) string {
	t.Helper()
	h := sha256.New()
	src := filepath.Join("testdata", name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == filepath.Join(src, "plain.json") {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(src, p)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// plainSide returns the program's record: read from plain.json, or, when
// recording, made by building the plain program (dir/bin-false), and
// written back when the test passes.
func plainSide(t *testing.T, name, dir string, flags []string) *plainRecord {
	t.Helper()
	path := filepath.Join("testdata", name, "plain.json")
	rec := &plainRecord{name: name, Sources: sourcesDigest(t, name), Runs: map[string]string{}}
	if recordPlain {
		rec.Modules = modVersions(t, build(t, dir, false, flags...))
		t.Cleanup(func() {
			if t.Failed() {
				return
			}
			b, _ := json.MarshalIndent(rec, "", "  ")
			if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
				t.Error(err)
			}
		})
	} else {
		var got plainRecord
		b, err := os.ReadFile(path)
		if err == nil {
			err = json.Unmarshal(b, &got)
		}
		if err != nil {
			t.Fatalf("%v: record the plain program with make e2e-record", err)
		}
		if got.Sources != rec.Sources {
			t.Fatalf("testdata/%s changed since its plain side was recorded: run make e2e-record", name)
		}
		rec.Modules, rec.Runs = got.Modules, got.Runs
	}
	plainRecords.Store(dir, rec)
	return rec
}

// plainValue returns what produce gave for the plain binary of the program
// in dir under this run name: recorded now, or read from the record.
func plainValue(t *testing.T, dir, run string, produce func(bin string) string) string {
	t.Helper()
	v, _ := plainRecords.Load(dir)
	rec := v.(*plainRecord)
	if recordPlain {
		out := produce(filepath.Join(dir, "bin-false"))
		rec.mu.Lock()
		rec.Runs[run] = out
		rec.mu.Unlock()
		return out
	}
	out, ok := rec.Runs[run] // read-only unless recording
	if !ok {
		t.Fatalf("testdata/%s/plain.json has no run %q: run make e2e-record", rec.name, run)
	}
	return out
}

// plainAnswers is plainValue for answers by request path.
func plainAnswers(t *testing.T, dir, run string, produce func(bin string) map[string]string) map[string]string {
	t.Helper()
	v := plainValue(t, dir, run, func(bin string) string {
		b, _ := json.Marshal(produce(bin))
		return string(b)
	})
	var out map[string]string
	if err := json.Unmarshal([]byte(v), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// plainRun is run for the plain binary of the program in dir: its exit
// status and standard output (standard error is not recorded, so it is
// there only when recording). The callers check the status.
func plainRun(t *testing.T, dir, name string, env []string, args ...string) result {
	t.Helper()
	var r result
	v := plainValue(t, dir, name, func(bin string) string {
		r = run(t, dir, env, bin, args...)
		return fmt.Sprintf("%d\n%s", r.code, r.stdout)
	})
	if recordPlain {
		return r
	}
	code, out, _ := strings.Cut(v, "\n")
	r = result{stdout: out}
	r.code, _ = strconv.Atoi(code)
	return r
}

// libProgram builds testdata/<name> with gotel, checks that the
// instrumented binary links every module of the plain one at the same
// version and adds only gotel's modules and modules those require (the
// OpenTelemetry SDK), and returns the instrumented binary. The tests
// compare its runs with the plain program's (plainRun): the program must
// see what it saw without gotel.
func libProgram(t *testing.T, name string, extra ...string) string {
	t.Helper()
	dir := newModule(t, name)
	flags := append(libGcflags(t), extra...)
	plain := plainSide(t, name, dir, flags).Modules
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
		if _, ok := plain[m]; ok || gotelModule(m) || allowed[m] {
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
