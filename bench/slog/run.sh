#!/usr/bin/env bash
# Cost of one log record inside a span: plain, under gotel (correlation
# fields + export), and with the contrib bridge (bench/README.md, "slog" and
# "zap"). Runs the benchmarks of bench/slog, or of the directory in
# BENCH_DIR (bench/zap/run.sh sets it).
# Usage: GOTEL=/abs/gotel bench/slog/run.sh [ROUNDS]
set -euo pipefail
cd "${BENCH_DIR:-$(dirname "$0")}"
rounds=${1:-5}
out=../out/$(basename "$PWD").txt
mkdir -p ../out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/plain" . >/dev/null
"$GOTEL" go test -c -o "$tmp/gotel" . >/dev/null
for r in $(seq "$rounds"); do
  for v in plain gotel; do
    OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none \
      "$tmp/$v" -test.run '^$' -test.bench . -test.benchtime 200000x -test.count 1 2>/dev/null |
      awk -v v="$v" '/^Benchmark/ {print v, $1, $3, $7}'
  done
done >"$tmp/raw"
# Median ns/op per build and benchmark.
sort -k1,2 "$tmp/raw" | awk '
  { k = $1 " " $2; n[k]++; v[k, n[k]] = $3; a[k] = $4 }
  END {
    for (k in n) { m = n[k]; for (i = 1; i <= m; i++) x[i] = v[k, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
      print k, x[int((m + 1) / 2)], "ns/op", a[k], "allocs/op" }
  }' | sort | tee "$out"
