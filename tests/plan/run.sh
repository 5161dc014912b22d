#!/usr/bin/env bash
# Integration test of `gotel go` and `gotel setup` (the plan phase): builds
# small modules in a temporary directory and checks that they build and run,
# that the user's tree stays byte-identical (after success, failure and
# SIGINT), workspace and vendor modes, concurrent builds, GOFLAGS mode, and
# the one-sentence errors.
# Usage: tests/plan/run.sh <absolute path of gotel>
set -uo pipefail
GOTEL=${1:?usage: run.sh /abs/path/to/gotel}
T=$(mktemp -d "${TMPDIR:-/tmp}/gotel-plan-test.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export GOTEL_CACHE=$T/cache
export TMPDIR=$T/tmp # gotel's scratch dirs land here
mkdir -p "$TMPDIR"
unset GOWORK GOFLAGS GOTEL_KEEP_SCRATCH
# The programs here compare their whole output, and no collector listens:
# the exit flush of the runtime metrics would add gotel's one line about
# the refused export (docs/configuration.md, "Errors while running").
export OTEL_METRICS_EXPORTER=none
fails=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # check <description> <command...>
  local d=$1; shift
  if "$@"; then pass "$d"; else fail "$d"; fi
}
# Every file's content and every path (directories too), to compare trees.
snapshot() { (cd "$1" && find . -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
  if [ -f "$f" ]; then printf '%s %s\n' "$(sha256sum <"$f" | cut -c1-64)" "$f"; else printf 'dir %s\n' "$f"; fi
done); }
# gotel's scratch directories are $GOTEL_CACHE/plans/<key>/s-* (named by
# that entry's state once a build succeeded) or, with the plan cache off,
# $TMPDIR/gotel-*. None may be left that no state names. (An interrupted go
# command leaves its own go-build* work directory behind, as it does without
# gotel.)
scratch_clean() {
  local s
  for s in "$TMPDIR"/gotel-*; do
    [ -e "$s" ] && { echo "left: $s" >&2; return 1; }
  done
  for s in "$GOTEL_CACHE"/plans/*/s-*; do
    [ -e "$s" ] || continue
    grep -qxF "scratch $s" "$(dirname "$s")/state" 2>/dev/null || { echo "left: $s" >&2; return 1; }
  done
  return 0
}

# Is the toolexec half of gotel there yet? Without it only the plan side
# (errors, untouched trees) can be checked.
HAVE_TX=1
txout=$("$GOTEL" toolexec 2>&1)
if grep -q "unknown command" <<<"$txout"; then
  HAVE_TX=0
  echo "note: 'gotel toolexec' is not built in yet: build-success checks are skipped"
fi
# Does the embedded runtime have its boot package (then binaries must link it)?
HAVE_BOOT=0

# --- a small module: a main package, a library with a test, a broken package
A=$T/app
mkdir -p "$A/lib" "$A/broken" "$A/cmd/other"
cat >"$A/go.mod" <<'G'
module example.com/app

go 1.22
G
cat >"$A/main.go" <<'G'
package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/app/lib"
)

func main() {
	fmt.Println("hello", lib.Twice(21), len(os.Args)-1)
	if len(os.Args) > 2 && os.Args[1] == "exit" {
		n, _ := strconv.Atoi(os.Args[2])
		os.Exit(n)
	}
}
G
cat >"$A/lib/lib.go" <<'G'
package lib

func Twice(n int) int { return 2 * n }
G
cat >"$A/lib/lib_test.go" <<'G'
package lib

import "testing"

func TestTwice(t *testing.T) {
	if Twice(2) != 4 {
		t.Fatal("Twice(2) != 4")
	}
}
G
# Packages made only of _test.go files (internal and external test package):
# go test builds a test binary for each, whose woven net/http must find its
# hooks. WANT_TRACEPARENT says whether the request must carry trace context.
mkdir -p "$A/itest" "$A/xtest"
tracedtest() { # package clause
  cat <<G
package $1

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

func TestTraceparent(t *testing.T) {
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
G
}
# A generator run with `go run` (go generate's usual way), outside every
# package pattern. os.Exit is woven (the flush on exit), so its link needs
# the runtime; a program that links os but never reaches os.Exit links, as
# the linker drops the woven code it cannot reach.
mkdir -p "$A/tools"
cat >"$A/tools/gen.go" <<'G'
//go:build ignore

package main

import "os"

func main() {
	println("generated")
	os.Exit(0)
}
G
cat >"$A/tools/plain.go" <<'G'
//go:build ignore

package main

import "os"

func main() { println("plain", os.Getenv("NO_SUCH_VARIABLE")) }
G
tracedtest itest >"$A/itest/itest_test.go"
tracedtest xtest_test >"$A/xtest/x_test.go"
cat >"$A/cmd/other/main.go" <<'G'
package main

func main() { println("other") }
G
cat >"$A/broken/broken.go" <<'G'
package broken

func F() int { return "not an int" }
G
before=$(snapshot "$A")
# The distinct salts of the builds so far (the plan file's second line).
salts() { sed -n 's/^salt //p' "$GOTEL_CACHE"/plans/*/s-*/plan 2>/dev/null | sort -u; }
same_tree() { [ "$(snapshot "$1")" = "$2" ]; }

