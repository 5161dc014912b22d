#!/usr/bin/env bash
# bench/parse: front-end throughput (MB/s) and peak RSS, gotel (scan+parse,
# C) against go/parser (ParseFile with ParseComments|SkipObjectResolution),
# over every .go file under GOROOT/src, in the same run. Both read all files
# into memory first and time only parsing. The two programs run alternately
# ROUNDS times (so load from other jobs hits both alike), each doing REPS
# passes over all files; reported: the median over all rounds of each
# round's median, by wall time and by CPU time, and the largest max RSS.
# Usage: bench/parse/run.sh <gs_parsebench> <go parse binary>
source "$(dirname "$0")/../lib.sh"
c_bin=$1
go_bin=$2
reps=${REPS:-5}
rounds=${ROUNDS:-3}
list=$OUT/parse-files.txt
find "$(go env GOROOT)/src" -name '*.go' -type f | LC_ALL=C sort >"$list"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
c_lines=() g_lines=()
for _ in $(seq "$rounds"); do
  c_lines+=("$("$c_bin" -reps "$reps" <"$list")")
  g_lines+=("$("$go_bin" -reps "$reps" <"$list")")
done
agg() { # agg FIELD median|max LINES...
  local f=$1 how=$2 v=()
  shift 2
  for l in "$@"; do v+=("$(field "$f" "$l")"); done
  if [ "$how" = max ]; then printf '%s\n' "${v[@]}" | sort -g | tail -1; else median "${v[@]}"; fi
}
c_mbps=$(agg mbps median "${c_lines[@]}")
g_mbps=$(agg mbps median "${g_lines[@]}")
c_cpu=$(agg cpu_mbps median "${c_lines[@]}")
g_cpu=$(agg cpu_mbps median "${g_lines[@]}")
c_rss=$(agg maxrss_kb max "${c_lines[@]}")
g_rss=$(agg maxrss_kb max "${g_lines[@]}")
{
  echo "bench/parse $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(machine), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%s\n' "${c_lines[@]}" "${g_lines[@]}"
  printf 'files=%s bytes=%s mode=%s rounds=%s reps=%s\n' "$(field files "${c_lines[0]}")" \
    "$(field bytes "${c_lines[0]}")" "$(field mode "${c_lines[0]}")" "$rounds" "$reps"
  printf 'wall: gotel %.1f MB/s, go/parser %.1f MB/s, speedup %.2fx\n' "$c_mbps" "$g_mbps" "$(echo "$c_mbps / $g_mbps" | bc -l)"
  printf 'cpu:  gotel %.1f MB/s, go/parser %.1f MB/s, speedup %.2fx\n' "$c_cpu" "$g_cpu" "$(echo "$c_cpu / $g_cpu" | bc -l)"
  printf 'max RSS: gotel %d KiB, go/parser %d KiB\n' "$c_rss" "$g_rss"
} | tee "$OUT/parse.txt"
