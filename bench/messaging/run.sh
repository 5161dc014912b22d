#!/usr/bin/env bash
# nats.go and amqp091-go publish cost against the machine's NATS and
# RabbitMQ: no tracing against gotel, in the same run, alternating ROUNDS
# times; prints each round and the medians.
# Usage: bench/messaging/run.sh [rounds]
source "$(dirname "$0")/../lib.sh"
ROUNDS=${1:-3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$BENCH_ROOT/messaging" && go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .)
export OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
for r in $(seq 1 "$ROUNDS"); do
  "$W/plain" -label none
  "$W/gotel" -label gotel 2>/dev/null
done | tee "$W/all.txt"
{
  echo "nats.go / amqp091-go publish against 127.0.0.1:4222 / :5672 ($(machine)); median of $ROUNDS rounds"
  for op in NATS_PUBLISH NATS_PUBLISHMSG RABBIT_PUBLISH; do
    for v in none gotel; do
      ns=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $3}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      al=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $5}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      by=$(awk -v v=$v -v op=$op '$1==v && $2==op {print $7}' "$W/all.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      printf '  %-16s %-6s %8s ns/op %4s allocs/op %6s B/op\n' "$op" "$v" "$ns" "$al" "$by"
    done
  done
} | tee "$OUT/messaging.txt"
