#!/usr/bin/env bash
# //gotel:span on an empty function against the same span by hand
# (bench/span): one test binary built with gotel, run with spans sampled
# (the test installs an SDK that samples every span and exports none) and
# with the directive switched off. Each round runs the three benchmarks one
# after the other, then BenchmarkInterleaved (batches of the three
# alternated); medians over the rounds. Usage: GOTEL=/abs/gotel bench/span/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go mod tidy >/dev/null 2>&1 || true
"$GOTEL" go test -c -o "$tmp/gotel" . >/dev/null
for r in $(seq "$rounds"); do
  for mode in on off; do
    extra=()
    [ $mode = off ] && extra=(OTEL_GO_DISABLED_INSTRUMENTATIONS=span)
    env OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none "${extra[@]}" \
      "$tmp/gotel" -test.run '^$' -test.bench . -test.benchtime 1000000x -test.benchmem |
      awk -v m=$mode '
        /^BenchmarkInterleaved/ { for (i = 3; i < NF; i++) if ($(i + 1) ~ /-ns$/) print m, "interleaved:" $(i + 1), $i, "-"; next }
        /^Benchmark/ { sub(/-[0-9]+$/, "", $1); print m, $1, $3, ($7 == "" ? "-" : $7) }'
  done
done | sort | awk '{ k = $1 " " $2; v[k] = v[k] " " $3; a[k] = $4 } END {
  for (k in v) { n = split(v[k], x, " "); asort(x); printf "%-40s median %8.1f ns  allocs/op %s\n", k, x[int((n + 1) / 2)], a[k] } }' | sort
