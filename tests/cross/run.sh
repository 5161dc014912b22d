#!/usr/bin/env bash
# Cross-compiling: `gotel go build` of examples/hello for each target in
# $CROSS_TARGETS (GOOS/GOARCH pairs) must succeed and give an executable of
# that system (checked by its first bytes). The linux/arm64 one, when
# qemu-aarch64 (Debian's qemu-user) is installed, is run: it must answer a
# request and then die of SIGTERM, as the plain program does.
# Usage: tests/cross/run.sh /abs/path/to/gotel
set -euo pipefail
gotel=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
hello_pid=
cleanup() {
  if [ -n "$hello_pid" ]; then kill -KILL "$hello_pid" 2>/dev/null || true; fi
  rm -rf "$out"
}
trap cleanup EXIT

# First four bytes of an executable for each GOOS/GOARCH.
magic() {
  case $1 in
    linux/* | freebsd/*) echo 7f454c46 ;;           # ELF
    darwin/arm64) echo cffaedfe ;;                   # Mach-O, 64-bit
    windows/*) echo 4d5a ;;                          # MZ (2 bytes)
    wasip1/wasm) echo 0061736d ;;                    # \0asm
    plan9/amd64) echo 00008a97 ;;                    # Plan 9 a.out, amd64
    *) echo "no magic known for $1" >&2; return 1 ;;
  esac
}

fail=0
for t in $CROSS_TARGETS; do
  bin=$out/hello-${t/\//-}
  if ! (cd "$root/examples/hello" && GOOS=${t%/*} GOARCH=${t#*/} timeout 600 "$gotel" go build -o "$bin" .) >"$out/log" 2>&1; then
    echo "FAIL $t: gotel go build"; cat "$out/log"; fail=1; continue
  fi
  want=$(magic "$t")
  got=$(head -c $((${#want} / 2)) "$bin" | od -An -tx1 | tr -d ' \n')
  if [ "$got" != "$want" ]; then
    echo "FAIL $t: starts with $got, want $want"; fail=1; continue
  fi
  echo "ok   $t"
done
[ $fail = 0 ] || exit 1

if ! command -v qemu-aarch64 >/dev/null; then
  echo "skip linux/arm64 run: qemu-aarch64 (qemu-user) is not installed"
  exit 0
fi
case " $CROSS_TARGETS " in *" linux/arm64 "*) ;; *) exit 0 ;; esac

# A port nothing listens on, found by trying to connect (bash's /dev/tcp).
port=
for p in $(shuf -i 20000-60000 -n 20); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "FAIL: no free port"; exit 1; }

OTEL_TRACES_EXPORTER=console OTEL_METRICS_EXPORTER=none \
  qemu-aarch64 "$out/hello-linux-arm64" -addr "127.0.0.1:$port" >"$out/stdout" 2>"$out/stderr" &
hello_pid=$!
answer=
for _ in $(seq 1 300); do # up to 30 s for qemu to start the program
  if answer=$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GET /greet?name=arm64 HTTP/1.0\r\n\r\n' >&3; cat <&3" 2>/dev/null); then
    break
  fi
  kill -0 "$hello_pid" 2>/dev/null || { echo "FAIL linux/arm64: the program ended"; cat "$out/stderr"; exit 1; }
  sleep 0.1
done
case $answer in
  *"Hello, arm64!"*) ;;
  *) echo "FAIL linux/arm64 under qemu: answer ${answer:-none}"; cat "$out/stderr"; exit 1 ;;
esac
kill -TERM "$hello_pid"
status=0
timeout 30 tail --pid="$hello_pid" -f /dev/null || { echo "FAIL linux/arm64: still running 30 s after SIGTERM"; exit 1; }
wait "$hello_pid" || status=$?
hello_pid=
# qemu-user dies of the guest's signal too: 128+15 from the shell.
if [ "$status" != 143 ]; then
  echo "FAIL linux/arm64: exit status $status after SIGTERM, want 143 (killed by SIGTERM)"; cat "$out/stderr"; exit 1
fi
# The console exporter wrote the server span when boot flushed.
if ! grep -q '"Name":"GET /greet"' "$out/stdout"; then
  echo "FAIL linux/arm64: no server span flushed on SIGTERM"; head -c 2000 "$out/stdout"; exit 1
fi
echo "ok   linux/arm64 under qemu: served a request, flushed its span and died of SIGTERM"
