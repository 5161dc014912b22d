#!/usr/bin/env bash
# `gotel go test` with the go test flags users run (docs/compatibility.md,
# "Build modes"): -cover, -coverpkg=./... with -coverprofile, -json, -run,
# -count, -c, -bench, and -race with -fuzz. Each test binary is
# instrumented: the package's TestTraced passes only when its HTTP request
# carries trace context (WANT_TRACEPARENT=1), which only the woven
# net/http client sends.
# Usage: tests/plan/testflags.sh <absolute path of gotel>
set -uo pipefail
GOTEL=${1:?usage: testflags.sh /abs/path/to/gotel}
T=$(mktemp -d "${TMPDIR:-/tmp}/gotel-testflags-test.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export GOTEL_CACHE=$T/cache TMPDIR=$T/tmp
mkdir -p "$TMPDIR"
unset GOWORK GOFLAGS
export OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none WANT_TRACEPARENT=1
fails=0
check() { # check <description> <command...>
  local d=$1; shift
  if "$@"; then echo "ok   $d"; else echo "FAIL $d"; fails=$((fails + 1)); fi
}
both() { [ "$1" = 0 ] && shift && "$@"; } # both <status> <command...>
lines() { grep -c "$1" <<<"$2"; }       # lines <pattern> <text>

M=$T/m
mkdir -p "$M/lib"
cd "$M"
printf 'module example.com/tf\n\ngo 1.26\n' >go.mod
cat >lib/lib.go <<'G'
package lib

// Parse returns the length of s when it starts with "x", else -1.
func Parse(s string) int {
	if len(s) > 0 && s[0] == 'x' {
		return len(s)
	}
	return -1
}
G
cat >lib/lib_test.go <<'G'
package lib

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

func TestTraced(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("traceparent"))
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := os.Getenv("WANT_TRACEPARENT") == "1"; want != (len(got) > 0) {
		t.Fatalf("traceparent %q, want one: %v", got, want)
	}
}

func TestParse(t *testing.T) {
	if Parse("xab") != 3 || Parse("a") != -1 {
		t.Fatal("Parse")
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("xabc")
	}
}

func FuzzParse(f *testing.F) {
	f.Add("x1")
	f.Fuzz(func(t *testing.T, s string) {
		if n := Parse(s); n != -1 && n != len(s) {
			t.Fatalf("Parse(%q) = %d", s, n)
		}
	})
}
G
printf '//go:build race\n\npackage lib\n\nimport "testing"\n\nfunc TestRace(t *testing.T) {}\n' >lib/race_test.go
before=$(cd "$M" && find . -type f | LC_ALL=C sort | xargs sha256sum)

out=$("$GOTEL" go test -count=1 -cover ./lib 2>&1); rc=$?
check "-cover ($out)" both $rc grep -q 'coverage: 100.0% of statements' <<<"$out"
out=$("$GOTEL" go test -count=1 -coverpkg=./... -coverprofile="$T/c.out" ./... 2>&1); rc=$?
check "-coverpkg=./... -coverprofile ($out)" both $rc grep -q 'of statements in ./...' <<<"$out"
check "coverage profile names the package's files only" \
  sh -c "grep -q '^example.com/tf/lib/lib.go:' '$T/c.out' && ! grep -v '^mode:' '$T/c.out' | grep -qv '^example.com/tf/lib/lib.go:'"
out=$("$GOTEL" go test -count=1 -json ./lib 2>&1); rc=$?
check "-json: every line is a test event" both $rc [ "$(grep -vc '^{"Time":' <<<"$out")" = 0 ]
check "-json: TestTraced passes" grep -q '"Action":"pass","Package":"example.com/tf/lib","Test":"TestTraced"' <<<"$out"
out=$("$GOTEL" go test -count=1 -v -run='^TestTraced$' ./lib 2>&1); rc=$?
check "-run selects ($out)" both $rc [ "$(lines '^=== RUN' "$out")" = 1 ]
out=$("$GOTEL" go test -count=3 -v -run='^TestTraced$' ./lib 2>&1); rc=$?
check "-count=3 runs three times" both $rc [ "$(lines '^--- PASS: TestTraced' "$out")" = 3 ]
out=$("$GOTEL" go test -c -o "$T/lib.test" ./lib 2>&1); rc=$?
check "-c -o writes the test binary ($out)" both $rc [ -x "$T/lib.test" ]
check "-c: the test binary is instrumented" [ "$(go tool nm "$T/lib.test" | grep -c 'gotel.dev/runtime')" -gt 0 ]
out=$(cd lib && "$T/lib.test" -test.run='^TestTraced$' 2>&1); rc=$?
check "-c: the test binary runs its tests ($out)" [ $rc = 0 ]
out=$("$GOTEL" go test -run='^TestTraced$' -bench=. -benchtime=100x ./lib 2>&1); rc=$?
check "-bench ($out)" both $rc grep -q '^BenchmarkParse' <<<"$out"
# -race and -fuzz in one run: each compiles every package (the standard
# library and the SDK too) apart from a default build, together one such
# set instead of two. TestRace exists only in a race-enabled build.
out=$("$GOTEL" go test -race -v -run='^(TestTraced|TestRace)$' -fuzz='^FuzzParse$' -fuzztime=200x ./lib 2>&1); rc=$?
check "-fuzz runs instrumented ($out)" both $rc grep -q 'execs: 200' <<<"$out"
check "-race: the tests run under the race detector" both $rc grep -q -- '--- PASS: TestRace ' <<<"$out"
check "-race: TestTraced passes" both $rc grep -q -- '--- PASS: TestTraced ' <<<"$out"
WANT_TRACEPARENT=0 go test -count=1 ./lib >/dev/null 2>&1
check "plain go test sends no trace context (the check can fail)" [ $? = 0 ]
check "the tree is byte-identical (fuzz corpus aside)" [ "$(cd "$M" && find . -type f -not -path './lib/testdata/*' | LC_ALL=C sort | xargs sha256sum)" = "$before" ]

if [ $fails -gt 0 ]; then
  echo "testflags.sh: $fails failed"
  exit 1
fi
echo "testflags.sh: all passed"
