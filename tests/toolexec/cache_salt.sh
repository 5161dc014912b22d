#!/usr/bin/env bash
# gotel toolexec against the real go command: the -V=full answer is
# accepted, the salt keys instrumented compiles apart from plain ones in the
# same GOCACHE (both ways), a planned compile goes through the weave path
# (woven files under the go command's $WORK/bNNN), and errors fail the build.
# Usage: cache_salt.sh <gotel binary>
set -euo pipefail
GOTEL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export PATH=/usr/local/go/bin:$PATH GOFLAGS= GOWORK=off
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$tmp/mod/lib"
cd "$tmp/mod"
printf 'module saltcheck\n\ngo 1.22\n' > go.mod
# Unique content, so that no earlier run left this package in the cache.
uniq="$(date +%s%N)-$$-$RANDOM"
printf 'package lib\n\nconst X = "%s"\n' "$uniq" > lib/lib.go
printf 'package main\n\nimport "saltcheck/lib"\n\nfunc main() { println(lib.X) }\n' > main.go
# A fixed test salt: the standard library is instrumented-compiled once per
# machine, not once per run. saltcheck/lib is planned with no rules.
salt=7e57000000000000000000000000000000000000000000000000000000000001
printf 'gotel-plan 1\nsalt %s\ngotel %s\npkg saltcheck/lib\nend\n' "$salt" "$GOTEL" > "$tmp/plan"
TX="$GOTEL toolexec $tmp/plan"

lib_compiles() { grep -c -- "-p saltcheck/lib " || true; }

# The identity answer carries the salt.
ans=$("$GOTEL" toolexec "$tmp/plan" "$(go env GOTOOLDIR)/compile" -V=full)
[[ "$ans" == "compile version "*" gotel:7e57000000000000" ]] || fail "-V=full answer: $ans"

n=$(go build -x -o "$tmp/app" . 2>&1 | lib_compiles)
[ "$n" = 1 ] || fail "plain build compiled lib $n times"
out=$(go build -work -x -toolexec "$TX" -o "$tmp/app" . 2>&1) || { echo "$out"; fail "instrumented build failed"; }
n=$(echo "$out" | lib_compiles)
[ "$n" = 1 ] || fail "instrumented build after a plain one compiled lib $n times (cache not keyed apart)"
work=$(echo "$out" | sed -n 's/^WORK=//p' | head -1)
ls -d "$work"/b*/gotel >/dev/null 2>&1 || fail "no woven-files dir under $work/bNNN (weave path not taken)"
rm -rf "$work"
[ "$("$tmp/app" 2>&1)" = "$uniq" ] || fail "instrumented binary misbehaves"
n=$(go build -x -o "$tmp/app" . 2>&1 | lib_compiles)
[ "$n" = 0 ] || fail "second plain build recompiled lib (plain cache entry lost)"
n=$(go build -x -toolexec "$TX" -o "$tmp/app" . 2>&1 | lib_compiles)
[ "$n" = 0 ] || fail "second instrumented build recompiled lib (instrumented build not cached)"

# A different salt is a different cache key.
sed -i 's/^salt 7e57.*/salt 7e58000000000000000000000000000000000000000000000000000000000001/' "$tmp/plan"
# (only saltcheck needs to be checked; -a is not used, std may compile once)
n=$(go build -x -toolexec "$TX" -o "$tmp/app" . 2>&1 | lib_compiles)
[ "$n" = 1 ] || fail "a new salt reused the old salt's compile"
sed -i 's/^salt 7e58.*/salt 7e57000000000000000000000000000000000000000000000000000000000001/' "$tmp/plan"

# Errors fail the build with gotel's message.
if out=$(go build -toolexec "$GOTEL toolexec $tmp/missing-plan" -o "$tmp/app" . 2>&1); then
    fail "build with a missing plan succeeded"
fi
echo "$out" | grep -q "missing-plan" || fail "missing plan not named: $out"
printf 'gotel-plan 1\nsalt %s\ngotel %s\npkg saltcheck/lib\n' "$salt" "$GOTEL" > "$tmp/badplan"
echo "// $uniq" >> lib/lib.go
if out=$(go build -toolexec "$GOTEL toolexec $tmp/badplan" -o "$tmp/app" . 2>&1); then
    fail "build with a truncated plan succeeded"
fi
echo "$out" | grep -q "no end line" || fail "truncated plan not reported: $out"
# A package rules target that the plan did not see (a build under the
# GOFLAGS of 'gotel setup' that the setup did not list) must not be
# compiled unwoven under the plan's salt when its files lie beneath
# GOMODCACHE (no marker file can key it apart there): toolexec refuses it.
# Anywhere else it compiles (its key lacks the marker a woven one has).
guard_salt=7e57000000000000000000000000000000000000000000000000000000000002
printf 'gotel-plan 1\nsalt %s\ngotel %s\nmodcache %s\nguard saltcheck/lib\n' "$guard_salt" "$GOTEL" "$tmp" > "$tmp/gplan"
if out=$(go build -toolexec "$GOTEL toolexec $tmp/gplan" -o "$tmp/app" . 2>&1); then
    fail "a guarded package beneath GOMODCACHE compiled unwoven"
fi
echo "$out" | grep -q "saltcheck/lib is instrumented by gotel but was not among the packages" ||
    fail "guard refusal not explained: $out"
printf 'gotel-plan 1\nsalt %s\ngotel %s\nmodcache %s\nguard saltcheck/lib\n' "$guard_salt" "$GOTEL" "$tmp/elsewhere" > "$tmp/gplan"
go build -toolexec "$GOTEL toolexec $tmp/gplan" -o "$tmp/app" . || fail "a guarded package outside GOMODCACHE was refused"
echo "toolexec cache/salt: ok"