cd "$A"
if [ $HAVE_TX = 1 ]; then
  out=$("$GOTEL" go build -o "$T/app.bin" . 2>&1); rc=$?
  check "gotel go build succeeds ($out)" [ $rc = 0 ]
  check "the built program runs" [ "$("$T/app.bin" 2>&1)" = "hello 42 0" ]
  ls "$GOTEL_CACHE"/*/runtime/boot >/dev/null 2>&1 && HAVE_BOOT=1
  if [ $HAVE_BOOT = 1 ]; then
    check "the binary links gotel.dev/runtime" sh -c "go version -m '$T/app.bin' | grep -q 'gotel.dev/runtime'"
  fi
  check "gotel go build ./... (two main packages, -o dir)" "$GOTEL" go build -o "$T/bins/" ./...
  # ./... lists the test-only packages too, which go build does not compile:
  # they must not change the salt (their language version once did), or the
  # standard library is compiled again.
  check "gotel go build ./... has the salt of gotel go build . ($(salts))" [ "$(salts | wc -l)" = 1 ]
  check "both main packages were built" [ -x "$T/bins/app" -a -x "$T/bins/other" ]
  out=$("$GOTEL" go run . a b c 2>&1)
  check "gotel go run passes the program's arguments" [ "$out" = "hello 42 3" ]
  "$GOTEL" go run . exit 7 >/dev/null 2>&1; rc=$?
  go run . exit 7 >/dev/null 2>&1; want=$?
  check "gotel go run exits like go run ($rc = $want)" [ $rc = $want ]
  out=$("$GOTEL" go run main.go 2>&1); rc=$?
  check "gotel go run main.go (named files) ($out)" [ "$out" = "hello 42 0" ]
  out=$("$GOTEL" go test -count=1 . ./lib 2>&1); rc=$?
  check "gotel go test . ./lib passes" [ $rc = 0 ]
  check "gotel go test ran the library's test" grep -q "^ok.*example.com/app/lib" <<<"$out"
  export OTEL_TRACES_EXPORTER=console
  out=$(WANT_TRACEPARENT=1 "$GOTEL" go test -count=1 ./itest ./xtest 2>&1); rc=$?
  check "gotel go test of test-only packages links and traces ($out)" [ $rc = 0 ]
  out=$(WANT_TRACEPARENT=0 go test -count=1 ./itest ./xtest 2>&1); rc=$?
  check "plain go test of the same packages sends no trace context ($out)" [ $rc = 0 ]
  # The one switch for suites that compare exact request headers
  # (docs/configuration.md, "Tests").
  out=$(OTEL_PROPAGATORS=none WANT_TRACEPARENT=0 "$GOTEL" go test -count=1 ./itest 2>&1); rc=$?
  check "gotel go test with OTEL_PROPAGATORS=none sends no trace context ($out)" [ $rc = 0 ]
  out=$(cd itest && WANT_TRACEPARENT=1 "$GOTEL" go test -count=1 itest_test.go 2>&1); rc=$?
  check "gotel go test itest_test.go (named internal test file) traces ($out)" [ $rc = 0 ]
  out=$(cd xtest && WANT_TRACEPARENT=1 "$GOTEL" go test -count=1 x_test.go 2>&1); rc=$?
  check "gotel go test x_test.go (named external test file) traces ($out)" [ $rc = 0 ]
  unset OTEL_TRACES_EXPORTER
  check "gotel go install" env GOBIN="$T/gobin" "$GOTEL" go install .
  check "gotel go install wrote the binary" [ -x "$T/gobin/app" ]
  # A user overlay is merged with gotel's.
  mkdir -p "$T/ov"
  sed 's/"hello"/"overlaid"/' main.go >"$T/ov/main.go"
  printf '{"Replace": {"%s/main.go": "%s/ov/main.go"}}\n' "$A" "$T" >"$T/ov/overlay.json"
  out=$("$GOTEL" go run -overlay "$T/ov/overlay.json" . 2>&1)
  check "a user -overlay is honoured ($out)" [ "$out" = "overlaid 42 0" ]
  # -C and a relative -o.
  cd "$T"
  check "gotel go build -C app" "$GOTEL" go build -C app -o "$T/c.bin" .
  cd "$A"
  # Two builds of one module at once, also racing to unpack the embedded
  # sources into a fresh cache directory.
  GOTEL_CACHE=$T/cache2 "$GOTEL" go build -o "$T/p1.bin" . >"$T/p1.log" 2>&1 & p1=$!
  GOTEL_CACHE=$T/cache2 "$GOTEL" go build -o "$T/p2.bin" . >"$T/p2.log" 2>&1 & p2=$!
  wait $p1; r1=$?; wait $p2; r2=$?
  check "two concurrent builds of one module both succeed ($r1 $r2: $(cat "$T/p1.log" "$T/p2.log"))" [ $r1 = 0 -a $r2 = 0 ]
  check "one unpacked copy, no temporary left" [ "$(ls -A "$T/cache2" | grep -vx plans | wc -l)" = 1 ]
  check "both concurrent outputs run" [ "$("$T/p1.bin")" = "hello 42 0" -a "$("$T/p2.bin")" = "hello 42 0" ]
fi

# A failing build: go's message and status, nothing left behind.
out=$("$GOTEL" go build ./broken 2>&1); rc=$?
go build ./broken >/dev/null 2>&1; want=$?
check "a failing build fails with go's status ($rc = $want)" [ $rc = $want -a $rc != 0 ]
if [ $HAVE_TX = 1 ]; then
  check "a failing build prints the compiler's error" grep -q "broken.go:3" <<<"$out"
fi
check "no scratch directory left after a failing build" scratch_clean
check "user tree byte-identical after builds" same_tree "$A" "$before"

# SIGINT in the middle of a build: the go command is interrupted, the scratch
# directory removed, gotel dies like its child.
if [ $HAVE_TX = 1 ]; then
  # A background job of a shell without job control starts with SIGINT
  # ignored, and so does everything under a parent that ignores it (a
  # nohup'd or backgrounded make): gotel then rightly keeps ignoring it.
  # env gives it the default action, whatever this script inherited.
  set -m
  env --default-signal=INT "$GOTEL" go build -a -o "$T/int.bin" . >"$T/int.log" 2>&1 &
  gp=$!
  set +m
  for _ in $(seq 1 400); do # wait (bounded) until the go command runs
    ls "$GOTEL_CACHE"/plans/*/s-*/plan >/dev/null 2>&1 && pgrep -P $gp >/dev/null && break
    sleep 0.05
  done
  kill -INT $gp
  wait $gp; rc=$?
  check "an interrupted build fails (status $rc)" [ $rc != 0 ]
  check "no scratch directory left after SIGINT" scratch_clean
  check "user tree byte-identical after SIGINT" same_tree "$A" "$before"
