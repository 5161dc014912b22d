#!/usr/bin/env bash
# bench/parse: front-end throughput (MB/s) and peak RSS, gotel (scan+parse,
# C) against go/parser (ParseFile with ParseComments|SkipObjectResolution),
# over every .go file under GOROOT/src, in the same run. Both read all files
# into memory first and time only parsing; the median of REPS repetitions is
# reported. Usage: bench/parse/run.sh <gs_parsebench> <go parse binary>
source "$(dirname "$0")/../lib.sh"
c_bin=$1
go_bin=$2
reps=${REPS:-5}
list=$OUT/parse-files.txt
find "$(go env GOROOT)/src" -name '*.go' -type f | LC_ALL=C sort >"$list"
c=$("$c_bin" -reps "$reps" <"$list")
g=$("$go_bin" -reps "$reps" <"$list")
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
c_mbps=$(field mbps "$c")
g_mbps=$(field mbps "$g")
{
  echo "bench/parse $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(machine)"
  echo "$c"
  echo "$g"
  printf 'files=%s bytes=%s  gotel %s MB/s (%s, maxrss %s KiB)  go/parser %s MB/s (maxrss %s KiB)  speedup %.2fx\n' \
    "$(field files "$c")" "$(field bytes "$c")" "$c_mbps" "$(field mode "$c")" "$(field maxrss_kb "$c")" \
    "$g_mbps" "$(field maxrss_kb "$g")" "$(echo "$c_mbps / $g_mbps" | bc -l)"
} | tee "$OUT/parse.txt"
