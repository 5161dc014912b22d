#!/usr/bin/env python3
"""Compare the -debug-actiongraph of a plain `go build -a` with that of
`gotel go build -a` of the same program: how many packages each compiled,
and where the extra CPU time (user+sys of the tool commands, which includes
gotel toolexec and the compiler it runs) went: packages both builds compile
(toolexec + weaving overhead), packages only the instrumented build compiles
(gotel.dev/runtime and its dependencies), and the link.
Usage: actiongraph.py plain.json gotel.json"""
import json
import sys


def load(path):
    acts = {}
    for a in json.load(open(path)):
        if not a.get("Cmd"):  # cached or no command run (e.g. -a still skips nothing, but be safe)
            continue
        cpu = (a.get("CmdUser", 0) + a.get("CmdSys", 0)) / 1e9
        key = (a["Mode"], a.get("Package", ""))
        acts[key] = acts.get(key, 0.0) + cpu
    return acts


p, g = load(sys.argv[1]), load(sys.argv[2])
pb = {k for k in p if k[0] == "build"}
gb = {k for k in g if k[0] == "build"}
common, extra = pb & gb, gb - pb
sp = sum(p[k] for k in common)
sg = sum(g[k] for k in common)
se = sum(g[k] for k in extra)
lp = sum(v for k, v in p.items() if k[0] == "link")
lg = sum(v for k, v in g.items() if k[0] == "link")
tp, tg = sum(p.values()), sum(g.values())
print(f"    packages compiled: plain {len(pb)}, gotel {len(gb)} (+{len(extra)} only in the instrumented build)")
print(f"    tool CPU s (user+sys): plain {tp:.1f}, gotel {tg:.1f} (+{tg - tp:.1f}), of which:")
print(f"      packages in both builds   plain {sp:7.1f}  gotel {sg:7.1f}  ({sg - sp:+.1f}: toolexec + weaving)")
print(f"      packages only in gotel's                 {se:7.1f}")
print(f"      link                      plain {lp:7.1f}  gotel {lg:7.1f}  ({lg - lp:+.1f})")
# The packages both builds compile whose CPU moved most: weaving shows
# as a steady increase of the woven packages; the rest is run-to-run noise
# (largest in the biggest packages).
moved = sorted(common, key=lambda k: -abs(g[k] - p[k]))[:3]
print("      most moved in both: " + ", ".join(f"{k[1]} {p[k]:.1f}s -> {g[k]:.1f}s" for k in moved))
top = sorted(extra, key=lambda k: -g[k])[:5]
print("      costliest extra packages: " + ", ".join(f"{k[1]} {g[k]:.1f}s" for k in top))
