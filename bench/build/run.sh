#!/usr/bin/env bash
# Build time of gotel against plain go, measured in the same run, for
# examples/hello and a program with many dependencies (bench/build/manydeps):
#   full   : go build -a            vs gotel go build -a
#   warm   : nothing changed        vs the same
#   edit   : one file of the program changed before each build
# Usage: bench/build/run.sh [rounds]
source "$(dirname "$0")/../lib.sh"
ROUNDS=${1:-3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

report() { printf '  %-6s plain %7.2fs  gotel %7.2fs  ratio %.2f (goal <= %s)\n' "$1" "$2" "$3" "$(echo "$3 / $2" | bc -l)" "$4"; }

bench_program() { # name dir full-goal
  local name=$1 src=$2 goal=$3 d=$W/$1 r p g
  cp -a "$src" "$d"
  cd "$d"
  local P=() G=()
  for r in $(seq 1 "$ROUNDS"); do
    P+=("$(elapsed go build -a -o "$W/p" .)")
    G+=("$(elapsed "$GOTEL" go build -a -o "$W/g" .)")
  done
  echo "$name ($(go list -deps . | wc -l) packages plain)"
  report full "$(median "${P[@]}")" "$(median "${G[@]}")" "$goal"
  P=() G=()
  go build -o "$W/p" . && "$GOTEL" go build -o "$W/g" .
  for r in $(seq 1 $((ROUNDS * 2))); do
    P+=("$(elapsed go build -o "$W/p" .)")
    G+=("$(elapsed "$GOTEL" go build -o "$W/g" .)")
  done
  report warm "$(median "${P[@]}")" "$(median "${G[@]}")" 1.05
  P=() G=()
  for r in $(seq 1 $((ROUNDS * 2))); do
    echo "// edit $r plain" >>main.go
    P+=("$(elapsed go build -o "$W/p" .)")
    echo "// edit $r gotel" >>main.go
    G+=("$(elapsed "$GOTEL" go build -o "$W/g" .)")
  done
  report edit "$(median "${P[@]}")" "$(median "${G[@]}")" 1.2
  cd - >/dev/null
}

{
  echo "build time ($(machine)); median of $ROUNDS rounds (full) / $((ROUNDS * 2)) (warm, edit)"
  bench_program hello "$REPO/examples/hello" 1.5
  bench_program manydeps "$BENCH_ROOT/build/manydeps" 1.15
} | tee "$OUT/build.txt"
