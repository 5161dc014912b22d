#!/usr/bin/env bash
# Build time of gotel against plain go, measured in the same run, for
# examples/hello and a program with many dependencies (bench/build/manydeps):
#   full   : go build -a            vs gotel go build -a
#   warm   : nothing changed        vs the same
#   edit   : one file of the program changed before each build
# Rounds are interleaved (plain, gotel, plain, gotel, ...); medians reported.
# hello's edit rounds also build two hand-instrumented hellos: the floor
# (bench/otlp/cmd/floor: the SDK and an OTLP/HTTP exporter, the least any
# instrumentation must link) and bench/http/manual (otelhttp and the official
# SDK and exporter), so the cost of linking an SDK at all is measured in the
# same rounds.
# The programs are copied to a temporary directory first, so the edits never
# touch the repository. Round 1 of the -a builds also writes
# -debug-actiongraph files, from which actiongraph.py explains the -a ratio.
# Usage: bench/build/run.sh [rounds] [manydeps-full-rounds]
#   PROGRAMS="hello manydeps" selects the programs (also: directives, a
#   generated program with 200 //gotel:span functions).
source "$(dirname "$0")/../lib.sh"
ROUNDS=${1:-3}
MANYDEPS_FULL_ROUNDS=${2:-$ROUNDS}
PROGRAMS=${PROGRAMS:-hello manydeps}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

report() { printf '  %-6s plain %7.2fs  gotel %7.2fs  ratio %.2f (goal <= %s)\n' "$1" "$2" "$3" "$(echo "$3 / $2" | bc -l)" "$4"; }

bench_program() { # name dir full-goal full-rounds
  local name=$1 src=$2 goal=$3 full_rounds=$4 d=$W/$1 r ag
  cp -a "$src" "$d"
  cd "$d"
  local P=() G=()
  echo "$name ($(go list -deps . | wc -l) packages plain; full: $full_rounds rounds, warm/edit: $((ROUNDS * 2)))"
  echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$full_rounds" -gt 0 ]; then
    for r in $(seq 1 "$full_rounds"); do
      ag=(); [ "$r" = 1 ] && ag=(-debug-actiongraph="$W/ag-plain.json")
      P+=("$(elapsed go build -a "${ag[@]}" -o "$W/p" .)")
      [ "$r" = 1 ] && ag=(-debug-actiongraph="$W/ag-gotel.json")
      G+=("$(elapsed "$GOTEL" go build -a "${ag[@]}" -o "$W/g" .)")
    done
    report full "$(median "${P[@]}")" "$(median "${G[@]}")" "$goal"
    echo "    rounds plain: ${P[*]}"
    echo "    rounds gotel: ${G[*]}"
    python3 "$BENCH_ROOT/build/actiongraph.py" "$W/ag-plain.json" "$W/ag-gotel.json"
  else
    echo "  full   skipped (0 rounds)"
  fi
  P=() G=()
  go build -o "$W/p" . && "$GOTEL" go build -o "$W/g" .
  for r in $(seq 1 $((ROUNDS * 2))); do
    P+=("$(elapsed go build -o "$W/p" .)")
    G+=("$(elapsed "$GOTEL" go build -o "$W/g" .)")
  done
  report warm "$(median "${P[@]}")" "$(median "${G[@]}")" 1.05
  # hello's edit rounds also build two hand-instrumented hellos: floor (the
  # least any tool must link: SDK trace + metric, gotel's OTLP/HTTP
  # exporter, nothing else) and manual (the official way: otelhttp + SDK +
  # otlptracehttp).
  local hand=0 F=() M=() f=$W/floor m=$W/manual fpkg=./cmd/floor fedit=cmd/floor/main.go
  if [ "$name" = hello ] || [ "$name" = directives ]; then
    cp -a "$BENCH_ROOT/otlp" "$f"
    if [ "$name" = hello ]; then
      hand=1
      cp -a "$BENCH_ROOT/http" "$m"
      (cd "$m" && go build -o "$W/m" ./manual)
    else
      # directives' floor: the same 200 functions with their spans written
      # by hand against the floor SDK.
      hand=2 fpkg=./cmd/dirfloor fedit=cmd/dirfloor/work/f0.go
      gen_directives "$f/cmd/dirfloor" gotel.dev/bench/otlp/cmd/dirfloor hand
    fi
    (cd "$f" && go mod edit -replace gotel.dev/runtime="$REPO/go/runtime" && go build -o "$W/f" "$fpkg")
  fi
  P=() G=()
  for r in $(seq 1 $((ROUNDS * 2))); do
    echo "// edit $r plain" >>"${EDIT_FILE:-main.go}"
    P+=("$(elapsed go build -o "$W/p" .)")
    echo "// edit $r gotel" >>"${EDIT_FILE:-main.go}"
    G+=("$(elapsed "$GOTEL" go build -o "$W/g" .)")
    if [ $hand -gt 0 ]; then
      echo "// edit $r" >>"$f/$fedit"
      F+=("$(cd "$f" && elapsed go build -o "$W/f" "$fpkg")")
    fi
    if [ $hand = 1 ]; then
      echo "// edit $r" >>"$m/manual/main.go"
      M+=("$(cd "$m" && elapsed go build -o "$W/m" ./manual)")
    fi
  done
  local p g fl ma
  p=$(median "${P[@]}") g=$(median "${G[@]}")
  report edit "$p" "$g" 1.2
  if [ $hand -gt 0 ]; then
    fl=$(median "${F[@]}")
    printf '  edit, same rounds: floor (SDK + exporter, spans by hand) %.2fs: floor / plain %.2f, gotel / floor %.2f\n' \
      "$fl" "$(echo "$fl / $p" | bc -l)" "$(echo "$g / $fl" | bc -l)"
  fi
  if [ $hand = 1 ]; then
    ma=$(median "${M[@]}")
    printf '  edit, same rounds: manual (otelhttp + SDK) %.2fs: manual / plain %.2f, gotel / manual %.2f\n' \
      "$ma" "$(echo "$ma / $p" | bc -l)" "$(echo "$g / $ma" | bc -l)"
  fi
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  cd - >/dev/null
}