fi

# --- workspace mode
W=$T/ws
mkdir -p "$W/a" "$W/b"
printf 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n' >"$W/go.work"
printf 'module example.com/a\n\ngo 1.22\n' >"$W/a/go.mod"
printf 'module example.com/b\n\ngo 1.22\n' >"$W/b/go.mod"
printf 'package main\n\nimport "example.com/b"\n\nfunc main() { println(b.Name()) }\n' >"$W/a/main.go"
printf 'package b\n\nfunc Name() string { return "workspace" }\n' >"$W/b/b.go"
wbefore=$(snapshot "$W")
cd "$W"
if [ $HAVE_TX = 1 ]; then
  out=$("$GOTEL" go build -o "$T/ws.bin" ./a 2>&1); rc=$?
  check "workspace build succeeds ($out)" [ $rc = 0 ]
  check "workspace binary runs" [ "$("$T/ws.bin" 2>&1)" = "workspace" ]
  cd "$W/a"
  out=$("$GOTEL" go run . 2>&1)
  check "workspace run from a member module ($out)" [ "$out" = "workspace" ]
fi
check "-modfile is refused in workspace mode" sh -c "'$GOTEL' go build -modfile=x.mod . 2>&1 | grep -q 'workspace mode'"
check "workspace tree byte-identical" same_tree "$W" "$wbefore"
check "no scratch directory left (workspace)" scratch_clean

