#!/usr/bin/env bash
# Binary size of examples/hello, plain against instrumented, with what the
# instrumented binary adds broken down by module (symbol sizes from go tool nm).
source "$(dirname "$0")/lib.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$REPO/examples/hello"
go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .
bymod() { # binary -> "module bytes" lines
  go tool nm -size "$1" | awk '$3 ~ /^[TtDdBbRr]$/ {print $2, $4}' | awk '
    { sym=$2; sub(/^type:\*?/, "", sym); sub(/^go:itab\.\*?/, "", sym)
      n=split(sym, parts, "/"); mod=parts[1]
      if (sym ~ /^(gotel\.dev|go\.opentelemetry\.io|github\.com|golang\.org|google\.golang\.org|gopkg\.in)\//) {
        split(sym, p, "/"); mod=p[1] "/" p[2]; if (p[1] ~ /^(github\.com|go\.opentelemetry\.io|gotel\.dev)$/) mod=mod "/" p[3]
        sub(/\..*$/, "", mod) }
      else mod="std+runtime"
      s[mod]+=$1 } END { for (m in s) print m, s[m] }' | sort
}
{
  echo "binary size of examples/hello ($(machine))"
  printf '  plain %9d bytes\n  gotel %9d bytes (+%d)\n' "$(stat -c %s "$W/plain")" "$(stat -c %s "$W/gotel")" $(( $(stat -c %s "$W/gotel") - $(stat -c %s "$W/plain") ))
  echo "  symbol bytes by module, instrumented minus plain:"
  join -a1 -e0 -o 0,1.2,2.2 <(bymod "$W/gotel") <(bymod "$W/plain") | awk '{d=$2-$3; if (d != 0) printf "    %-45s %+9d\n", $1, d}' | sort -k2 -n -r
} | tee "$OUT/size.txt"
