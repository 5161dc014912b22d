#!/usr/bin/env bash
# MQTT per-publish cost against the machine's Mosquitto: plain and gotel
# builds of the same loop, alternating ROUNDS times; prints each round and
# the medians.
# Usage: bench/mqtt/run.sh [rounds]
source "$(dirname "$0")/../lib.sh"
ROUNDS=${1:-3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$BENCH_ROOT/mqtt" && go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .)
export OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
for r in $(seq 1 "$ROUNDS"); do
  "$W/plain" -label none
  "$W/gotel" -label gotel 2>/dev/null
done | tee "$W/all.txt"
{
  echo "MQTT publish against 127.0.0.1:1883 ($(machine)); median of $ROUNDS rounds"
  for op in MQTT5_QOS0 MQTT5_QOS1 MQTT3_QOS1; do
    for v in none gotel; do
      ns=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $3}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      al=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $5}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      by=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $7}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      printf '  %-11s %-6s %8s ns/op %4s allocs/op %6s B/op\n' "$op" "$v" "$ns" "$al" "$by"
    done
  done
} | tee "$OUT/mqtt.txt"
