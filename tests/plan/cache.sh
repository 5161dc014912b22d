#!/usr/bin/env bash
# Integration test of the plan cache (docs/plan.md, "The plan cache"): which
# changes make gotel plan again (go env + go list + build), which only make
# it build (the cached plan), and which let it skip the go command because
# nothing changed — and, each time, that the binary is what the source says.
# A `go` on PATH that logs its subcommands tells what gotel ran.
# Usage: tests/plan/cache.sh <absolute path of gotel>
set -uo pipefail
GOTEL=${1:?usage: cache.sh /abs/path/to/gotel}
T=$(mktemp -d "${TMPDIR:-/tmp}/gotel-cache-test.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export GOTEL_CACHE=$T/cache
export TMPDIR=$T/tmp # scratch directories when the cache is off
mkdir -p "$TMPDIR"
unset GOWORK GOFLAGS GOTEL_KEEP_SCRATCH GOTEL_PLAN_CACHE
REALGO=$(command -v go)
mkdir -p "$T/bin"
# -a reaches this go as gotel passed it (go-a.log records it, and the -a
# checks below look), but is dropped before the real go runs: what is
# checked here is gotel's plan cache, and a forced rebuild of every
# instrumented package (some 275 compiles, twice per run, and again under
# ASan in test-plan-asan) adds nothing to it. Instrumented builds that
# compile everything run in cacheprog.sh (fresh GOCACHEs).
cat >"$T/bin/go" <<G
#!/bin/sh
echo "\$1" >>"$T/go.log"
if [ "\$1" = build ]; then
  for a do
    shift
    if [ "\$a" = -a ]; then echo "-a" >>"$T/go-a.log"; continue; fi
    set -- "\$@" "\$a"
  done
fi
exec "$REALGO" "\$@"
G
chmod +x "$T/bin/go"
export PATH=$T/bin:$PATH
fails=0
check() { # check <description> <command...>
  local d=$1; shift
  if "$@"; then echo "ok   $d"; else echo "FAIL $d"; fails=$((fails + 1)); fi
}
# build <args...>: runs gotel go build and prints what go ran: "plan" (env,
# list, build), "plan+grpc" (the same with a second list), "build" (the
# cached plan), "none" (skipped) or the log.
build() {
  : >"$T/go.log"
  : >"$T/go-a.log"
  if ! "$GOTEL" go build "$@" >"$T/build.out" 2>&1; then echo "failed: $(cat "$T/build.out")"; return; fi
  case "$(tr '\n' ' ' <"$T/go.log")" in
    "env list build ") echo plan ;;
    "env list list build ") echo plan+grpc ;; # GOTEL_OTLP_GRPC=1: gRPC listed through the scratch module
    "build ") echo build ;;
    "") echo none ;;
    *) echo "ran: $(tr '\n' ' ' <"$T/go.log")" ;;
  esac
}
expect() { # expect <description> <want> <build args...>
  local d=$1 want=$2 got; shift 2
  got=$(build "$@")
  check "$d: $want (got $got)" [ "$got" = "$want" ]
}

A=$T/app
mkdir -p "$A/web"
cd "$A"
printf 'module example.com/app\n\ngo 1.22\n' >go.mod
cat >main.go <<'G'
package main

import (
	"fmt"

	"example.com/app/web"
)

func main() { fmt.Println("v1", web.Page()) }
G
cat >web/web.go <<'G'
package web

import _ "embed"

//go:embed page.txt
var page string

func Page() string { return page }
G
printf one >web/page.txt

expect "first build" plan -o app .
check "it runs" [ "$(./app)" = "v1 one" ]
expect "same build again" none -o app .
touch main.go
expect "main.go touched, content unchanged" none -o app .

sed -i 's/"v1"/"v2"/' main.go
expect "a body edited" build -o app .
check "the edit is in the binary" [ "$(./app)" = "v2 one" ]
expect "and again" none -o app .

# CI runs differ in variables nothing in the build reads: same plan, and
# nothing to do. Those the go command or gotel read make another plan.
CI_JOB_ID=$RANDOM BUILD_TIMESTAMP=$(date +%s%N) expect "unrelated variables (CI job id, timestamp)" none -o app .
CI_JOB_ID=other RUNNER_NAME=r2 expect "unrelated variables, other values" none -o app .
GOTEL_TEST_VAR=1 expect "a GOTEL_ variable" plan -o app .
GOFLAGS=-tags=x expect "GOFLAGS=-tags=x" plan -o app .
CGO_ENABLED=0 expect "CGO_ENABLED=0" plan -o app .
check "CGO_ENABLED=0 is in the binary" grep -q "CGO_ENABLED=0" <<<"$(go version -m app)"
GOTEL_OTLP_GRPC=1 expect "GOTEL_OTLP_GRPC=1" plan+grpc -o app .
check "GOTEL_OTLP_GRPC=1 links the gRPC exporter" grep -q "google.golang.org/grpc" <<<"$(go version -m app)"
# Its gRPC is woven as a program's would be, so the salt (and with it every
# package's cache key) is the one of the builds before.
salts=$(sed -n 's/^salt //p' "$GOTEL_CACHE"/plans/*/s-*/plan | sort -u)
check "GOTEL_OTLP_GRPC=1 keeps the salt ($(echo $salts))" [ "$(grep -c . <<<"$salts")" = 1 ]
expect "back to the first environment: its plan, rebuilt" build -o app .
check "the gRPC exporter is gone again" [ "$(go version -m app | grep -c google.golang.org/grpc)" = 0 ]

