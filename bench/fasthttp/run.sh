#!/usr/bin/env bash
# fasthttp request loop on loopback (client and server in one process):
# plain build, gotel build, and the gotel build with the fasthttp
# instrumentation switched off, alternating ROUNDS times; prints each round
# and the medians.
# Usage: bench/fasthttp/run.sh [rounds]
source "$(dirname "$0")/../lib.sh"
ROUNDS=${1:-3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$BENCH_ROOT/fasthttp" && go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .)
export OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
for r in $(seq 1 "$ROUNDS"); do
  "$W/plain" -label none
  "$W/gotel" -label gotel 2>/dev/null
  OTEL_GO_DISABLED_INSTRUMENTATIONS=fasthttp "$W/gotel" -label gotel-off 2>/dev/null
done | tee "$W/all.txt"
{
  echo "fasthttp v1.79.0 HostClient → Server on loopback ($(machine)); median of $ROUNDS rounds"
  for v in none gotel gotel-off; do
    ns=$(awk -v v=$v '$1==v {print $3}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    al=$(awk -v v=$v '$1==v {print $5}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    by=$(awk -v v=$v '$1==v {print $7}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '  GET %-9s %8s ns/op %4s allocs/op %6s B/op\n' "$v" "$ns" "$al" "$by"
  done
} | tee "$OUT/fasthttp.txt"
