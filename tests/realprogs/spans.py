#!/usr/bin/env python3
"""Find a span in what the console exporter wrote (OTEL_TRACES_EXPORTER=console).

The file is the program's stdout: its own output with the exporter's JSON
objects (one per span) in between. Every object that parses and has a Name
and a SpanContext is a span; the rest is skipped.

usage: spans.py FILE --name REGEX [--kind server|client|producer|consumer|internal]
                [--attr KEY=VALUE ...] [--min N] [--quiet]
Exit 0 when at least N (default 1) spans match; else 1, listing the spans seen.
"""
import argparse
import json
import re
import sys

KINDS = {"internal": 1, "server": 2, "client": 3, "producer": 4, "consumer": 5}


def spans(text):
    dec = json.JSONDecoder()
    i = text.find("{")
    while i >= 0:
        try:
            obj, end = dec.raw_decode(text, i)
        except ValueError:
            i = text.find("{", i + 1)
            continue
        if isinstance(obj, dict) and "Name" in obj and "SpanContext" in obj:
            yield obj
            i = text.find("{", end)
        else:
            i = text.find("{", i + 1)


def attrs(span):
    out = {}
    for a in span.get("Attributes") or []:
        v = a.get("Value", {}).get("Value")
        out[a.get("Key")] = str(v)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--attr", action="append", default=[])
    p.add_argument("--min", type=int, default=1)
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args()
    with open(a.file, encoding="utf-8", errors="replace") as f:
        seen = list(spans(f.read()))
    want = dict(kv.split("=", 1) for kv in a.attr)
    name = re.compile(a.name)
    hits = [s for s in seen
            if name.fullmatch(s["Name"])
            and (a.kind is None or s.get("SpanKind") == KINDS[a.kind])
            and all(attrs(s).get(k) == v for k, v in want.items())]
    if len(hits) >= a.min:
        s = hits[0]
        print(f'{len(hits)} span(s) "{s["Name"]}" kind {s.get("SpanKind")}'
              f' trace {s["SpanContext"].get("TraceID")}')
        return 0
    if not a.quiet:
        print(f"{len(hits)} of {a.min} wanted spans match name={a.name} kind={a.kind} attrs={want};"
              f" {len(seen)} span(s) seen:", file=sys.stderr)
        for s in seen[:20]:
            print(f'  "{s["Name"]}" kind {s.get("SpanKind")} {attrs(s)}', file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
