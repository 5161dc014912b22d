#!/usr/bin/env bash
# Vendor mode (docs/plan.md, "Vendor mode"): a vendored program builds with
# GOPROXY=off under GOFLAGS=-mod=vendor, -mod=vendor and the default of a
# module with vendor/modules.txt; the vendored sources are the ones compiled
# and woven (an edit beneath vendor/ shows in the instrumented binary, and a
# rule of the program's gotel.yaml weaves a vendored package); the program
# behaves as the plain build and emits its spans; vendor/ stays
# byte-identical; gotel's requirements missing from the module cache give
# one sentence.
# Usage: tests/plan/vendor.sh <absolute path of gotel>
set -uo pipefail
GOTEL=${1:?usage: vendor.sh /abs/path/to/gotel}
T=$(mktemp -d "${TMPDIR:-/tmp}/gotel-vendor-test.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export GOTEL_CACHE=$T/cache TMPDIR=$T/tmp
mkdir -p "$TMPDIR"
unset GOWORK GOFLAGS
export OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
fails=0
check() { # check <description> <command...>
  local d=$1; shift
  if "$@"; then echo "ok   $d"; else echo "FAIL $d"; fails=$((fails + 1)); fi
}
snapshot() { (cd "$1" && find . -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
  if [ -f "$f" ]; then printf '%s %s\n' "$(sha256sum <"$f" | cut -c1-64)" "$f"; else printf 'dir %s\n' "$f"; fi
done); }

# A third-party-like module (a local replacement with two packages), vendored
# by a program that serves and calls HTTP; the program's gotel.yaml traces
# dep.Word with hooks in a nested module.
V=$T/v
mkdir -p "$V/dep/sub" "$V/app/hooks"
printf 'module example.com/dep\n\ngo 1.22\n' >"$V/dep/go.mod"
printf 'package dep\n\nfunc Word() string { return "vendored" }\n' >"$V/dep/dep.go"
printf 'package sub\n\nfunc Sub() string { return "sub" }\n' >"$V/dep/sub/sub.go"
cd "$V/app"
printf 'module example.com/vapp\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n' >go.mod
cat >main.go <<'G'
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"example.com/dep"
	"example.com/dep/sub"
)

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, dep.Word())
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/word")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(string(body), sub.Sub(), resp.StatusCode)
}
G
cat >main_test.go <<'G'
package main

import (
	"testing"

	"example.com/dep"
)

func TestWord(t *testing.T) {
	if w := dep.Word(); w != "vendored" && w != "patched" {
		t.Fatalf("Word() = %q", w)
	}
}
G
cat >gotel.yaml <<'G'
instrumentation: vendortest
rules:
  - name: word
    package: example.com/dep
    function: Word
    hooks: example.com/vapp/hooks
    after: WordAfter
G
cat >hooks/go.mod <<'G'
module example.com/vapp/hooks

go 1.26.0

require (
	example.com/dep v0.0.0
	gotel.dev/runtime v0.0.0
)
G
cat >hooks/hooks.go <<'G'
// Package hooks proves that the vendored example.com/dep is woven.
package hooks

import (
	"fmt"
	"os"

	"gotel.dev/runtime/hook"
)

func WordAfter(c *hook.Context, w string) { fmt.Fprintf(os.Stderr, "hook saw %s\n", w) }
G
go mod vendor || { echo "FAIL go mod vendor"; exit 1; }
rm -rf "$V/dep" # only vendor/ can supply example.com/dep now
before=$(snapshot "$V/app")

export GOPROXY=off GOFLAGS=-mod=vendor
go build -o "$T/plain" . || { echo "FAIL plain vendored build"; exit 1; }
want=$("$T/plain")
check "plain build prints the vendored word ($want)" [ "$want" = "vendored sub 200" ]

out=$("$GOTEL" go build -o "$T/inst" . 2>&1); rc=$?
check "GOFLAGS=-mod=vendor GOPROXY=off: instrumented build succeeds ($out)" [ $rc = 0 ]
got=$(OTEL_TRACES_EXPORTER=none "$T/inst" 2>"$T/inst.err")
check "instrumented output equals the plain build's ($got)" [ "$got" = "$want" ]
check "the woven hook ran in the vendored package" grep -qx "hook saw vendored" "$T/inst.err"
# The console exporter writes the spans to stdout, after the program's line.
OTEL_TRACES_EXPORTER=console "$T/inst" >"$T/spans" 2>/dev/null
check "server span emitted" grep -q '"SpanKind":2.*"url.path".*"/word"' "$T/spans"
check "client span emitted" grep -q '"SpanKind":3.*"url.full"' "$T/spans"
deps() { go version -m "$1" | awk '$1 == "dep" && $2 == "example.com/dep" { print $2, $3 }'; }
check "the vendored module's version as the plain build's ($(deps "$T/inst" | tr '\n' ' '))" [ "$(deps "$T/inst")" = "$(deps "$T/plain")" ]
check "plain binary has no gotel runtime" sh -c "! go tool nm '$T/plain' | grep -q gotel.dev/runtime"

