#!/usr/bin/env bash
# HTTP server under load: throughput of examples/hello built plain, built by
# gotel, and instrumented by hand with the official otelhttp middleware.
# Every request is sampled and exported in batches to a local OTLP sink.
# Usage: bench/http/run.sh [seconds-per-run] [rounds]
source "$(dirname "$0")/../lib.sh"
SECS=${1:-10}
ROUNDS=${2:-3}
W=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$W"' EXIT

(cd "$BENCH_ROOT/http" && go build -o "$W/sink" ./sink && go build -o "$W/manual" ./manual)
(cd "$REPO/examples/hello" && go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .)

"$W/sink" >"$W/sink.out" 2>"$W/sink.err" &
for i in $(seq 1 100); do grep -q LISTEN "$W/sink.out" && break; sleep 0.05; done
SINK=$(awk '/LISTEN/ {print $2}' "$W/sink.out")
export OTEL_EXPORTER_OTLP_ENDPOINT=http://$SINK OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_SERVICE_NAME=hello

declare -A RPS
for r in $(seq 1 "$ROUNDS"); do
  for v in plain gotel manual; do
    port=$(free_port)
    "$W/$v" -addr 127.0.0.1:"$port" 2>/dev/null &
    pid=$!
    wait_port "$port"
    wrk -t2 -c32 -d2s http://127.0.0.1:"$port"/greet >/dev/null 2>&1 # warm-up: fill pools and connections
    rps=$(wrk -t2 -c32 -d"${SECS}s" http://127.0.0.1:"$port"/greet | awk '/Requests\/sec/ {print $2}')
    kill -TERM $pid; wait $pid 2>/dev/null || true
    RPS[$v]="${RPS[$v]:-} $rps"
    echo "round $r $v: $rps req/s" >&2
  done
done
kill -TERM %1 2>/dev/null || true
p=$(median ${RPS[plain]}); g=$(median ${RPS[gotel]}); m=$(median ${RPS[manual]})
gc=$(echo "(1 - $g / $p) * 100" | bc -l); mc=$(echo "(1 - $m / $p) * 100" | bc -l)
{
  echo "http load ($(machine)); wrk -t2 -c32 -d${SECS}s, median of $ROUNDS rounds"
  printf '  plain  %10.0f req/s\n  gotel  %10.0f req/s  cost %5.1f%%\n  manual %10.0f req/s  cost %5.1f%% (otelhttp + official SDK)\n' "$p" "$g" "$gc" "$m" "$mc"
  printf '  gotel cost / otelhttp cost = %.2f (goal <= 1.00)\n' "$(echo "$gc / $mc" | bc -l)"
} | tee "$OUT/http.txt"
