#!/usr/bin/env bash
# make demo: build examples/hello with gotel, run it with the console
# exporter, send one request, and show the span it printed.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
GOTEL=$REPO/build/gotel
W=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$W"' EXIT

echo "== gotel go build -o $W/hello ./examples/hello"
(cd "$REPO/examples/hello" && "$GOTEL" go build -o "$W/hello" .)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "== OTEL_TRACES_EXPORTER=console OTEL_SERVICE_NAME=hello $W/hello -addr 127.0.0.1:$PORT"
OTEL_TRACES_EXPORTER=console OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_SERVICE_NAME=hello \
  "$W/hello" -addr 127.0.0.1:"$PORT" >"$W/spans.json" 2>"$W/hello.log" &
PID=$!
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.05; done
echo "== curl http://127.0.0.1:$PORT/greet?name=gotel"
curl -sS "http://127.0.0.1:$PORT/greet?name=gotel"
# SIGTERM makes the program flush its spans before it dies, as the plain
# program would die.
kill -TERM $PID
wait $PID 2>/dev/null || true
echo "== the span the unmodified program emitted:"
cat "$W/spans.json"
grep -q '"Name": *"GET /greet"' "$W/spans.json" || { echo "demo: no span for GET /greet found" >&2; exit 1; }
