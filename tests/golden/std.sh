#!/usr/bin/env bash
# Weaves every function of some standard-library packages (gotel weave-test
# -all: Before and After on each, values boxed or as unsafe.Pointer) and
# compiles the result with go build -overlay: the weaver's output must be
# valid, type-correct Go on real code, not only on the golden cases.
#   tests/golden/std.sh GOTEL [IMPORTPATH...]
set -euo pipefail
gotel=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(strings slices encoding/json os net/http)
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for ip in "${pkgs[@]}"; do
  out=$tmp/$(echo "$ip" | tr / _)
  mkdir -p "$out"
  dir=$(go list -f '{{.Dir}}' "$ip")
  mapfile -t files < <(go list -f '{{range .GoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}' "$ip" | sed '/^$/d')
  if ! "$gotel" weave-test -all "$out" "${files[@]}" >"$out.map" 2>"$out.log"; then
    echo "FAIL $ip: weave"; cat "$out.log"; fail=1; continue
  fi
  : >"$out/empty.s" # no -complete: the woven package declares bodyless functions
  {
    echo '{"Replace": {'
    echo "\"$dir/zz_gotel_empty.s\": \"$out/empty.s\""
    while read -r a b; do
      if [ "$a" = NEW ]; then echo ",\"$dir/zz$(basename "$b")\": \"$b\""; else echo ",\"$a\": \"$b\""; fi
    done <"$out.map"
    echo '}}'
  } >"$out.json"
  if (cd "$tmp" && go build -overlay "$out.json" "$ip") >"$out.build" 2>&1; then
    echo "ok   $ip ($(cat "$out.log"))"
  else
    echo "FAIL $ip: compile"; head -30 "$out.build"; fail=1
  fi
done
exit $fail
