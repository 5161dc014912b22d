#!/usr/bin/env bash
# Build modes behind `gotel go build` (docs/compatibility.md, "Build
# modes"): each builds, behaves as the plain build and emits its spans —
# profile-guided optimisation (default.pgo and -pgo=FILE, still applied),
# -trimpath, -ldflags with -s -w -X, build tags, CGO_ENABLED=0, a cgo
# package, -buildmode=pie, and c-shared / c-archive (which build).
# Usage: tests/plan/modes.sh <absolute path of gotel>
set -uo pipefail
GOTEL=${1:?usage: modes.sh /abs/path/to/gotel}
T=$(mktemp -d "${TMPDIR:-/tmp}/gotel-modes-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export GOTEL_CACHE=$T/cache TMPDIR=$T/tmp
mkdir -p "$TMPDIR"
unset GOWORK GOFLAGS
fails=0
check() { # check <description> <command...>
  local d=$1; shift
  if "$@"; then echo "ok   $d"; else echo "FAIL $d"; fails=$((fails + 1)); fi
}

# A program whose client and server spans the console exporter prints; a
# tag-gated file and a -X variable change what it prints; cgo when enabled.
M=$T/m
mkdir -p "$M"
cd "$M"
printf 'module example.com/m\n\ngo 1.26\n' >go.mod
cat >main.go <<'G'
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"strings"
)

var version = "dev"

var extra = ""

func work(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += len(strings.Repeat("x", i%64))
	}
	return s
}

func main() {
	if len(os.Args) > 1 { // profile for default.pgo
		f, _ := os.Create(os.Args[1])
		pprof.StartCPUProfile(f)
		work(20000000)
		pprof.StopCPUProfile()
		return
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hi")
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/x")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println("status", resp.StatusCode, version+extra+cgo())
}
G
printf '//go:build fancy\n\npackage main\n\nfunc init() { extra = "+fancy" }\n' >fancy.go
printf '//go:build !cgo\n\npackage main\n\nfunc cgo() string { return "" }\n' >nocgo.go
cat >withcgo.go <<'G'
//go:build cgo

package main

// static int twice(int x) { return 2 * x; }
import "C"

func cgo() string {
	if C.twice(21) != 42 {
		panic("cgo")
	}
	return "+cgo"
}
G

# runs <binary> <want line>: prints what the plain build prints, and its
# client and server spans come out.
runs() {
  local out
  out=$(OTEL_TRACES_EXPORTER=console OTEL_METRICS_EXPORTER=none "$1" 2>&1) || return 1
  grep -qx "$2" <<<"$out" && grep -q '"SpanKind":3' <<<"$out" && grep -q '"SpanKind":2' <<<"$out"
}
setting() { go version -m "$1" | awk -v k="$2" '$1 == "build" && index($2, k "=") == 1 { print substr($2, length(k) + 2) }'; }
# pgo_compiles <build -x output>: compiles given a profile.
pgo_compiles() { grep -c -- "-pgoprofile=" <<<"$1" || true; }

# Profile-guided optimisation, -trimpath and the position-independent
# build modes together: each compiles every package (the standard library
# and the SDK too) apart from a default build — with the profile, with
# -trimpath's paths, and for the three modes with -shared — so together
# they cost one such set instead of three. default.pgo in the main
# package applies to every build below until it is moved.
CGO_ENABLED=1 go run . default.pgo || echo "FAIL could not write default.pgo"
out=$("$GOTEL" go build -x -trimpath -buildmode=pie -o "$T/pie" . 2>&1); rc=$?
check "default.pgo -trimpath -buildmode=pie: builds" [ $rc = 0 ]
check "default.pgo: the compiles get the profile ($(pgo_compiles "$out"))" [ "$(pgo_compiles "$out")" -gt 0 ]
check "default.pgo: the build info names it" [ "$(setting "$T/pie" -pgo)" = default.pgo ]
check "-trimpath: recorded" [ "$(setting "$T/pie" -trimpath)" = true ]
check "-trimpath: no path of this machine in the binary" bash -c '! grep -qa -- "$1" "$2"' _ "$M" "$T/pie"
check "-buildmode=pie: a position-independent executable" bash -c 'od -An -tx1 -j16 -N1 "$1" | grep -q 03' _ "$T/pie"
check "default.pgo -trimpath -buildmode=pie: runs and emits its spans" runs "$T/pie" "status 200 dev+cgo"
for mode in c-shared c-archive; do
  out=$("$GOTEL" go build -trimpath -buildmode=$mode -o "$T/lib.$mode" . 2>&1); rc=$?
  check "-buildmode=$mode: builds ($out)" [ $rc = 0 -a -s "$T/lib.$mode" ]
done
mv default.pgo "$T/prof.pgo"
out=$("$GOTEL" go build -x -trimpath -buildmode=pie -pgo="$T/prof.pgo" -o "$T/pgofile" . 2>&1)
check "-pgo=FILE: the compiles get the profile ($(pgo_compiles "$out"))" [ "$(pgo_compiles "$out")" -gt 0 ]
check "-pgo=FILE: the build info names it" [ "$(setting "$T/pgofile" -pgo)" = prof.pgo ]
check "-pgo=FILE: runs and emits its spans" runs "$T/pgofile" "status 200 dev+cgo"

"$GOTEL" go build -ldflags="-s -w -X main.version=1.2.3" -tags fancy -o "$T/ld" . >/dev/null 2>&1
check "-ldflags -s -w -X and -tags: runs, with the tag and the value" runs "$T/ld" "status 200 1.2.3+fancy+cgo"
check "-ldflags -s -w: no symbol table" bash -c '! go tool nm "$1" >/dev/null 2>&1' _ "$T/ld"

CGO_ENABLED=0 "$GOTEL" go build -o "$T/nocgo" . >/dev/null 2>&1
check "CGO_ENABLED=0: recorded" [ "$(setting "$T/nocgo" CGO_ENABLED)" = 0 ]
check "CGO_ENABLED=0: runs and emits its spans" runs "$T/nocgo" "status 200 dev"


if [ $fails -gt 0 ]; then
  echo "test-modes: $fails check(s) failed"
  exit 1
fi
echo "test-modes: all checks passed"
