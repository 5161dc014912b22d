#!/usr/bin/env bash
# bench/otlp: gotel's OTLP/HTTP exporter against the official otlptracehttp.
#  1. Go benchmark: encode + send 512-span batches to a loopback sink.
#  2. Weight: binary size, package count and `go build -a` wall time of a
#     hello net/http server linking (a) nothing, (b) the SDK + gotel's
#     exporters, (c) the SDK + otlptracehttp, (d) the SDK + otlptracehttp +
#     otlpmetrichttp; builds interleaved, REPS times each (median), wall
#     and CPU (user+sys) seconds: on a shared machine CPU time is the
#     steadier of the two.
# GOBENCH=0 skips part 1.
source "$(dirname "$0")/../lib.sh"
REPS=${REPS:-3}
GOBENCH=${GOBENCH:-1}

# build_times CMD...: "wall cpu" seconds of CMD and its children.
build_times() {
  python3 -c 'import resource, subprocess, sys, time
t = time.time()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
w = time.time() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
if r.returncode:
    sys.exit("build failed: " + " ".join(sys.argv[1:]))
print("%.2f %.2f" % (w, u.ru_utime + u.ru_stime))' "$@"
}
cd "$BENCH_ROOT/otlp"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
{
  echo "== bench/otlp ($(machine)), $(date -u '+%Y-%m-%d %H:%M UTC')"
  if [ "$GOBENCH" != 0 ]; then
    echo "-- go test -run '^$' -bench Export512 -benchtime 3s -count 3"
    go test -run '^$' -bench Export512 -benchtime 3s -count 3 | grep Benchmark
  fi
  variants="none gotel official officialboth"
  declare -A walls cpus
  for r in $(seq 1 "$REPS"); do
    for v in $variants; do
      read -r w c < <(build_times go build -a -o "$W/$v" "./cmd/$v")
      walls[$v]+=" $w"
      cpus[$v]+=" $c"
    done
  done
  echo "-- hello net/http server: go build -a (median of $REPS), size, packages; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-13s %8s %8s %12s %9s %14s\n' variant wall_s cpu_s bytes packages google.golang.org
  for v in $variants; do
    deps=$(go list -deps "./cmd/$v")
    printf '%-13s %8.2f %8.2f %12d %9d %14d\n' "$v" "$(median ${walls[$v]})" "$(median ${cpus[$v]})" \
      "$(stat -c %s "$W/$v")" "$(grep -c . <<<"$deps")" "$(grep -c '^google.golang.org/' <<<"$deps" || true)"
  done
} | tee "$OUT/otlp.txt"
