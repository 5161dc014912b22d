#!/usr/bin/env bash
# Golden tests of the weaver (see tests/golden/README.md).
#   tests/golden/run.sh GOTEL [CASE...]      UPDATE=1 rewrites the want/ files
# WEAVE_ONLY=1 stops after the comparison (the sanitized gotel's run).
# For each case: weave with `gotel weave-test`, compare transcript and output
# files byte for byte with want/, then build the case's program plain and
# instrumented (go build -overlay) and check what each run prints.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gotel=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
root=$(cd "$here/../.." && pwd)
peek=$root/go/runtime/inject/peekpanic_go1$(go env GOVERSION | sed -E "s/^go1\.([0-9]+).*/\1/").go.txt
goroot=$(go env GOROOT)
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$here"/*/; do [ -f "$d/rules" ] && cases+=("$(basename "$d")"); done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# check NAME GOT WANT: compare (or, with UPDATE=1, record) one result.
check() {
  if [ "${UPDATE:-}" = 1 ]; then
    mkdir -p "$(dirname "$3")"; cp "$2" "$3"; return 0
  fi
  if ! diff -u "$3" "$2" >"$tmp/diff" 2>&1; then
    echo "FAIL $1"; head -40 "$tmp/diff"; fail=1; return 1
  fi
}

# Panic traces differ only in what the compiler decides per build: argument
# values, PC offsets and whether a frame was inlined.
normtrace() {
  sed -E -e 's/ \+0x[0-9a-f]+$//' -e '/^(panic|gotel|fatal error):/!s/^([^[:space:]].*)\([^()]*\)$/\1(...)/' \
    -e 's/^goroutine [0-9]+ /goroutine N /' -e "s#$case_dir#\$CASE#g" -e "s#$goroot#\$GOROOT#g" "$1"
}

for c in "${cases[@]}"; do
  want=$here/$c/want
  # Work on a copy: the go command may update go.mod, and the tree stays
  # untouched. The copy's replace points at the repository's runtime module.
  case_dir=$tmp/$c/case
  out=$tmp/$c/out
  mkdir -p "$out" "$case_dir"
  (cd "$here/$c" && tar --exclude=./want -cf - .) | (cd "$case_dir" && tar -xf -)
  sed -i "s#^replace gotel.dev/runtime => .*#replace gotel.dev/runtime => $root/go/runtime#" "$case_dir/src/go.mod"
  "$gotel" weave-test "$case_dir" "$out" >"$tmp/$c/weave.txt"
  check "$c: transcript" "$tmp/$c/weave.txt" "$want/weave.txt" || continue
  for f in "$out"/*; do
    [ -e "$f" ] || continue
    sed -e "s#$out#\$OUT#g" -e "s#$case_dir#\$CASE#g" "$f" >"$tmp/$c/$(basename "$f").norm"
    check "$c: $(basename "$f")" "$tmp/$c/$(basename "$f").norm" "$want/$(basename "$f")" || true
  done
  grep -q '^weave: ok' "$tmp/$c/weave.txt" || { echo "ok   $c (errors as expected)"; continue; }
  [ "${WEAVE_ONLY:-}" = 1 ] && { echo "ok   $c (woven)"; continue; }

  # Overlay: rewritten files replace the originals; new files join the
  # target package under names the go command does not ignore; an empty .s
  # file keeps the go command from passing -complete (bodyless functions);
  # gotel_peekPanic joins package runtime.
  src=$case_dir/src
  {
    echo '{"Replace": {'
    echo "  \"$goroot/src/runtime/gotel_peekpanic.go\": \"$peek\","
    : >"$tmp/$c/empty.s"
    echo "  \"$src/target/zz_gotel_empty.s\": \"$tmp/$c/empty.s\""
    sed -n 's/^compile \$OUT\///p' "$tmp/$c/weave.txt" | while read -r f; do
      if [ -f "$src/target/$f" ]; then echo "  ,\"$src/target/$f\": \"$out/$f\""
      else echo "  ,\"$src/target/zz$f\": \"$out/$f\""; fi
    done
    echo '}}'
  } >"$tmp/$c/overlay.json"
  (cd "$src" && go build -o "$tmp/$c/plain" . && go build -overlay "$tmp/$c/overlay.json" -o "$tmp/$c/inst" .) \
    >"$tmp/$c/build.log" 2>&1 || { echo "FAIL $c: build"; cat "$tmp/$c/build.log"; fail=1; continue; }

  ok=1
  while read -r name status rest; do
    case "$name" in ''|'#'*) continue ;; esac
    plain=0; envs=()
    for w in $rest; do if [ "$w" = plain ]; then plain=1; else envs+=("$w"); fi; done
    set +e
    env "${envs[@]}" "$tmp/$c/inst" >"$tmp/$c/$name.stdout" 2>"$tmp/$c/$name.stderr.raw"; st=$?
    set -e
    normtrace "$tmp/$c/$name.stderr.raw" >"$tmp/$c/$name.stderr"
    if [ "$st" != "$status" ]; then echo "FAIL $c/$name: exit status $st, want $status"; cat "$tmp/$c/$name.stderr.raw"; ok=0; fail=1; fi
    check "$c/$name: stdout" "$tmp/$c/$name.stdout" "$want/$name.stdout" || ok=0
    check "$c/$name: stderr" "$tmp/$c/$name.stderr" "$want/$name.stderr" || ok=0
    if [ $plain = 1 ]; then
      # The instrumented program fails exactly like the plain one.
      set +e; env "${envs[@]}" "$tmp/$c/plain" >/dev/null 2>"$tmp/$c/$name.plain.raw"; pst=$?; set -e
      normtrace "$tmp/$c/$name.plain.raw" >"$tmp/$c/$name.plain"
      # (apart from gotel's one-line reports of hooks that panicked)
      grep -v '^gotel: hook ' "$tmp/$c/$name.stderr" >"$tmp/$c/$name.stderr.nohook" || true
      if [ "$pst" != "$st" ] || ! diff -u "$tmp/$c/$name.plain" "$tmp/$c/$name.stderr.nohook"; then
        echo "FAIL $c/$name: stderr/status differ from the plain build ($pst)"; ok=0; fail=1
      fi
    fi
  done <"$case_dir/runs"
  [ $ok = 1 ] && echo "ok   $c"
done
exit $fail