# --- vendored module (its dependency is a local replacement, vendored)
V=$T/vend
mkdir -p "$V/app" "$V/dep"
printf 'module example.com/dep\n\ngo 1.22\n' >"$V/dep/go.mod"
printf 'package dep\n\nfunc Word() string { return "vendored" }\n' >"$V/dep/dep.go"
printf 'module example.com/vapp\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n' >"$V/app/go.mod"
printf 'package main\n\nimport "example.com/dep"\n\nfunc main() { println(dep.Word()) }\n' >"$V/app/main.go"
(cd "$V/app" && go mod vendor) || fail "go mod vendor"
vbefore=$(snapshot "$V")
cd "$V/app"
if [ $HAVE_TX = 1 ]; then
  out=$("$GOTEL" go build -o "$T/v.bin" . 2>&1); rc=$?
  check "vendored module builds ($out)" [ $rc = 0 ]
  check "vendored binary runs" [ "$("$T/v.bin" 2>&1)" = "vendored" ]
fi
check "vendored tree byte-identical" same_tree "$V" "$vbefore"

# --- the module's own language version and GODEBUG defaults. The scratch
# go.mod raises the go line to the runtime's; a go 1.21 module must still get
# 1.21 loop variables (333, not 012) and its own DefaultGODEBUG.
L=$T/lang
mkdir -p "$L/loop"
printf 'module example.com/lang\n\ngo 1.21\n' >"$L/go.mod"
# The run's directory in a constant: the first build of this test never
# comes from an earlier run's cache.
cat >"$L/loop/loop.go" <<G
package loop

const Run = "$T"

// Digits prints 333 before Go 1.22 (one i for the loop), 012 after.
func Digits() string {
	var fs []func() string
	for i := 0; i < 3; i++ {
		fs = append(fs, func() string { return string(rune('0' + i)) })
	}
	s := ""
	for _, f := range fs {
		s += f()
	}
	return s
}
G
cat >"$L/main.go" <<'G'
package main

import (
	"fmt"

	"example.com/lang/loop"
)