printf two >web/page.txt
expect "an embedded file edited" build -o app .
check "the new content is embedded" [ "$(./app)" = "v2 two" ]

cat >main.go <<'G'
package main

import (
	"fmt"
	"os"

	"example.com/app/web"
)

func main() { fmt.Println("v2", web.Page(), len(os.Args)) }
G
expect "an import added" plan -o app .
out=$(./app)
check "it runs after the new import ($out)" [ "$out" = "v2 two 1" ]

printf 'package main\n\nfunc helper() int { return 3 }\n' >extra.go
expect "a file added" plan -o app .
rm extra.go
expect "a file removed" plan -o app .

printf '\n// a comment\n' >>go.mod
expect "go.mod edited" plan -o app .

# A package with //gotel:span is a rule's target: its declarations count
# (gosyntax/outline.c), its bodies and plain comments do not.
printf 'package web\n\n//gotel:span\nfunc Traced(n int) int { return n + 1 }\n' >web/span.go
expect "a traced function added" plan -o app .
sed -i 's/n + 1/n + 2/' web/span.go
expect "a traced function's body edited" build -o app .
printf '// a comment\n' >>web/span.go
expect "a comment appended to its file" build -o app .
sed -i 's/func Traced(n int) int/func Traced(n int) (r int)/' web/span.go
expect "its signature edited" plan -o app .
sed -i 's|^//gotel:span$|//gotel:span traced|' web/span.go
expect "its directive edited" plan -o app .
rm web/span.go
expect "the traced file removed" plan -o app .

# A compile error in a body: the build fails, its plan stays.
sed -i 's/len(os.Args)/len(os.Args) + "x"/' main.go
check "a body with a type error fails" grep -q "^failed" <<<"$(build -o app .)"
sed -i 's/len(os.Args) + "x"/len(os.Args)/' main.go
expect "the error fixed: the failed build's plan" build -o app .

rm app
expect "output removed" build -o app .
check "output is back" [ -x app ]
cp /bin/true app
expect "output replaced" build -o app .
out=$(./app)
check "the replaced output is rebuilt ($out)" [ "$out" = "v2 two 1" ]

expect "another command line" plan -o app2 .
# A cache directory with no room for plans (plans is a file): no cache,
# but the build works.
mkdir -p "$T/cache3" && : >"$T/cache3/plans"
GOTEL_CACHE=$T/cache3 expect "no room for plans" plan -o app .
GOTEL_CACHE=$T/cache3 expect "no room for plans, again" plan -o app .
check "no scratch directory left in TMPDIR" [ -z "$(ls -A "$TMPDIR" | grep '^gotel-')" ]
GOTEL_PLAN_CACHE=0 expect "cache switched off" plan -o app .
GOTEL_PLAN_CACHE=0 expect "switched off, again" plan -o app .

# No -o: the binary is named after the package.
expect "default output name" plan .
check "default output exists" [ -x "$A/app" ]
expect "default output, unchanged" none .

# -a always builds.
expect "-a builds (first)" plan -a -o app .
check "-a is passed to the go command (first)" [ "$(cat "$T/go-a.log")" = -a ]
expect "-a builds (again)" build -a -o app .
check "-a is passed to the go command (again)" [ "$(cat "$T/go-a.log")" = -a ]

# A ... pattern notices a new package.
expect "./... first" plan ./...
mkdir -p newpkg
printf 'package newpkg\n\nfunc F() int { return "broken" }\n' >newpkg/p.go
check "./... builds the new (broken) package" grep -q "^failed" <<<"$(build ./...)"
rm -r newpkg
expect "./... without it" plan ./...
expect "./... again" none ./...

# git: the go command stamps the revision and the modified flag (unless
# GOFLAGS, perhaps from go env -w, says -buildvcs=false).
if command -v git >/dev/null; then
  export GOFLAGS=-buildvcs=auto
  printf '/app\n/app2\n' >.gitignore
  git init -q . && git add -A && git -c user.email=t@t -c user.name=t commit -qm one
  expect "in a fresh git repository" plan -o app .
  expect "git, unchanged" none -o app .
  rev1=$(go version -m app | grep -o 'vcs.revision=[0-9a-f]*')
  echo note >NOTES
  expect "an untracked file (vcs.modified)" build -o app .
  check "stamped modified" grep -q "vcs.modified=true" <<<"$(go version -m app | tr '\t' ' ' | tr -d ' ')"
  git add NOTES && git -c user.email=t@t -c user.name=t commit -qm two
  expect "a commit" build -o app .
  rev2=$(go version -m app | grep -o 'vcs.revision=[0-9a-f]*')
  check "the new revision is stamped ($rev1 -> $rev2)" [ -n "$rev2" -a "$rev1" != "$rev2" ]
  expect "git, unchanged again" none -o app .
  unset GOFLAGS
fi

# gotel go test reuses its plan too.
printf 'package web\n\nimport "testing"\n\nfunc TestPage(t *testing.T) {}\n' >web/web_test.go
: >"$T/go.log"; "$GOTEL" go test ./web >/dev/null 2>&1
: >"$T/go.log"; "$GOTEL" go test ./web >/dev/null 2>&1
check "a repeated go test runs only the test ($(tr '\n' ' ' <"$T/go.log"))" [ "$(tr '\n' ' ' <"$T/go.log")" = "test " ]

if [ $fails -gt 0 ]; then
  echo "cache.sh: $fails check(s) failed"
  exit 1
fi
echo "cache.sh: all checks passed"
