#!/bin/sh
# Fills a seed corpus for fuzz_parse: the small .go files of GOROOT (tests
# under 8 KiB, library sources under 4 KiB; large ones only slow the fuzzer
# down) and the scanner's corner cases. Names are flattened paths (one
# tar, not a process per file: a shell loop took two minutes of CPU).
# Usage: seed.sh <dir>
set -eu
dir=$1
goroot=$(${GO:-go} env GOROOT)
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp"
{
    find "$goroot/test" -name '*.go' -type f -size -8k
    find "$goroot/src" -name '*.go' -type f -size -4k
    find tests/oracle/scanner_cases -type f
} | tar -cPf - -T - --transform='s|/|_|g' | tar -xf - -C "$dir.tmp"
rm -rf "$dir"
mv "$dir.tmp" "$dir"
