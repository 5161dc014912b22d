#!/usr/bin/env bash
# Real programs (issue 12, point 5): open-source Go programs fetched through
# the Go module proxy at pinned versions (programs.txt), each built plainly
# (`go install pkg@version`) and with gotel (`gotel go install pkg@version`),
# their `go version -m` compared, then both builds started on loopback and
# exercised the same way: the observable results must be equal and the
# instrumented build's console exporter must show the expected span.
#
# Usage: tests/realprogs/run.sh <absolute path of gotel> [name ...]
# Knobs: REAL_BUDGET_SECS (default 1200): programs not started by then are
#   reported as SKIPPED; REAL_OUT (default build/realprogs): caches, binaries,
#   logs, results.tsv; REAL_KEEP_CACHE=1 keeps the build caches of an earlier
#   run (the "cold" columns are then not cold).
# Build caches: one GOCACHE for the plain builds and one for gotel's (with
# its own GOTEL_CACHE), both emptied at the start and warmed with a small
# net/http program, so a program's first build ("cold") compiles the
# program and its dependencies but not the standard library or, for gotel,
# its runtime and the SDK; the second, unchanged ("warm"), is what a rebuild
# costs. Peak memory is /usr/bin/time's maximum RSS: that of the largest
# process of the build (compiler or linker), the same measure for both.
# Exit status: 1 when a program failed; a program that cannot be fetched
# (no proxy) is skipped, or fails under GOTEL_REQUIRE_SERVICES=1.
set -uo pipefail
GOTEL=${1:?usage: run.sh /abs/path/to/gotel [name ...]}
shift
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${REAL_OUT:-$ROOT/build/realprogs}
BUDGET=${REAL_BUDGET_SECS:-1200}
T0=$(date +%s)
SPANS="python3 $HERE/spans.py"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "realprogs: /usr/bin/time is needed (apt-get install time)"; exit 1; }

unset GOFLAGS GOWORK GOTEL_KEEP_SCRATCH
export GOTOOLCHAIN=local
PC=$OUT/cache-plain GC=$OUT/cache-gotel
if [ "${REAL_KEEP_CACHE:-0}" != 1 ]; then
  chmod -R u+w "$PC" "$GC" 2>/dev/null
  rm -rf "$PC" "$GC"
fi
rm -rf "$OUT/bin/plain" "$OUT/bin/gotel" "$OUT/log"
mkdir -p "$PC" "$GC/go" "$GC/gotel" "$OUT/bin" "$OUT/log"
RES=$OUT/results.tsv
printf 'name\tpackage\tversion\tpackages\tplain_cold_s\tplain_warm_s\tgotel_cold_s\tgotel_warm_s\tplain_rss_mb\tgotel_rss_mb\tplain_size_mb\tgotel_size_mb\tresult\tnote\n' >"$RES"

plain_env=(env GOCACHE="$PC")
gotel_env=(env GOCACHE="$GC/go" GOTEL_CACHE="$GC/gotel")
# The instrumented programs print their spans to stdout, flushed quickly;
# no metrics or logs exporter, so nothing else is sent anywhere.
run_env=(env OTEL_TRACES_EXPORTER=console OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none
  OTEL_BSP_SCHEDULE_DELAY=100)

fails=0 skips=0
left() { echo $((BUDGET - ($(date +%s) - T0))); }
log() { echo "realprogs: $*"; }

