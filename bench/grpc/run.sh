#!/usr/bin/env bash
# gRPC unary call cost on loopback (server and client in one process): no tracing,
# gotel, otelgrpc stats handlers (tracing + metrics), and the gotel build with
# its grpc instrumentation switched off, in the same run, alternating
# ROUNDS times; prints each round and the medians.
# Usage: bench/grpc/run.sh [rounds]
source "$(dirname "$0")/../lib.sh"
ROUNDS=${1:-3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$BENCH_ROOT/grpc" && go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .)
export OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
for r in $(seq 1 "$ROUNDS"); do
  "$W/plain" -mode none -label none
  "$W/gotel" -mode none -label gotel 2>/dev/null
  OTEL_GO_DISABLED_INSTRUMENTATIONS=grpc "$W/gotel" -mode none -label gotel-off 2>/dev/null
  "$W/plain" -mode otelgrpc -label otelgrpc
done | tee "$W/all.txt"
{
  echo "gRPC v1.85.0 unary, loopback ($(machine)); median of $ROUNDS rounds"
  for op in UNARY; do
    for v in none gotel otelgrpc gotel-off; do
      ns=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $3}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      al=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $5}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      by=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $7}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      printf '  %-10s %-9s %8s ns/op %4s allocs/op %6s B/op\n' "$op" "$v" "$ns" "$al" "$by"
    done
  done
} | tee "$OUT/grpc.txt"