func main() {
	var fs []func()
	for i := 0; i < 3; i++ {
		fs = append(fs, func() { fmt.Print(i) })
	}
	for _, f := range fs {
		f()
	}
	fmt.Println("", loop.Digits())
}
G
godebug_of() { go version -m "$1" | grep DefaultGODEBUG; }
not_grep() { ! grep -q -- "$1" <<<"$2"; }
cd "$L"
if [ $HAVE_TX = 1 ]; then
  go build -o "$T/lang.plain" . || fail "plain build of the go 1.21 module"
  want=$("$T/lang.plain")
  check "the plain go 1.21 build has per-loop variables ($want)" [ "$want" = "333 333" ]
  out=$("$GOTEL" go build -x -o "$T/lang.inst" . 2>&1); rc=$?
  check "instrumented go 1.21 module builds" [ $rc = 0 ]
  check "the instrumented build compiles apart from the plain one" grep -q -- "-p example.com/lang/loop " <<<"$out"
  check "instrumented go 1.21 binary prints what the plain one does ($("$T/lang.inst"))" [ "$("$T/lang.inst")" = "$want" ]
  check "same DefaultGODEBUG as the plain build" [ "$(godebug_of "$T/lang.inst")" = "$(godebug_of "$T/lang.plain")" ]
  out=$("$GOTEL" go build -x -o "$T/lang.inst2" . 2>&1)
  check "a repeated instrumented build compiles nothing" not_grep "/compile " "$out"
  out=$(eval "$("$GOTEL" setup . 2>/dev/null)" && go build -o "$T/lang.gf" . 2>&1)
  check "GOFLAGS mode keeps the language version ($out)" [ "$("$T/lang.gf")" = "$want" ]
  check "GOFLAGS mode keeps DefaultGODEBUG" [ "$(godebug_of "$T/lang.gf")" = "$(godebug_of "$T/lang.plain")" ]
  # go test: the test variant keeps the module's language version, and the
  # test main (generated, no marker) does not make the build a salt, and
  # so a standard library, of its own.
  printf 'package loop\n\nimport "testing"\n\nfunc TestDigits(t *testing.T) {\n\tif d := Digits(); d != "333" {\n\t\tt.Fatal(d)\n\t}\n}\n' >loop/loop_test.go
  out=$("$GOTEL" go test -count=1 -x ./loop 2>&1); rc=$?
  check "go test of the go 1.21 module passes with its loop variables" [ $rc = 0 ]
  check "go test of the go 1.21 module keeps the instrumented standard library" not_grep "-p net/http " "$out"
  rm loop/loop_test.go
  # Raising the module's go line must not reuse the 1.21 compiles.
  sed -i 's/^go 1.21$/go 1.22/' go.mod
  go build -o "$T/lang.plain" . || fail "plain build at go 1.22"
  # (Another -o than the go 1.21 builds: a new plan, not a replaced one,
  # whose old scratch directory would stay for builds still reading it.)
  out=$("$GOTEL" go build -x -o "$T/lang.inst22" . 2>&1) || fail "instrumented build at go 1.22: $out"
  # The language version keys the module's own packages (a marker file),
  # not the salt: the instrumented standard library stays shared.
  check "go 1.22 recompiles the module's packages" grep -q -- "-p example.com/lang/loop " <<<"$out"
  check "go 1.22 keeps the instrumented standard library of go 1.21" not_grep "-p net/http " "$out"
  check "after go 1.22 the instrumented binary follows ($("$T/lang.inst22"))" [ "$("$T/lang.inst22")" = "012 012" ]
  check "same DefaultGODEBUG at go 1.22" [ "$(godebug_of "$T/lang.inst22")" = "$(godebug_of "$T/lang.plain")" ]
  # Workspace mode: a go 1.21 member module keeps its go.mod, go.work's go
  # line decides the GODEBUG defaults.
  LW=$T/langws
  mkdir -p "$LW/m"
  printf 'go 1.21\n\nuse ./m\n' >"$LW/go.work"
  printf 'module example.com/lang\n\ngo 1.21\n' >"$LW/m/go.mod"
  cp -r "$L/main.go" "$L/loop" "$LW/m/"
  cd "$LW"
  go build -o "$T/langws.plain" ./m && "$GOTEL" go build -o "$T/langws.inst" ./m || fail "workspace builds at go 1.21"
  check "workspace: instrumented prints what plain prints ($("$T/langws.inst"))" [ "$("$T/langws.inst")" = "$("$T/langws.plain")" ]
  check "workspace: same DefaultGODEBUG" [ "$(godebug_of "$T/langws.inst")" = "$(godebug_of "$T/langws.plain")" ]
fi

# --- GOFLAGS mode
cd "$A"
setup=$("$GOTEL" setup . 2>"$T/setup.err"); rc=$?
check "gotel setup succeeds ($(cat "$T/setup.err"))" [ $rc = 0 ]
check "gotel setup prints an export of GOFLAGS" grep -q "^export GOFLAGS='\([^ ]* \)*-toolexec=[^ ]*/toolexec -modfile=[^ ]* -mod=mod -overlay=[^ ]*'$" <<<"$setup"
gf=$("$GOTEL" setup -goflags . 2>/dev/null)
check "gotel setup -goflags prints the same value" grep -qF "GOFLAGS='$gf'" <<<"$setup"
if [ $HAVE_TX = 1 ]; then
  out=$(eval "$setup" && go build -o "$T/gf.bin" . 2>&1); rc=$?
  check "plain go build under GOFLAGS mode ($out)" [ $rc = 0 ]
  check "GOFLAGS-mode binary runs" [ "$("$T/gf.bin" 2>&1)" = "hello 42 0" ]
  if [ $HAVE_BOOT = 1 ]; then
    check "GOFLAGS-mode binary links gotel.dev/runtime" sh -c "go version -m '$T/gf.bin' | grep -q gotel.dev/runtime"
  fi