# --- helpers for the exercises -------------------------------------------
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_for <seconds> <command...>: polls the command until it succeeds.
wait_for() {
  local end=$(($(date +%s) + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.1
  done
}
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PIDS=()
# bg <log> <command...>: starts a server in the background.
bg() { local l=$1; shift; "$@" >"$l" 2>&1 & PIDS+=($!); }
# stop_all: SIGTERM, at most 10 s, then SIGKILL; only the processes bg started.
stop_all() {
  local p end
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  end=$(($(date +%s) + 10))
  for p in "${PIDS[@]}"; do
    while kill -0 "$p" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  PIDS=()
}
trap 'stop_all' EXIT
# A short bounded run of a client program.
client() { timeout 60 "$@"; }
http_get() { curl -sS --max-time 10 -o /dev/null -w '%{http_code}\n' "$@"; }

# A plain go-httpbin serves the HTTP clients (started once, when first needed).
HTTPBIN_PORT=
httpbin() {
  if [ -z "$HTTPBIN_PORT" ]; then
    local b=$OUT/bin/plain/go-httpbin
    if [ ! -x "$b" ]; then # go-httpbin itself was not run (a selection)
      helper github.com/mccutchen/go-httpbin/v2/cmd/go-httpbin@v2.26.0 || return 1
      b=$OUT/bin/helper/go-httpbin
    fi
    HTTPBIN_PORT=$(freeport)
    "$b" -host 127.0.0.1 -port "$HTTPBIN_PORT" >"$OUT/log/httpbin-helper.log" 2>&1 &
    HTTPBIN_PID=$!
    wait_for 20 tcp_open "$HTTPBIN_PORT" || { echo "helper go-httpbin did not start"; return 1; }
  fi
}

# helper <pkg@version>: a plain client built outside the measured caches
# (in the go command's default one), for a server listed before the
# program that would otherwise be its client.
helper() {
  local b; b=$(basename "${1%@*}")
  [ -x "$OUT/bin/helper/$b" ] && return
  timeout "$(left)" env GOBIN="$OUT/bin/helper" go install "$1" >"$OUT/log/helper-$b.log" 2>&1 ||
    { cat "$OUT/log/helper-$b.log"; return 1; }
}

# --- exercises: ex_<name> <bin dir> <stdout file> <result file> ----------
# Each starts what it needs, writes what the program observably did (status
# codes, bodies) to the result file, which must be the same for the plain
# and the instrumented build, and leaves the program's stdout (where the
# console exporter writes) in the stdout file.

ex_go-httpbin() {
  local p; p=$(freeport)
  bg "$2" "$1/go-httpbin" -host 127.0.0.1 -port "$p"
  wait_for 20 tcp_open "$p" || return 1
  { http_get "http://127.0.0.1:$p/get?a=1"; http_get "http://127.0.0.1:$p/status/418"
    curl -sS --max-time 10 "http://127.0.0.1:$p/base64/cmVhbHByb2dz"; echo; } >"$3"
}

ex_hey() {
  httpbin || return 1
  client "$1/hey" -n 3 -c 1 "http://127.0.0.1:$HTTPBIN_PORT/get" >"$2" 2>&1 || return 1
  grep -o '\[200\][[:space:]]*3 responses' "$2" >"$3"
}

ex_bombardier() {
  httpbin || return 1
  # --http1: net/http's client (its default, fasthttp v1.46.0, is older
  # than the lowest fasthttp gotel instruments).
  client "$1/bombardier" --http1 -c 1 -n 3 -p r -o json "http://127.0.0.1:$HTTPBIN_PORT/get" >"$2" 2>&1 || return 1
  grep -o '"req2xx":[0-9]*' "$2" | head -1 >"$3"
}

ex_vegeta() {
  httpbin || return 1
  echo "GET http://127.0.0.1:$HTTPBIN_PORT/get" |
    client "$1/vegeta" attack -rate=10/s -duration=500ms -output="$2.bin" >"$2" 2>&1 || return 1
  client "$1/vegeta" report -type=json "$2.bin" | grep -o '"status_codes":{[^}]*}' >"$3"
}

ex_grpc-testserver() {
  local p; p=$(freeport)
  bg "$2" "$1/testserver" -p "$p" -q
  wait_for 20 tcp_open "$p" || return 1
  helper github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4 || return 1
  client "$OUT/bin/helper/grpcurl" -plaintext -d '{"payload":{"body":"cmVhbHByb2dz"}}' \
    "127.0.0.1:$p" testing.TestService/UnaryCall >"$3" 2>&1
}

ex_grpcurl() {
  local p; p=$(freeport)
  bg "$OUT/log/grpcurl-server.log" "$OUT/bin/plain/testserver" -p "$p" -q
  wait_for 20 tcp_open "$p" || return 1
  {
    client "$1/grpcurl" -plaintext "127.0.0.1:$p" list
    client "$1/grpcurl" -plaintext -d '{"payload":{"body":"cmVhbHByb2dz"}}' \
      "127.0.0.1:$p" testing.TestService/UnaryCall
  } >"$2" 2>&1 || return 1
  # Its own output without the exporter's lines (one JSON object a span).
  grep -v '^{"Name":' "$2" >"$3"
}

NATS_PORT=
ex_nats-server() {
  local p m; p=$(freeport); m=$(freeport)
  bg "$2" "$1/nats-server" -a 127.0.0.1 -p "$p" -m "$m"
  wait_for 20 tcp_open "$m" || return 1
  wait_for 20 tcp_open "$p" || return 1
  { http_get "http://127.0.0.1:$m/varz"; http_get "http://127.0.0.1:$m/healthz"; } >"$3"
}

ex_natscli() {
  local p; p=$(freeport)
  bg "$OUT/log/natscli-server.log" "$OUT/bin/plain/nats-server" -a 127.0.0.1 -p "$p"
  wait_for 20 tcp_open "$p" || return 1
  client "$1/nats" --server "nats://127.0.0.1:$p" pub realprogs.hello "hello" >"$2" 2>&1 || return 1
  grep -o 'Published [0-9]* bytes to "realprogs.hello"' "$2" >"$3"
}

ex_mochi-mqtt() {
  local t i
  t=$(freeport); i=$(freeport)
  bg "$2" "$1/cmd" -tcp "127.0.0.1:$t" -ws "127.0.0.1:$(freeport)" -info "127.0.0.1:$i"
  wait_for 20 tcp_open "$t" || return 1
  wait_for 20 tcp_open "$i" || return 1
  { timeout 10 mosquitto_pub -h 127.0.0.1 -p "$t" -t realprogs/hello -m hi -q 1 && echo published
    http_get "http://127.0.0.1:$i/"; } >"$3" 2>&1
}

ex_gofakes3() {
  local p d; p=$(freeport); d=$(mktemp -d "$OUT/s3.XXXXXX")
  bg "$2" "$1/gofakes3" -host "127.0.0.1:$p" -backend memory -initialbucket realprogs
  wait_for 20 tcp_open "$p" || return 1
  echo "hello from gotel" >"$d/obj"
  { curl -sS --max-time 10 -o /dev/null -w '%{http_code}\n' -X PUT --data-binary @"$d/obj" \
      "http://127.0.0.1:$p/realprogs/obj"
    curl -sS --max-time 10 "http://127.0.0.1:$p/realprogs/obj"; } >"$3"
  rm -rf "$d"
}

ex_caddy() {
  local p d; p=$(freeport); d=$(mktemp -d "$OUT/www.XXXXXX")
  echo "hello from gotel" >"$d/hello.txt"
  bg "$2" env HOME="$d" XDG_DATA_HOME="$d/data" XDG_CONFIG_HOME="$d/config" \
    "$1/caddy" file-server --listen "127.0.0.1:$p" --root "$d"
  wait_for 30 tcp_open "$p" || return 1
  { curl -sS --max-time 10 "http://127.0.0.1:$p/hello.txt"; http_get "http://127.0.0.1:$p/missing"; } >"$3"
}

# --- one program -----------------------------------------------------------
# mods <binary>: "path version" of every dependency, sorted.
mods() { go version -m "$1" | awk '$1 == "dep" { print $2, $3 } $1 == "=>" { print "=>", $2, $3 }' | sort; }

# compare_mods <plain> <gotel> <gotel's build stderr>: every module of the
# plain build at the same version (or raised with gotel's announcement),
# and only gotel's and OpenTelemetry's modules (and what they require) added.
# "path version" of every requirement of gotel's modules.
GOTEL_REQS=$(cat "$ROOT"/go/runtime/go.mod "$ROOT"/go/runtime/boot/otlpgrpc/go.mod "$ROOT"/go/instrumentation/*/go.mod 2>/dev/null |
  awk '/^require \(/ { r = 1; next } r && /^\)/ { r = 0 } r && NF >= 2 { print $1, $2 } /^require [^(]/ { print $2, $3 }' | sort -u)
ALLOWED=$(awk '{ print $1 }' <<<"$GOTEL_REQS" | sort -u)
compare_mods() {
  local bad=0 m v iv
  while read -r m v; do
    iv=$(mods "$2" | awk -v m="$m" '$1 == m { print $2 }')
    [ "$iv" = "$v" ] && continue
    if grep -q "gotel: instrumenting raises $m $v → $iv" "$3"; then
      echo "  raised (announced): $m $v → $iv"
    elif [ -n "$iv" ] && [ "$(awk -v m="$m" '$1 == m { print $2 }' <<<"$GOTEL_REQS" | sort -V | tail -1)" = "$iv" ]; then
      # A build served by gotel's plan cache does not repeat the
      # announcement; the raise must then be to what gotel's modules require.
      echo "  raised to gotel's requirement: $m $v → $iv"
    else
      echo "  module $m: plain $v, gotel ${iv:-missing}"; bad=1
    fi
  done < <(mods "$1")
  while read -r m v; do
    mods "$1" | awk -v m="$m" '$1 == m { f = 1 } END { exit !f }' && continue
    case $m in gotel.dev/* | 0.gotel.dev/first | go.opentelemetry.io/*) continue ;; esac
    grep -qxF "$m" <<<"$ALLOWED" && continue
    echo "  module $m $v added, required by none of gotel's modules"; bad=1
  done < <(mods "$2")
  [ "$(go version -m "$1" | awk '$1 == "path" { print $2 }')" = "$(go version -m "$2" | awk '$1 == "path" { print $2 }')" ] ||
    { echo "  main package path differs"; bad=1; }
  return $bad
}

# timed <out: seconds var> <out: rss var> <log> <command...>
timed() {
  local __s=$1 __r=$2 l=$3 rc; shift 3
  timeout "$(left)" "$TIME" -f 'REALPROGS_TIME %e %M' "$@" >"$l" 2>&1; rc=$?
  read -r _ "$__s" "$__r" < <(grep '^REALPROGS_TIME' "$l" | tail -1)
  printf -v "$__r" '%s' "$(awk -v k="${!__r:-0}" 'BEGIN { printf "%.0f", k / 1024 }')"
  return $rc
}

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

program() { # program <name> <pkg@version> <mode> <span args...>
  local name=$1 pv=$2 mode=$3; shift 3
  local pkg=${pv%@*} ver=${pv##*@} L=$OUT/log/$name note=
  local npk=- pc=- pw=- gc=- gw=- pr=- gr=- ps=- gs=- r s bin
  # The go command names the binary after the last element of the path,
  # or the one before a major version suffix (…/vegeta/v12 → vegeta).
  bin=$(basename "$pkg")
  [[ $bin =~ ^v[0-9]+$ ]] && bin=$(basename "$(dirname "$pkg")")
  result() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$pkg" "$ver" "$npk" \
      "$pc" "$pw" "$gc" "$gw" "$pr" "$gr" "$ps" "$gs" "$1" "$note" >>"$RES"
    log "$1 $name $ver${note:+ ($note)}"
  }
  # A step cut off by the time budget is a skip, not a failure.
  failed() {
    if [ "$(left)" -le 0 ]; then
      note="time budget of ${BUDGET}s spent during: $1"; skips=$((skips + 1)); result SKIPPED
    else
      note=$1; fails=$((fails + 1)); result FAIL
    fi
  }
  if [ "$(left)" -le 0 ]; then
    note="time budget of ${BUDGET}s spent"; skips=$((skips + 1)); result SKIPPED; return
  fi
  mkdir -p "$L"
  log "== $name ($pv), $(left)s of the budget left"
  # Fetch (and count the packages) without building: -n prints the
  # commands, -a counts every package, the modules are downloaded.
  if ! timeout "$(left)" "${plain_env[@]}" go install -n -a "$pv" >"$L/fetch.log" 2>&1; then
    tail -5 "$L/fetch.log"
    if grep -qiE 'dial tcp|proxy|no such host|connection refused|i/o timeout' "$L/fetch.log" && [ "${GOTEL_REQUIRE_SERVICES:-0}" != 1 ]; then
      note="cannot fetch through the module proxy"; skips=$((skips + 1)); result SKIPPED; return
    fi
    failed "fetch"; return
  fi
  npk=$(grep -cE '^mkdir -p \$WORK/b[0-9]+/$' "$L/fetch.log")
  mkdir -p "$OUT/bin/plain" "$OUT/bin/gotel"
  if ! timed pc pr "$L/plain-cold.log" "${plain_env[@]}" GOBIN="$OUT/bin/plain" go install "$pv"; then
    tail -20 "$L/plain-cold.log"; failed "plain build"; return
  fi
  timed pw r "$L/plain-warm.log" "${plain_env[@]}" GOBIN="$OUT/bin/plain" go install "$pv"
  if ! timed gc gr "$L/gotel-cold.log" "${gotel_env[@]}" GOBIN="$OUT/bin/gotel" "$GOTEL" go install "$pv"; then
    tail -30 "$L/gotel-cold.log"; failed "gotel build"; return
  fi
  timed gw r "$L/gotel-warm.log" "${gotel_env[@]}" GOBIN="$OUT/bin/gotel" "$GOTEL" go install "$pv"
  if [ ! -f "$OUT/bin/plain/$bin" ] || [ ! -f "$OUT/bin/gotel/$bin" ]; then
    failed "no binary $bin in $OUT/bin/plain and $OUT/bin/gotel"; return
  fi
  ps=$(mb "$OUT/bin/plain/$bin") gs=$(mb "$OUT/bin/gotel/$bin")
  if ! compare_mods "$OUT/bin/plain/$bin" "$OUT/bin/gotel/$bin" "$L/gotel-cold.log" >"$L/mods.txt"; then
    cat "$L/mods.txt"; note="module versions differ"; fails=$((fails + 1)); result FAIL; return
  fi
  cat "$L/mods.txt"
  if [ "$mode" = build ]; then result "PASS (build)"; return; fi
  if [ "$(left)" -le 0 ]; then
    note="built; time budget spent before running"; skips=$((skips + 1)); result SKIPPED; return
  fi
  # The plain build, then the instrumented one, exercised the same way.
  "ex_$name" "$OUT/bin/plain" "$L/plain.out" "$L/plain.result"; r=$?
  stop_all
  if [ $r != 0 ]; then
    tail -20 "$L/plain.out"; note="the plain build's exercise failed"; fails=$((fails + 1)); result FAIL; return
  fi
  # In a subshell, so the exporter's variables reach only this run.
  (export "${run_env[@]:1}" OTEL_SERVICE_NAME="$name"; "ex_$name" "$OUT/bin/gotel" "$L/gotel.out" "$L/gotel.result"; r=$?
   # Servers: wait (bounded) for the span while the program runs; clients
   # have exited and flushed.
   [ $r = 0 ] && wait_for 15 $SPANS "$L/gotel.out" --quiet "$@"
   stop_all; exit $r); r=$?
  if [ $r != 0 ]; then
    tail -20 "$L/gotel.out"; note="the instrumented build's exercise failed"; fails=$((fails + 1)); result FAIL; return
  fi
  if ! cmp -s "$L/plain.result" "$L/gotel.result"; then
    diff "$L/plain.result" "$L/gotel.result" | head -20
    note="results differ from the plain build's"; fails=$((fails + 1)); result FAIL; return
  fi
  [ -s "$L/gotel.result" ] || { note="empty result"; fails=$((fails + 1)); result FAIL; return; }
  if ! s=$($SPANS "$L/gotel.out" "$@" 2>&1); then
    echo "$s"; note="expected span missing"; fails=$((fails + 1)); result FAIL; return
  fi
  note=$s
  result PASS
}

# --- main ------------------------------------------------------------------
log "gotel $GOTEL, $(go version), budget ${BUDGET}s, output $OUT"
# Warm-up: the standard library in both caches, gotel's runtime and the
# SDK in its cache, so "cold" below is the program's own cost.
W=$(mktemp -d "$OUT/warm.XXXXXX")
printf 'module realprogs.test/warm\n\ngo 1.26\n' >"$W/go.mod"
printf 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() { fmt.Println(http.StatusOK) }\n' >"$W/main.go"
if ! (cd "$W" && timed a b "$OUT/log/warm-plain.log" "${plain_env[@]}" go build -o warm . && log "warm-up plain: ${a}s" &&
  timed a b "$OUT/log/warm-gotel.log" "${gotel_env[@]}" "$GOTEL" go build -o warm . && log "warm-up gotel: ${a}s"); then
  cat "$OUT"/log/warm-*.log; rm -rf "$W"; exit 1
fi
rm -rf "$W"

while IFS='|' read -r name pv mode span; do
  name=$(echo $name) pv=$(echo $pv) mode=$(echo $mode)
  [ -n "$name" ] && [ "${name:0:1}" != "#" ] || continue
  if [ $# -gt 0 ]; then
    want=0; for n in "$@"; do [ "$n" = "$name" ] && want=1; done
    [ $want = 1 ] || continue
  fi
  eval "set_span=($span)"
  program "$name" "$pv" "$mode" "${set_span[@]}"
  stop_all
done < <(grep -v '^#' "$HERE/programs.txt")
[ -n "${HTTPBIN_PID:-}" ] && { kill -TERM "$HTTPBIN_PID" 2>/dev/null; wait "$HTTPBIN_PID" 2>/dev/null; }

echo
echo "| program | version | packages | plain cold / warm (s) | gotel cold / warm (s) | peak RSS plain / gotel (MB) | binary plain / gotel (MB) | result |"
echo "|---|---|---|---|---|---|---|---|"
tail -n +2 "$RES" | while IFS=$'\t' read -r n p v k a b c d e f g h r x; do
  echo "| $n | $v | $k | $a / $b | $c / $d | $e / $f | $g / $h | $r |"
done
log "$fails failed, $skips skipped, $(($(date +%s) - T0))s; results in $RES"
[ $skips = 0 ] || log "SKIPPED: $skips program(s), see above"
[ $fails = 0 ]