gen_directives() { # dir [import-path hand]
  # Without "hand": a module of its own whose functions carry //gotel:span.
  # With it: a command inside bench/otlp's module whose functions start the
  # same spans by hand (name, attribute, error status) with the floor SDK.
  local dir=$1 path=${2:-example.com/directives} hand=${3:-} f i
  mkdir -p "$dir/work"
  [ -z "$hand" ] && printf 'module example.com/directives\n\ngo 1.26.0\n' >"$dir/go.mod"
  for f in $(seq 0 9); do
    {
      if [ -z "$hand" ]; then
        printf 'package work\n\nimport "context"\n'
      else
        printf 'package work\n\nimport (\n\t"context"\n\n\t"go.opentelemetry.io/otel"\n\t"go.opentelemetry.io/otel/attribute"\n\t"go.opentelemetry.io/otel/codes"\n\t"go.opentelemetry.io/otel/trace"\n)\n\nvar tracer%d = otel.Tracer("work")\n' "$f"
      fi
      for i in $(seq 0 19); do
        if [ -z "$hand" ]; then
          printf '\n//gotel:span attrs=n\nfunc F%d_%d(ctx context.Context, n int) (int, error) { return n + %d, nil }\n' "$f" "$i" "$i"
        else
          printf '\nfunc F%d_%d(ctx context.Context, n int) (r int, err error) {\n\tctx, span := tracer%d.Start(ctx, "work.F%d_%d", trace.WithAttributes(attribute.Int("n", n)))\n\tdefer func() {\n\t\tif err != nil {\n\t\t\tspan.SetStatus(codes.Error, err.Error())\n\t\t}\n\t\tspan.End()\n\t}()\n\t_ = ctx\n\treturn n + %d, nil\n}\n' "$f" "$i" "$f" "$f" "$i" "$i"
        fi
      done
    } >"$dir/work/f$f.go"
  done
  {
    printf 'package main\n\nimport (\n\t"context"\n\t"fmt"\n'
    [ -n "$hand" ] && printf '\t"net/http"\n\n\t"gotel.dev/bench/otlp/floorsdk"\n'
    printf '\n\t"%s/work"\n)\n\nfunc main() {\n\tctx, s := context.Background(), 0\n' "$path"
    [ -n "$hand" ] && printf '\tfloorsdk.Wrap(http.NotFoundHandler()) // starts the SDK\n'
    for f in $(seq 0 9); do for i in $(seq 0 19); do printf '\tif n, err := work.F%d_%d(ctx, s); err == nil {\n\t\ts = n\n\t}\n' "$f" "$i"; done; done
    printf '\tfmt.Println(s)\n}\n'
  } >"$dir/main.go"
}

{
  echo "build time ($(machine)); $(date -u '+%F %H:%M UTC')"
  for prog in $PROGRAMS; do
    case $prog in
      hello) bench_program hello "$REPO/examples/hello" 1.5 "$ROUNDS" ;;
      manydeps) bench_program manydeps "$BENCH_ROOT/build/manydeps" 1.15 "$MANYDEPS_FULL_ROUNDS" ;;
      directives)
        # 200 functions with //gotel:span in 10 files of one package; the
        # edit rounds change one of those files (issue 11: warm <= 1.05,
        # edit <= 1.2 plain).
        gen_directives "$W/directives-src"
        EDIT_FILE=work/f0.go bench_program directives "$W/directives-src" 1.2 0 ;;
    esac
  done
} | tee "$OUT/build.txt"
