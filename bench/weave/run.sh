#!/usr/bin/env bash
# Trampoline micro benchmark (bench/README.md, "weave"): the same program
# built plain, woven with no-op hooks, and woven but switched off.
#   bench/weave/run.sh GOTEL [REPS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gotel=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
reps=${2:-${REPS:-5}}
root=$(cd "$here/../.." && pwd)
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case_dir=$tmp/case
mkdir -p "$case_dir" "$tmp/out"
cp -r "$here/case/." "$case_dir"
sed -i "s#^replace gotel.dev/runtime => .*#replace gotel.dev/runtime => $root/go/runtime#" "$case_dir/src/go.mod"
"$gotel" weave-test "$case_dir" "$tmp/out" >/dev/null
: >"$tmp/empty.s"
src=$case_dir/src
cat >"$tmp/overlay.json" <<JSON
{"Replace": {
 "$(go env GOROOT)/src/runtime/gotel_peekpanic.go": "$root/go/runtime/inject/peekpanic_go1$(go env GOVERSION | sed -E "s/^go1\.([0-9]+).*/\1/").go.txt",
 "$src/target/zz_gotel_empty.s": "$tmp/empty.s",
 "$src/target/t.go": "$tmp/out/t.go",
 "$src/target/zz__gotel_pkg.go": "$tmp/out/__gotel_pkg.go"
}}
JSON
(cd "$src" && go build -o "$tmp/plain" . && go build -overlay "$tmp/overlay.json" -o "$tmp/woven" .)
mkdir -p "$root/bench/out"
{
  echo "# $(date -u +%FT%TZ) $(go version) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); best of $reps runs"
  for mode in plain woven off; do
    bin=$tmp/$mode; env=()
    [ $mode = off ] && bin=$tmp/woven && env=(OTEL_GO_DISABLED_INSTRUMENTATIONS=golden)
    for i in $(seq "$reps"); do env "${env[@]}" "$bin"; done | sort -k1,1 -k3n | awk -v m=$mode '!seen[$1]++ {print m, $0}'
  done
} | tee "$root/bench/out/weave.txt"
