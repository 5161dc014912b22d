#!/usr/bin/env bash
# Goroutine start cost with and without gotel's goroutine context
# (bench/README.md, "gls"). Usage: GOTEL=/abs/gotel bench/gls/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-5}
out=../out/gls.txt
mkdir -p ../out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/plain" . >/dev/null
"$GOTEL" go test -c -o "$tmp/gotel" . >/dev/null
for r in $(seq "$rounds"); do
  for v in plain gotel; do
    OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
      "$tmp/$v" -test.run '^$' -test.bench . -test.benchtime 2000000x -test.count 1 |
      awk -v v="$v" '/^Benchmark/ {print v, $1, $3, $5}'
  done
done >"$tmp/raw"
# Median ns/op per program and benchmark, then the difference gotel - plain.
sort -k1,2 "$tmp/raw" | awk '
  { k = $1 " " $2; n[k]++; v[k, n[k]] = $3; a[k] = $4 }
  END {
    for (k in n) { m = n[k]; for (i = 1; i <= m; i++) x[i] = v[k, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
      med[k] = x[int((m + 1) / 2)]; print k, med[k], "ns/op", a[k], "allocs/op" }
  }' | sort | tee "$out"
