#!/usr/bin/env bash
# Passthrough cost of gotel toolexec (see README.md "toolexec passthrough").
# Usage: passthrough.sh <gotel binary> [N]
set -euo pipefail
GOTEL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=${2:-2000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/passthrough" "$here/passthrough.c"
ln -s /bin/true "$tmp/compile"
# A plan of realistic size: 60 targeted packages, none of them the one compiled.
{
    printf 'gotel-plan 1\nsalt %s\ngotel %s\n' "$(printf '%064d' 0)" "$GOTEL"
    for i in $(seq -w 1 60); do
        printf 'pkg example.com/targeted/p%s\nrule lib r%s F - example.com/hooks B A 1\nparam b 0 ptr\nparam a 0 value\nend\n' "$i" "$i"
    done
} > "$tmp/plan"
echo "gotel toolexec passthrough, N=$N ($(uname -m), $(nproc) cores)"
"$tmp/passthrough" "$GOTEL" "$tmp/plan" "$tmp" "$N"