fi
# setup prepares tested packages too unless told -test=false, so the same
# GOFLAGS serve a Makefile's go test.
tsetup=$("$GOTEL" setup . ./lib ./itest ./xtest 2>/dev/null)
msetup=$("$GOTEL" setup -test=false . 2>/dev/null)
if [ $HAVE_TX = 1 ]; then
  out=$(eval "$tsetup" && go test -count=1 ./lib 2>&1); rc=$?
  check "plain go test under GOFLAGS mode ($out)" [ $rc = 0 ]
  out=$(eval "$tsetup" && OTEL_TRACES_EXPORTER=console WANT_TRACEPARENT=1 go test -count=1 ./itest ./xtest 2>&1); rc=$?
  check "test-only packages under GOFLAGS mode trace ($out)" [ $rc = 0 ]
  out=$(eval "$msetup" && go build -o "$T/gfm.bin" . 2>&1); rc=$?
  check "go build under GOFLAGS mode prepared with -test=false ($out)" [ $rc = 0 ]
  # (The module is at go 1.22: its packages also get a marker file,
  # gotel_rules.go, naming the language version they compile at.)
  check "the -test=false boot file is in the main package only" not_grep gotel_boot.go "$(eval "$msetup" && go list -f '{{join .GoFiles " "}}' ./lib)"
  check "the default setup puts one in the tested library too" grep -qw gotel_boot.go <<<"$(eval "$tsetup" && go list -f '{{join .GoFiles " "}}' ./lib)"
  out=$(eval "$setup" && go run tools/gen.go 2>&1); rc=$?
  check "go run of a file setup did not prepare fails" [ $rc != 0 ]
  check "... with one sentence that names the cause ($out)" grep -qF "gotel: command-line-arguments links packages gotel wove (os, ...) but not gotel's runtime" <<<"$out"
  check "... in place of the linker's errors about gotel's symbols and its crash on them" not_grep 'gotel\.dev/\|^panic: \|^goroutine ' "$out"
  out=$(eval "$setup" && go run tools/plain.go 2>&1)
  check "go run of a file that cannot reach woven code works ($out)" [ "$out" = "plain " ]
fi
out=$(GOTEL_CACHE="$T/with space" "$GOTEL" setup . 2>&1); rc=$?
check "gotel setup refuses a directory with a space ($out)" [ $rc = 1 ]
check "gotel setup refuses a directory with a space: says why" grep -q "GOFLAGS cannot carry" <<<"$out"
out=$(eval "$setup" && "$GOTEL" go build . 2>&1); rc=$?
check "gotel go refuses a GOFLAGS that already has -toolexec" grep -q "GOFLAGS already sets -toolexec" <<<"$out"
cd "$W"
wsetup=$("$GOTEL" setup ./a 2>/dev/null)
check "gotel setup in a workspace exports GOWORK" grep -q "^export GOWORK=" <<<"$wsetup"
if [ $HAVE_TX = 1 ]; then
  out=$(eval "$wsetup" && go build -o "$T/wgf.bin" ./a 2>&1); rc=$?
  check "plain go build under GOFLAGS mode in a workspace ($out)" [ $rc = 0 ]
fi
check "user trees byte-identical after GOFLAGS mode" same_tree "$A" "$before"
check "workspace byte-identical after GOFLAGS mode" same_tree "$W" "$wbefore"

# --- gotel rules --match: one verdict line per rule, and the summary
cd "$A"
out=$("$GOTEL" rules --match . 2>&1); rc=$?
check "gotel rules --match succeeds" [ $rc = 0 ]
check "gotel rules --match names the gotel modules" grep -q "gotel modules: gotel.dev/runtime" <<<"$out"
nrules=$("$GOTEL" rules 2>/dev/null | grep -c "^  ")
nverdicts=$(grep -c "^\(yes\|no\) " <<<"$out")
check "gotel rules --match judges every rule ($nverdicts lines for $nrules rules)" [ "$nverdicts" -ge "$nrules" ]

