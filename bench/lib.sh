# Shared helpers for the benchmark scripts (sourced, not run).
set -euo pipefail
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_ROOT/.." && pwd)
GOTEL=${GOTEL:-$REPO/build/gotel}
OUT=$BENCH_ROOT/out
mkdir -p "$OUT"

# now: seconds since the epoch with nanoseconds.
now() { date +%s.%N; }

# elapsed CMD...: run CMD (output discarded), print wall seconds.
elapsed() {
  local t0 t1
  t0=$(now)
  "$@" >/dev/null 2>&1 || { echo "benchmark command failed: $*" >&2; "$@" >&2 || true; exit 1; }
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}

# median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.6f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# free_port: a TCP port on loopback nobody listens on right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_port PORT: bounded wait until something accepts on 127.0.0.1:PORT.
wait_port() {
  local i
  for i in $(seq 1 200); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2
  return 1
}

machine() { echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3-), $(uname -sr)"; }
