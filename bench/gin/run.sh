#!/usr/bin/env bash
# gin request loop on loopback (bench/gin/main.go): no tracing, gotel
# (net/http server span + gin's route), and otelgin (its server span), in
# the same run, alternating ROUNDS times; prints each round and the medians.
# Usage: bench/gin/run.sh [rounds]
source "$(dirname "$0")/../lib.sh"
ROUNDS=${1:-3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$BENCH_ROOT/gin" && go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .)
export OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
for r in $(seq 1 "$ROUNDS"); do
  "$W/plain" -mode none -label none
  "$W/gotel" -mode none -label gotel 2>/dev/null
  "$W/plain" -mode otelgin -label otelgin
done | tee "$W/all.txt"
{
  echo "gin request loop on loopback ($(machine)); median of $ROUNDS rounds"
  for v in none gotel otelgin; do
    ns=$(awk -v v=$v '$1==v {print $3}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    al=$(awk -v v=$v '$1==v {print $5}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    by=$(awk -v v=$v '$1==v {print $7}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '  GET /users/:id %-8s %8s ns/op %4s allocs/op %6s B/op\n' "$v" "$ns" "$al" "$by"
  done
} | tee "$OUT/gin.txt"
