#!/usr/bin/env bash
# GOCACHEPROG (docs/compatibility.md, "Build modes"): plain and instrumented
# builds of one tree on two "machines" — each with a fresh GOCACHE — share
# one external cache through tests/plan/testdata/cacheprog. The second
# machine's builds are served from the shared cache (no compile runs), and
# no plain build receives instrumented objects or the reverse: the plain
# binaries are byte-identical and carry no gotel code, the instrumented ones
# carry it and emit their spans. Under the installed Go only: the cache
# protocol does not change with the toolchain, which tests/plan/toolchain.sh
# and the e2e suite under go1.27.3 exercise, and under another Go the first
# machine's builds are cold (CACHEPROG_TOOLCHAINS="local go1.27.3" runs both).
# Usage: tests/plan/cacheprog.sh <absolute path of gotel>
set -uo pipefail
GOTEL=${1:?usage: cacheprog.sh /abs/path/to/gotel}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/gotel-cacheprog-test.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"
unset GOWORK GOFLAGS GOCACHEPROG
export OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
fails=0
check() { # check <description> <command...>
  local d=$1; shift
  if "$@"; then echo "ok   $d"; else echo "FAIL $d"; fails=$((fails + 1)); fi
}

(cd "$HERE/testdata/cacheprog" && go build -o "$T/cacheprog" .) || { echo "FAIL building the cache program"; exit 1; }

P=$T/prog
mkdir -p "$P"
cd "$P"
printf 'module example.com/cp\n\ngo 1.26\n' >go.mod
cat >main.go <<'G'
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
)

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "shared") }))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/shared")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println("cache", resp.StatusCode)
}
G

# machine <name> <toolchain> [seed]: a fresh GOCACHE and cache-program
# directory of its own, the shared store of that toolchain. gotel's cache
# has the same path on every machine (as a CI runner's home does) but starts
# empty: the unpacked runtime's directory is part of the go command's cache
# keys. Machine a's store misses are looked up in the GOCACHE the rest of
# the suite fills (cacheprog -seed), as a fleet's remote cache holds what
# earlier jobs compiled: it compiles what no earlier build did (gotel's own
# packages, whose keys hold that directory, and the program's), not a
# whole standard library twice.
SEED=$(go env GOCACHE)
machine() {
  export GOCACHE=$T/$2/gocache-$1 GOTEL_CACHE=$T/gotel-cache
  rm -rf "$GOTEL_CACHE"
  export GOCACHEPROG="$T/cacheprog -store $T/$2/store -local $T/$2/local-$1 -log $T/$2/log-$1${3:+ -seed $3}"
}
compiles() { grep -c '/compile -o' "$1"; }
gotel_code() { [ "$(go tool nm "$1" | grep -c 'gotel.dev/runtime')" -gt 0 ]; }

for tc in ${CACHEPROG_TOOLCHAINS:-local}; do
  if [ "$tc" = local ]; then unset GOTOOLCHAIN; else export GOTOOLCHAIN=$tc; fi
  mkdir -p "$T/$tc"
  machine a "$tc" "$SEED"
  check "$tc: machine a: plain build" go build -o "$T/$tc/plain-a" .
  out=$("$GOTEL" go build -o "$T/$tc/inst-a" . 2>&1); rc=$?
  check "$tc: machine a: instrumented build fills the shared cache ($out)" [ $rc = 0 ]
  check "$tc: machine a: puts logged ($(grep -c '^put ' "$T/$tc/log-a"), $(grep -c '^get seed ' "$T/$tc/log-a") entries from the suite's GOCACHE)" \
    grep -q '^put ' "$T/$tc/log-a"

  machine b "$tc"
  out=$("$GOTEL" go build -x -o "$T/$tc/inst-b" . 2>"$T/$tc/x-inst-b"); rc=$?
  check "$tc: machine b: instrumented build succeeds" [ $rc = 0 ]
  n=$(compiles "$T/$tc/x-inst-b")
  check "$tc: machine b: instrumented build compiles nothing ($n compiles)" [ "$n" = 0 ]
  hits=$(grep -c '^get hit ' "$T/$tc/log-b")
  check "$tc: machine b: served from the shared cache ($hits hits)" [ "$hits" -gt 100 ]
  check "$tc: machine b: instrumented binary has gotel's code" gotel_code "$T/$tc/inst-b"
  spans=$(OTEL_TRACES_EXPORTER=console "$T/$tc/inst-b" 2>/dev/null)
  check "$tc: machine b: instrumented binary runs" grep -qx 'cache 200' <<<"$spans"
  check "$tc: machine b: server span" grep -q '"SpanKind":2.*"url.path".*"/shared"' <<<"$spans"
  check "$tc: machine b: client span" grep -q '"SpanKind":3' <<<"$spans"

  hits0=$hits
  go build -x -o "$T/$tc/plain-b" . 2>"$T/$tc/x-plain-b"
  n=$(compiles "$T/$tc/x-plain-b")
  check "$tc: machine b: plain build compiles nothing ($n compiles)" [ "$n" = 0 ]
  check "$tc: machine b: plain build served from the shared cache" [ "$(grep -c '^get hit ' "$T/$tc/log-b")" -gt "$hits0" ]
  check "$tc: plain binaries of both machines byte-identical" cmp -s "$T/$tc/plain-a" "$T/$tc/plain-b"
  check "$tc: plain binary has no gotel code" [ "$(go tool nm "$T/$tc/plain-b" | grep -c gotel.dev/)" = 0 ]
  check "$tc: plain binary runs" [ "$("$T/$tc/plain-b")" = "cache 200" ]
  if [ "$tc" != local ]; then
    check "$tc: built by $tc" sh -c "go version '$T/$tc/inst-b' | grep -q '$tc'"
  fi
done

if [ $fails -gt 0 ]; then
  echo "cacheprog.sh: $fails failed"
  exit 1
fi
echo "cacheprog.sh: all passed"
