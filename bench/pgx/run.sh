#!/usr/bin/env bash
# Per-query overhead of gotel's pgx hooks against otelpgx and no tracing,
# against PostgreSQL on 127.0.0.1:5432 (bench/pgx/query_test.go).
# Usage: GOTEL=/abs/gotel bench/pgx/run.sh [ROUNDS] [BENCHTIME]
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-5}
benchtime=${2:-20000x}
out=../out/pgx.txt
mkdir -p ../out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/plain" . >/dev/null
"$GOTEL" go test -c -o "$tmp/gotel" . >/dev/null
env_none=(OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none)
for r in $(seq "$rounds"); do
  # Interleaved, so that drift of the database or the machine hits each alike.
  for v in none otelpgx gotel gotel-off; do
    case $v in
      none) bin=plain; extra=(PGX_BENCH_MODES=none) ;;
      otelpgx) bin=plain; extra=(PGX_BENCH_MODES=otelpgx) ;;
      gotel) bin=gotel; extra=(PGX_BENCH_MODES=none) ;;
      gotel-off) bin=gotel; extra=(PGX_BENCH_MODES=none OTEL_GO_DISABLED_INSTRUMENTATIONS=pgx) ;;
    esac
    env "${env_none[@]}" "${extra[@]}" "$tmp/$bin" -test.run '^$' -test.bench . \
      -test.benchtime "$benchtime" -test.count 1 |
      awk -v v="$v" '/^Benchmark/ {
        sub(/-[0-9]+$/, "", $1); sub(/\/(none|otelpgx)$/, "", $1)
        for (i = 3; i < NF; i += 2) m[$(i + 1)] = $i
        print v, $1, m["ns/op"], m["cpu-ns/op"], m["B/op"], m["allocs/op"] }'
  done
done >"$tmp/raw"
# Medians of wall and CPU ns/op per variant and benchmark; B/op and
# allocs/op (stable) of the last run.
sort -k2,2 -k1,1 "$tmp/raw" | awk '
  function med(a, k, m,   i, j, t, x) {
    for (i = 1; i <= m; i++) x[i] = a[k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
    return x[int((m + 1) / 2)] }
  { k = $2 " " $1; n[k]++; w[k, n[k]] = $3; c[k, n[k]] = $4; by[k] = $5; al[k] = $6 }
  END {
    for (k in n) printf "%-18s %-10s %9d ns/op %8d cpu-ns/op %6d B/op %4d allocs/op\n",
      substr(k, 1, index(k, " ") - 1), substr(k, index(k, " ") + 1), med(w, k, n[k]), med(c, k, n[k]), by[k], al[k]
  }' | sort | tee "$out"
