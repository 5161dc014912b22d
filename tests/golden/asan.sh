#!/usr/bin/env bash
# The weaver under AddressSanitizer + UBSan: the golden cases woven by the
# sanitized gotel must match want/ (tests/golden/run.sh, weave phase only),
# and every function of some standard-library packages, the runtime among
# them, woven by it must be byte for byte what the plain gotel writes.
# (The sanitized gotel shares the plain one's cache salt, so its builds in
# tests/plan/run.sh rarely weave the standard library themselves.)
#   tests/golden/asan.sh GOTEL GOTEL-ASAN
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plain=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
asan=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
WEAVE_ONLY=1 "$here/run.sh" "$asan"
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for ip in runtime reflect sync strings encoding/json os net/http; do
  mapfile -t files < <(go list -f '{{range .GoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}' "$ip" | sed '/^$/d')
  # Both into the same directory: the woven files' //line comments name it.
  for g in plain asan; do
    rm -rf "${tmp:?}/out" "${tmp:?}/$g" && mkdir "$tmp/out"
    "${!g}" weave-test -all "$tmp/out" "${files[@]}" >"$tmp/$g.map" 2>"$tmp/$g.log" ||
      { echo "FAIL $ip: $g gotel"; cat "$tmp/$g.log"; fail=1; continue 2; }
    mv "$tmp/out" "$tmp/$g"
  done
  if cmp -s "$tmp/plain.map" "$tmp/asan.map" && diff -r "$tmp/plain" "$tmp/asan" >"$tmp/diff"; then
    echo "ok   $ip (same weave under ASan: $(wc -l <"$tmp/plain.map") files)"
  else
    echo "FAIL $ip: the sanitized gotel wove differently"; head -20 "$tmp/diff"; fail=1
  fi
done
exit $fail
