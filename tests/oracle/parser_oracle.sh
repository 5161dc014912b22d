#!/bin/sh
# go/parser oracle: parse every .go file under $GOROOT/src and $GOROOT/test
# with gotel's C parser and with go/parser (tests/oracle/godump), and
# require identical AST dumps for every file go/parser accepts and an error
# for every file it rejects. Exceptions, with reasons, are listed in
# tests/oracle/known-differences.txt (paths relative to GOROOT).
# usage: parser_oracle.sh GOTEL GODUMP
set -eu
gotel=$1
godump=$2
GO=${GO:-go}
goroot=$($GO env GOROOT)
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

find "$goroot/src" "$goroot/test" -name '*.go' -type f | LC_ALL=C sort > "$tmp/files"
"$godump" -hash - < "$tmp/files" > "$tmp/go.out" &
gopid=$!
"$gotel" syntax --hash - < "$tmp/files" > "$tmp/c.out" 2> "$tmp/c.err" || true
wait $gopid

grep -v '^#' "$here/known-differences.txt" 2>/dev/null | awk 'NF { print $1 }' > "$tmp/known" || true

# Rejected files: the error messages must be the ones go/parser reports
# (as gofmt -e prints them), compared over all such files at once.
awk -F'\t' '$2 == "ERROR" { print $1 }' "$tmp/go.out" > "$tmp/rejected"
errfail=0
if [ -s "$tmp/rejected" ]; then
    xargs "$godump" < "$tmp/rejected" > /dev/null 2> "$tmp/go.err" || true
    "$gotel" syntax - < "$tmp/rejected" > /dev/null 2> "$tmp/c.err" || true
    if ! cmp -s "$tmp/go.err" "$tmp/c.err"; then
        while read -r f; do
            "$godump" "$f" > /dev/null 2> "$tmp/g1" || true
            "$gotel" syntax "$f" > /dev/null 2> "$tmp/c1" || true
            if ! cmp -s "$tmp/g1" "$tmp/c1"; then
                errfail=$((errfail + 1))
                echo "error messages differ: $f"
                diff "$tmp/g1" "$tmp/c1" | head -8 | sed 's/^/    /'
            fi
        done < "$tmp/rejected"
    fi
fi
echo "rejected files: $(wc -l < "$tmp/rejected") with go/parser's error messages, $errfail differ"

: > "$tmp/mismatches"
awk -F'\t' -v goroot="$goroot/" -v known="$tmp/known" -v mism="$tmp/mismatches" -v list="$tmp/files" '
BEGIN { while ((getline k < known) > 0) isknown[k] = 1 }
FNR == NR { gov[$1] = $2; next }
{ cv[$1] = $2 }
END {
    while ((getline f < list) > 0) {
        rel = substr(f, length(goroot) + 1)
        tree = substr(rel, 1, index(rel, "/") - 1)
        g = (f in gov) ? gov[f] : "MISSING"
        c = (f in cv) ? cv[f] : "MISSING"
        if (g == c) { pass[tree]++; continue }
        if (rel in isknown) { knownn[tree]++; continue }
        fail[tree]++
        print f "\t" g "\t" c > mism
    }
    tp = tf = 0
    for (t in pass) tp += pass[t]
    for (t in fail) tf += fail[t]
    split("src test", trees, " ")
    for (i = 1; i <= 2; i++) {
        t = trees[i]
        printf "%s: %d passed, %d failed, %d known differences\n", t, pass[t], fail[t], knownn[t]
    }
    printf "%d passed, %d failed\n", tp, tf
    exit tf > 0
}' "$tmp/go.out" "$tmp/c.out" && [ "$errfail" -eq 0 ] && exit 0

[ -s "$tmp/mismatches" ] && echo "mismatches (go/parser vs gotel):"
n=0
while IFS="$(printf '\t')" read -r f g c; do
    n=$((n + 1))
    if [ "$n" -gt 20 ]; then continue; fi
    echo "  $f: go=$(echo "$g" | cut -c1-12) gotel=$(echo "$c" | cut -c1-12)"
    if [ "$n" -le 5 ]; then
        "$godump" "$f" > "$tmp/g.dump" 2>&1 || true
        "$gotel" syntax --dump "$f" > "$tmp/c.dump" 2>&1 || true
        diff "$tmp/g.dump" "$tmp/c.dump" | head -12 | sed 's/^/    /'
    fi
done < "$tmp/mismatches"
[ "$n" -gt 20 ] && echo "  ... and $((n - 20)) more"
exit 1
