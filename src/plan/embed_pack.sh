#!/bin/sh
# Packs the Go sources gotel compiles into users' programs (go/runtime and
# go/instrumentation/*) into one archive that is linked into the gotel binary.
# Usage: embed_pack.sh <go dir> <output file>
# Format, per file, sorted by path so the archive (and its hash) depends only
# on the contents: <path> NUL <size in decimal> NUL <bytes>.
# Taken: non-test .go files, .s files, go.mod, go.sum, rules.yaml, stddeps.txt, everything under an
# inject/ directory; never testdata/.
set -eu
src=$1
out=$2
tmp=$out.part
: >"$tmp"
(
  cd "$src"
  find runtime instrumentation -type f \
    \( \( -name '*.go' ! -name '*_test.go' \) -o -name go.mod -o -name go.sum \
       -o -name rules.yaml -o -name stddeps.txt -o -name '*.s' -o -path '*/inject/*' \) \
    ! -path '*/testdata/*' 2>/dev/null | LC_ALL=C sort
) | while IFS= read -r f; do
  size=$(wc -c <"$src/$f" | tr -d ' ')
  printf '%s\000%s\000' "$f" "$size" >>"$tmp"
  cat "$src/$f" >>"$tmp"
done
mv "$tmp" "$out"