# --- errors, one sentence each
cd "$A"
out=$(PATH=/nonexistent "$GOTEL" go build . 2>&1); rc=$?
check "go missing from PATH ($out)" [ $rc != 0 ]
check "go missing from PATH: says why" grep -q "the go command was not found on PATH" <<<"$out"
mkdir -p "$T/oldgo"
cat >"$T/oldgo/go" <<'G'
#!/bin/sh
[ "$1" = env ] && printf '{"GOVERSION": "go1.21.5", "GOMOD": "/x/go.mod"}\n' && exit 0
exit 1
G
chmod +x "$T/oldgo/go"
out=$(PATH=$T/oldgo:$PATH "$GOTEL" go build . 2>&1)
check "too old a Go ($out)" [ "$out" = "gotel: go1.21.5 is too old: gotel needs Go 1.26 or newer" ]
mkdir -p "$T/nomod"
printf 'package main\n\nfunc main() {}\n' >"$T/nomod/main.go"
out=$(cd "$T/nomod" && "$GOTEL" go build . 2>&1); rc=$?
check "a package outside any module ($out)" [ $rc = 1 ]
check "a package outside any module: says why" grep -q "is not inside a Go module" <<<"$out"
out=$("$GOTEL" go build -toolexec=/bin/true . 2>&1); rc=$?
check "a user -toolexec is refused ($out)" [ $rc = 2 ]
check "a user -toolexec is refused: says why" grep -q "cannot be combined with another one" <<<"$out"
out=$("$GOTEL" go build example.com/tool@v1.0.0 2>&1); rc=$?
check "go build pkg@version is refused ($out)" [ $rc = 1 ]
check "go build pkg@version is refused: says why" grep -q "does not take a package at a version" <<<"$out"

# --- go install / go run pkg@version: a tool module served by a file-based
# GOPROXY (the rest from the module cache's download directory, so offline),
# with a dependency of its own at an older version than the proxy's latest.
if [ $HAVE_TX = 1 ]; then
  MC=$(go env GOMODCACHE)
  # The fixture module is only ever in the module cache through this test.
  rmfix() { chmod -R u+w "$MC"/example.com/gotel-fixture-* "$MC"/cache/download/example.com/gotel-fixture-* 2>/dev/null
    rm -rf "$MC"/example.com/gotel-fixture-* "$MC"/cache/download/example.com/gotel-fixture-*; }
  rmfix
  P=$T/proxy F=$T/fixture
  mkdir -p "$F/zip" "$F/tool/cmd/hello" "$F/dep10" "$F/dep11"
  cat >"$F/zip/main.go" <<'G'
// Writes the module zip of a directory (the module proxy's layout).
package main

import (
	"archive/zip"
	"os"
	"path/filepath"
)

func main() {
	dir, prefix := os.Args[1], os.Args[2]
	f, _ := os.Create(os.Args[3])
	z := zip.NewWriter(f)
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := z.Create(prefix + "/" + filepath.ToSlash(rel))
		if err == nil {
			b, rerr := os.ReadFile(p)
			if err = rerr; err == nil {
				_, err = w.Write(b)
			}
		}
		return err
	})
	if err != nil || z.Close() != nil || f.Close() != nil {
		os.Exit(1)
	}
}
G
  publish() { # publish <dir> <module> <version>
    local d=$P/$2/@v
    mkdir -p "$d" && cp "$1/go.mod" "$d/$3.mod" && echo "$3" >>"$d/list"
    printf '{"Version":"%s","Time":"2024-01-02T03:04:05Z"}\n' "$3" >"$d/$3.info"
    (cd "$F/zip" && GOFLAGS= GOWORK=off go run main.go "$1" "$2@$3" "$d/$3.zip")
  }
  for v in 0 1; do
    printf 'module example.com/gotel-fixture-dep\n\ngo 1.22\n' >"$F/dep1$v/go.mod"
    printf 'package dep\n\nconst Version = "v1.%s.0"\n' $v >"$F/dep1$v/dep.go"
    publish "$F/dep1$v" example.com/gotel-fixture-dep v1.$v.0
  done
  printf 'module example.com/gotel-fixture-tool\n\ngo 1.22\n\nrequire example.com/gotel-fixture-dep v1.0.0\n' >"$F/tool/go.mod"
  cat >"$F/tool/cmd/hello/main.go" <<'G'
