#!/bin/sh
# Compares gotel's Go scanner with go/scanner on every .go file of GOROOT
# (src and test): both print a hash of their token/error text per file
# (tests/oracle/gotokens, tests/oracle/gs_tokens.c); any difference names the
# file and shows the first differing lines.
# Corner cases that GOROOT lacks (NUL bytes, bad UTF-8, //line errors, EOF
# inside literals) live in tests/oracle/scanner_cases/*.go.txt.
# Usage: scanner_oracle.sh <dir holding gotokens and gs_tokens> [extra dirs]
set -eu
dir=$1
shift
goroot=$(${GO:-go} env GOROOT)
{
    find "$goroot/src" "$goroot/test" -name '*.go' -type f | LC_ALL=C sort
    for d in "$@"; do find "$d" -type f | LC_ALL=C sort; done
} >"$dir/files.txt"
"$dir/gotokens" <"$dir/files.txt" >"$dir/go.txt" &
gopid=$!
"$dir/gs_tokens" <"$dir/files.txt" >"$dir/c.txt"
wait "$gopid"
awk 'NR == FNR { want[FNR] = $0; n = FNR; next }
     { if ($0 == want[FNR]) pass++; else { fail++; p = $0; sub(/^[^ ]* /, "", p); print "MISMATCH " p } }
     END { if (FNR != n) { print "line count differs: " n " vs " FNR; fail++ }
           printf "scanner oracle: %d passed, %d failed\n", pass, fail; exit fail > 0 }' \
    "$dir/go.txt" "$dir/c.txt" >"$dir/result.txt" || {
    cat "$dir/result.txt"
    grep '^MISMATCH ' "$dir/result.txt" | head -3 | while read -r _ f; do
        echo "== first differences in $f (go/scanner <, gotel >)"
        "$dir/gotokens" -v "$f" >"$dir/one.go.txt"
        "$dir/gs_tokens" -v "$f" >"$dir/one.c.txt"
        diff "$dir/one.go.txt" "$dir/one.c.txt" | head -10 || true
    done
    exit 1
}
cat "$dir/result.txt"
