#!/usr/bin/env bash
# Go versions behind `gotel go` (docs/compatibility.md): the installed Go
# and go1.27.3 chosen every way the go command chooses one — GOTOOLCHAIN in
# the environment, a toolchain line in go.mod under GOTOOLCHAIN=auto — whose
# GOROOT lies in the module cache, where the go command refuses overlays;
# GOFLAGS mode there; and the one sentence for a Go newer than gotel
# supports.
# Usage: tests/plan/toolchain.sh <absolute path of gotel>
set -uo pipefail
GOTEL=${1:?usage: toolchain.sh /abs/path/to/gotel}
NEW=go1.27.3
T=$(mktemp -d "${TMPDIR:-/tmp}/gotel-toolchain-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export GOTEL_CACHE=$T/cache TMPDIR=$T/tmp
mkdir -p "$TMPDIR"
unset GOWORK GOFLAGS
fails=0
check() { # check <description> <command...>
  local d=$1; shift
  if "$@"; then echo "ok   $d"; else echo "FAIL $d"; fails=$((fails + 1)); fi
}

if ! GOTOOLCHAIN=$NEW go version >/dev/null 2>&1; then
  if [ "${GOTEL_REQUIRE_SERVICES:-}" = 1 ]; then
    echo "FAIL $NEW cannot be fetched through the module proxy"; exit 1
  fi
  echo "skip: $NEW cannot be fetched through the module proxy"; exit 0
fi

# A program whose net/http client call makes a span the console exporter
# prints, and a second main package that uses no net/http at all.
M=$T/m
mkdir -p "$M/quiet"
cat >"$M/main.go" <<'G'
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
)

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hi")
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/x")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println("status", resp.StatusCode)
}
G
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("quiet") }\n' >"$M/quiet/main.go"
printf 'module example.com/m\n\ngo 1.26\n' >"$M/go.mod"
cd "$M"

# runs <binary> <want go version>: the program works, reports the Go it was
# built with, and its client and server spans come out.
runs() {
  local out
  out=$(OTEL_TRACES_EXPORTER=console OTEL_METRICS_EXPORTER=none "$1" 2>&1) || return 1
  grep -q '^status 200' <<<"$out" && grep -q '"SpanKind":3' <<<"$out" && grep -q '"SpanKind":2' <<<"$out" &&
    [ "$(go version "$1" | awk '{print $2}')" = "$2" ]
}

out=$(GOTOOLCHAIN=$NEW "$GOTEL" go build -o "$T/env.bin" . 2>&1); rc=$?
check "GOTOOLCHAIN=$NEW: builds ($out)" [ $rc = 0 ]
check "GOTOOLCHAIN=$NEW: the binary runs and emits its spans" runs "$T/env.bin" $NEW
out=$(GOTOOLCHAIN=$NEW "$GOTEL" go build -x -o "$T/env2.bin" . 2>&1)
check "GOTOOLCHAIN=$NEW: a repeated build compiles nothing" [ "$(grep -c '/compile ' <<<"$out")" = 0 ]
GOTOOLCHAIN=$NEW go build -o "$T/plain.bin" . >/dev/null 2>&1
out=$(OTEL_TRACES_EXPORTER=console "$T/plain.bin" 2>&1)
check "GOTOOLCHAIN=$NEW: a plain build after it is plain ($out)" [ "$out" = "status 200" ]

# A toolchain line in go.mod, honoured under GOTOOLCHAIN=auto.
printf 'module example.com/m\n\ngo 1.26\n\ntoolchain %s\n' $NEW >go.mod
out=$(GOTOOLCHAIN=auto "$GOTEL" go build -o "$T/auto.bin" . 2>&1); rc=$?
check "toolchain line + GOTOOLCHAIN=auto: builds ($out)" [ $rc = 0 ]
check "toolchain line + GOTOOLCHAIN=auto: built by $NEW, spans out" runs "$T/auto.bin" $NEW
# A go line that the installed Go is too old for switches too.
printf 'module example.com/m\n\ngo 1.27.0\n\ntoolchain %s\n' $NEW >go.mod
out=$(GOTOOLCHAIN=auto "$GOTEL" go build -o "$T/go127.bin" . 2>&1); rc=$?
check "go 1.27 line + GOTOOLCHAIN=auto: builds ($out)" [ $rc = 0 ]
check "go 1.27 line + GOTOOLCHAIN=auto: built by $NEW, spans out" runs "$T/go127.bin" $NEW
printf 'module example.com/m\n\ngo 1.26\n' >go.mod

# GOFLAGS mode under a GOROOT in the module cache: net/http is linked by
# gotel's runtime, so a setup for ./quiet (no net/http of its own) weaves it
# too, and the prepared package builds. (The guard against unplanned
# packages beneath GOMODCACHE: tests/toolexec/cache_salt.sh.)
setup=$(GOTOOLCHAIN=$NEW "$GOTEL" setup ./quiet 2>"$T/setup.err"); rc=$?
check "GOTOOLCHAIN=$NEW: gotel setup ($(cat "$T/setup.err"))" [ $rc = 0 ]
out=$(eval "$setup" && GOTOOLCHAIN=$NEW go build -o "$T/q.bin" ./quiet 2>&1); rc=$?
check "GOFLAGS mode builds the prepared package ($out)" [ $rc = 0 -a "$("$T/q.bin")" = quiet ]
GOTOOLCHAIN=$NEW "$GOTEL" go build -o "$T/after.bin" . >/dev/null 2>&1
check "a later gotel build of the whole program weaves net/http" runs "$T/after.bin" $NEW

# A Go newer than gotel knows gets one sentence. Only two Go releases can
# be had here, so a go wrapper reports the next one.
mkdir -p "$T/fakego"
cat >"$T/fakego/go" <<G
#!/bin/sh
if [ "\$1" = env ]; then "$(command -v go)" "\$@" | sed 's/"GOVERSION": "go1\.[0-9.]*"/"GOVERSION": "go1.99.0"/'; exit; fi
exec "$(command -v go)" "\$@"
G
chmod +x "$T/fakego/go"
out=$(PATH=$T/fakego:$PATH "$GOTEL" go build -o "$T/new.bin" . 2>&1); rc=$?
check "an unsupported Go gets one line ($out)" [ $rc = 1 -a "$(wc -l <<<"$out")" = 1 ]
check "... that says why" grep -q "go1.99.0 is newer than this gotel supports" <<<"$out"

if [ $fails -gt 0 ]; then
  echo "test-toolchain: $fails check(s) failed"
  exit 1
fi
echo "test-toolchain: all checks passed"
