#!/usr/bin/env bash
# database/sql per-query overhead against the machine's PostgreSQL
# (127.0.0.1:5432, user postgres, database test): SELECT 1 and a
# parameterized query through lib/pq, one connection, every span sampled
# and exported in batches to a local OTLP sink. Builds: plain (go build),
# gotel (gotel go build of the same program), otelsql (the program wrapped
# by hand with github.com/XSAM/otelsql and the SDK).
# Usage: bench/databasesql/run.sh [queries-per-run] [rounds]
source "$(dirname "$0")/../lib.sh"
N=${1:-5000}
ROUNDS=${2:-3}
W=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$W"' EXIT

(cd "$BENCH_ROOT/http" && go build -o "$W/sink" ./sink)
(cd "$BENCH_ROOT/databasesql" && go build -o "$W/plain" ./plain && "$GOTEL" go build -o "$W/gotel" ./plain &&
  go build -o "$W/otelsql" ./manual)

"$W/sink" >"$W/sink.out" 2>"$W/sink.err" &
for i in $(seq 1 100); do grep -q LISTEN "$W/sink.out" && break; sleep 0.05; done
SINK=$(awk '/LISTEN/ {print $2}' "$W/sink.out")
export OTEL_EXPORTER_OTLP_ENDPOINT=http://$SINK OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
  OTEL_SERVICE_NAME=dbbench BENCH_N=$N

declare -A NS AL CPU
for r in $(seq 1 "$ROUNDS"); do
  for v in plain gotel otelsql; do
    while read -r q ns al cpu; do
      NS[$v.$q]="${NS[$v.$q]:-} $ns"
      AL[$v.$q]="${AL[$v.$q]:-} $al"
      CPU[$v.$q]="${CPU[$v.$q]:-} $cpu"
      echo "round $r $v $q: $ns ns/op wall, $cpu ns/op CPU, $al allocs/op" >&2
    done < <("$W/$v")
  done
done
{
  echo "database/sql per query ($(machine)); lib/pq, $N queries per run, median of $ROUNDS rounds"
  echo "  CPU ns per query (process user+system, exporter included), allocations per query; wall time for reference"
  for q in select1 param; do
    p=$(median ${CPU[plain.$q]}); g=$(median ${CPU[gotel.$q]}); o=$(median ${CPU[otelsql.$q]})
    pa=$(median ${AL[plain.$q]}); ga=$(median ${AL[gotel.$q]}); oa=$(median ${AL[otelsql.$q]})
    printf '  %-8s plain %6.0f ns %5.1f allocs | gotel %6.0f ns (+%5.0f) %5.1f allocs (+%4.1f) | otelsql %6.0f ns (+%5.0f) %5.1f allocs (+%4.1f) | CPU overhead gotel/otelsql %.2f\n' \
      "$q" "$p" "$pa" "$g" "$(echo "$g - $p" | bc -l)" "$ga" "$(echo "$ga - $pa" | bc -l)" \
      "$o" "$(echo "$o - $p" | bc -l)" "$oa" "$(echo "$oa - $pa" | bc -l)" "$(echo "($g - $p) / ($o - $p)" | bc -l)"
    printf '  %-8s wall: plain %6.0f ns, gotel %6.0f ns, otelsql %6.0f ns\n' "$q" \
      "$(median ${NS[plain.$q]})" "$(median ${NS[gotel.$q]})" "$(median ${NS[otelsql.$q]})"
  done
} | tee "$OUT/databasesql.txt"
