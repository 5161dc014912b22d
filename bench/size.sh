#!/usr/bin/env bash
# Binary size of examples/hello, plain against instrumented, with what the
# instrumented binary adds broken down by module (symbol sizes from go tool nm).
source "$(dirname "$0")/lib.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$REPO/examples/hello"
go build -o "$W/plain" . && "$GOTEL" go build -o "$W/gotel" .
bymod() { # binary -> "module<TAB>bytes" lines; a symbol belongs to the longest
  # module path (from the binary's build info) that prefixes its package path;
  # the rest is std, the main package, or linker-made go:* data
  local bin=$1
  go tool nm -size "$bin" | awk -v mods="$(go version -m "$bin" | awk '$1 == "dep" || $1 == "mod" {print $2}' | tr '\n' ' ')" '
    BEGIN { n = split(mods, M, " ") }
    $3 ~ /^[TtDdBbRr]$/ {
      sym = $4
      # Type descriptors, equality functions and itabs belong to the package of the type they describe.
      sub(/^type:\.(eq|hash)\./, "", sym); sub(/^type:/, "", sym); sub(/^go:itab\./, "", sym)
      sub(/^[*(\[\]]+/, "", sym)
      if (sym ~ /^go:/) { mod = "(linker: go:*)" }
      else if (sym ~ /^main\./) { mod = "(main package)" }
      else {
        mod = ""
        for (i = 1; i <= n; i++) {
          m = M[i]; c = substr(sym, length(m) + 1, 1)
          if (substr(sym, 1, length(m)) == m && (c == "/" || c == ".") && length(m) > length(mod)) mod = m
        }
        if (mod == "") { first = sym; sub(/[\/.(].*$/, "", first); mod = (substr(sym, length(first) + 1, 1) == "/" && first ~ /\./) ? "(unknown) " first : "std" }
      }
      s[mod] += $2
    }
    END { for (m in s) print m "\t" s[m] }' | sort
}
{
  echo "binary size of examples/hello ($(machine))"
  printf '  plain %9d bytes\n  gotel %9d bytes (+%d)\n' "$(stat -c %s "$W/plain")" "$(stat -c %s "$W/gotel")" $(( $(stat -c %s "$W/gotel") - $(stat -c %s "$W/plain") ))
  echo "  symbol bytes (go tool nm -size) by module; modules the instrumented build changes:"
  printf '    %-56s %10s %10s %10s\n' module plain gotel delta
  { bymod "$W/plain" | sed 's/^/P\t/'; bymod "$W/gotel" | sed 's/^/G\t/'; } | awk -F'\t' -v file_delta=$(( $(stat -c %s "$W/gotel") - $(stat -c %s "$W/plain") )) '
    $1 == "P" { p[$2] = $3; all[$2] = 1 } $1 == "G" { g[$2] = $3; all[$2] = 1 }
    END {
      cmd = "sort -rn | cut -f2-"
      for (m in all) { d = g[m] - p[m]; sum += d; if (d != 0) printf "%d\t    %-56s %10d %10d %+10d\n", d, m, p[m], g[m], d | cmd }
      close(cmd)
      printf "    %-56s %10s %10s %+10d\n", "(sum of symbol deltas)", "", "", sum
      printf "    %-56s %10s %10s %+10d\n", "(file bytes outside symbols: pclntab, symtab, DWARF)", "", "", file_delta - sum
    }'
} | tee "$OUT/size.txt"