# -mod=vendor on the command line, and the default (vendor/modules.txt).
unset GOFLAGS
out=$("$GOTEL" go build -mod=vendor -o "$T/inst2" . 2>&1); rc=$?
check "-mod=vendor: instrumented build succeeds ($out)" [ $rc = 0 ]
check "-mod=vendor: output" [ "$("$T/inst2" 2>/dev/null)" = "$want" ]
out=$("$GOTEL" go run . 2>"$T/run.err"); rc=$?
check "default vendor mode: gotel go run ($out)" [ $rc = 0 ] && [ "$out" = "$want" ]
check "default vendor mode: hook ran" grep -qx "hook saw vendored" "$T/run.err"
out=$("$GOTEL" go test -count=1 . 2>&1); rc=$?
check "vendor mode: gotel go test passes ($out)" [ $rc = 0 ]
check "vendored tree byte-identical" [ "$(snapshot "$V/app")" = "$before" ]

# An edit beneath vendor/ shows in the instrumented binary.
sed -i 's/"vendored"/"patched"/' vendor/example.com/dep/dep.go
out=$("$GOTEL" go build -o "$T/inst3" . 2>&1); rc=$?
check "edited vendor: build succeeds ($out)" [ $rc = 0 ]
got=$("$T/inst3" 2>"$T/inst3.err")
check "edited vendor: the instrumented binary has the edit ($got)" [ "$got" = "patched sub 200" ]
check "edited vendor: the hook saw it" grep -qx "hook saw patched" "$T/inst3.err"

# gotel's own modules come from its embedded sources; the OpenTelemetry
# modules they require from the module cache: an empty one fails in one line.
mkdir -p "$T/emptymc"
out=$(GOMODCACHE=$T/emptymc "$GOTEL" go build -o "$T/inst4" . 2>&1); rc=$?
check "empty module cache, GOPROXY=off: refused" [ $rc != 0 ]
check "empty module cache: one sentence naming the module ($out)" \
  sh -c "[ \$(printf '%s\n' \"\$1\" | wc -l) = 1 ] && printf '%s' \"\$1\" | grep -q \"^gotel: vendor mode: gotel's modules need go.opentelemetry.io/\"" _ "$out"
chmod -R u+w "$T/emptymc"

# A workspace vendored with `go work vendor` (vendor/ beside go.work):
# the same, through the scratch go.work.
unset GOFLAGS
W=$T/w
mkdir -p "$W/dep" "$W/app"
printf 'module example.com/wdep\n\ngo 1.22\n' >"$W/dep/go.mod"
printf 'package wdep\n\nfunc Word() string { return "vendored" }\n' >"$W/dep/dep.go"
printf 'module example.com/wapp\n\ngo 1.22\n\nrequire example.com/wdep v0.0.0\n' >"$W/app/go.mod"
sed -e 's|example.com/dep/sub|strings|' -e 's|"example.com/dep"|dep "example.com/wdep"|' -e 's|sub.Sub()|strings.ToLower("SUB")|' \
  "$V/app/main.go" >"$W/app/main.go"
printf 'go 1.22\n\nuse ./app\n\nreplace example.com/wdep => ./dep\n' >"$W/go.work"
(cd "$W" && go work vendor) || { echo "FAIL go work vendor"; exit 1; }
rm -rf "$W/dep"
cd "$W/app"
go build -o "$T/wplain" . || { echo "FAIL plain workspace-vendored build"; exit 1; }
check "workspace: plain build prints the vendored word" [ "$("$T/wplain")" = "vendored sub 200" ]
wbefore=$(snapshot "$W")
out=$("$GOTEL" go build -o "$T/winst" . 2>&1); rc=$?
check "go work vendor, GOPROXY=off: instrumented build succeeds ($out)" [ $rc = 0 ]
check "workspace: instrumented output equals the plain build's" [ "$("$T/winst" 2>/dev/null)" = "vendored sub 200" ]
OTEL_TRACES_EXPORTER=console "$T/winst" >"$T/wspans" 2>/dev/null
check "workspace: server span emitted" grep -q '"SpanKind":2.*"url.path".*"/word"' "$T/wspans"
check "workspace: tree byte-identical" [ "$(snapshot "$W")" = "$wbefore" ]
chmod -R u+w "$W/vendor"
sed -i 's/"vendored"/"patched"/' "$W/vendor/example.com/wdep/dep.go"
out=$(GOFLAGS=-mod=vendor "$GOTEL" go build -o "$T/winst2" . 2>&1); rc=$?
check "workspace, GOFLAGS=-mod=vendor: build succeeds ($out)" [ $rc = 0 ]
check "workspace: the instrumented binary has the vendored edit" [ "$("$T/winst2" 2>/dev/null)" = "patched sub 200" ]

if [ $fails -gt 0 ]; then
  echo "vendor.sh: $fails failed"
  exit 1
fi
echo "vendor.sh: all passed"