// hello asks a server of its own for a page, prints its arguments and
// exits with the status its first argument names.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"

	"example.com/gotel-fixture-dep"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "pong") }))
	resp, err := http.Get("http://" + ln.Addr().String() + "/ping")
	if err != nil {
		panic(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println("hello", string(b), dep.Version, os.Args[1:])
	wd, _ := os.Getwd()
	fmt.Println("wd", wd)
	if len(os.Args) > 1 {
		n, _ := strconv.Atoi(os.Args[1])
		os.Exit(n)
	}
}
G
  publish "$F/tool" example.com/gotel-fixture-tool v1.2.3
  TOOL=example.com/gotel-fixture-tool/cmd/hello
  # The fixture's proxy, and console spans.
  FX=(env GOPROXY=file://$P,file://$MC/cache/download GOSUMDB=off GOFLAGS= OTEL_TRACES_EXPORTER=console
    OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none)
  cd "$A"
  "${FX[@]}" GOBIN=$T/plainbin go install $TOOL@v1.2.3
  out=$("${FX[@]}" GOBIN=$T/gotelbin "$GOTEL" go install $TOOL@v1.2.3 2>&1); rc=$?
  check "gotel go install pkg@version ($out)" [ $rc = 0 ]
  check "installed as go install does: GOBIN/<last element>" [ -x "$T/gotelbin/hello" ]
  out=$("${FX[@]}" "$T/gotelbin/hello" 0 2>&1)
  check "the installed tool runs with the module's dependency versions ($out)" grep -q "^hello pong v1.0.0 \[0\]" <<<"$out"
  check "the installed tool emits spans" grep -q '"Name":"GET' <<<"$out"
  check "the plain one emits none" [ "$("${FX[@]}" "$T/plainbin/hello" 0 2>&1 | grep -c '"Name"')" = 0 ]
  # Build info: the same main package and module path and the same
  # versions of the tool's own dependencies; the main module's version is
  # (devel) (docs/plan.md, "Packages at a version").
  bi() { go version -m "$1" | awk '$1 == "path" {print} $1 == "mod" {print $1, $2} $1 == "dep" && $2 ~ /gotel-fixture/ {print}'; }
  check "go version -m: same path, module and fixture versions ($(bi "$T/gotelbin/hello" | tr '\n\t' '; '))" \
    [ "$(bi "$T/gotelbin/hello")" = "$(bi "$T/plainbin/hello")" ]
  check "the user's module is not involved" same_tree "$A" "$before"
  out=$("${FX[@]}" "$GOTEL" go run $TOOL@v1.2.3 7 a b 2>/dev/null); rc=$?
  "${FX[@]}" go run $TOOL@v1.2.3 7 a b >/dev/null 2>&1; want=$?
  check "gotel go run pkg@version passes the arguments ($out)" grep -q "^hello pong v1.0.0 \[7 a b\]" <<<"$out"
  check "gotel go run pkg@version exits like go run ($rc = $want)" [ $rc = $want ]
  check "gotel go run pkg@version runs in the user's directory" grep -qx "wd $A" <<<"$out"
  check "gotel go run pkg@version traces" grep -q '"Name":"GET' <<<"$out"
  out=$("${FX[@]}" "$GOTEL" go run $TOOL@v1.2.3 2>/dev/null)
  check "a repeated gotel go run pkg@version (cached plan) ($out)" grep -q "^hello pong v1.0.0 \[\]" <<<"$out"
  out=$("${FX[@]}" "$GOTEL" go install $TOOL@v9.9.9 2>&1); rc=$?
  check "a version that does not exist fails in one sentence ($out)" [ $rc = 1 -a "$(wc -l <<<"$out")" = 1 ]
  out=$("${FX[@]}" "$GOTEL" go install $TOOL@v1.2.3 ./lib 2>&1); rc=$?
  check "a package at a version mixed with one without is refused ($out)" [ $rc = 1 ]
  rmfix
fi
check "gotel go version passes through" [ "$("$GOTEL" go version)" = "$(go version)" ]
"$GOTEL" go vet ./broken >/dev/null 2>&1; rc=$?
go vet ./broken >/dev/null 2>&1; want=$?
check "a passed-through command exits like go ($rc = $want)" [ $rc = $want ]
check "no scratch directory left at the end" scratch_clean
check "user tree byte-identical at the end" same_tree "$A" "$before"

if [ $fails -gt 0 ]; then
  echo "test-plan: $fails check(s) failed"
  exit 1
fi
echo "test-plan: all checks passed"
