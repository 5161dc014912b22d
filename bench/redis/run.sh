#!/usr/bin/env bash
# go-redis v9 per-command cost against the machine's Redis: no tracing,
# gotel, and redisotel (tracing + metrics), in the same run, alternating
# ROUNDS times; prints each round and the medians.
# Usage: bench/redis/run.sh [rounds]
source "$(dirname "$0")/../lib.sh"
ROUNDS=${1:-3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$BENCH_ROOT/redis" && go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .)
export OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
for r in $(seq 1 "$ROUNDS"); do
  "$W/plain" -mode none -label none
  "$W/gotel" -mode none -label gotel 2>/dev/null
  "$W/plain" -mode redisotel -label redisotel
done | tee "$W/all.txt"
{
  echo "go-redis v9 against 127.0.0.1:6379 ($(machine)); median of $ROUNDS rounds"
  for op in GET PIPELINE3; do
    for v in none gotel redisotel; do
      ns=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $3}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      al=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $5}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      by=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $7}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      printf '  %-10s %-9s %8s ns/op %4s allocs/op %6s B/op\n' "$op" "$v" "$ns" "$al" "$by"
    done
  done
} | tee "$OUT/redis.txt"
