#!/usr/bin/env python3
"""Prints the runtime's figures next to CPython's from one bench/runtime.sh run, as ratios."""
import json
import pathlib
import sys


def main(folder):
    folder = pathlib.Path(folder)
    jmh = {}
    for result in json.loads((folder / "jmh.json").read_text()):
        name = result["benchmark"].rsplit(".", 2)
        key = f"{name[-2]}.{name[-1]}"
        params = result.get("params") or {}
        if "depth" in params:
            key += f"[{params['depth']}]"
        jmh[key] = result["primaryMetric"]["score"]
        alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if alloc:
            jmh[key + ":alloc"] = alloc["score"]
    figures = json.loads((folder / "python.json").read_text())["figures"]
    python = {k: v["median_ns"] for k, v in figures.items()}
    python_raw = {k: v["raw_median_ns"] for k, v in figures.items()}
    print("JMH scores are means; CPython figures are medians, 'net' = minus the bare loop, 'raw' = loop included")

    def row(what, java_ns, py_key, goal=None):
        net, raw = python[py_key], python_raw[py_key]
        line = (f"{what:<40} java {java_ns:9.2f} ns | cpython net {net:7.2f} ns = {net / java_ns:6.1f}x"
                f" | raw {raw:7.2f} ns = {raw / java_ns:6.1f}x")
        if goal:
            line += f" | goal {goal} vs net: {'met' if net / java_ns >= goal else 'NOT met'}"
        print(line)

    row("send x = yield x+1, boxed, allocating", jmh["SendBenchmark.sendBoxed"], "send", 20)
    row("send x = yield x+1, boxed, Long cache", jmh["SendBenchmark.sendBoxedCached"], "send", 20)
    row("send, reference value", jmh["SendBenchmark.sendReference"], "send", 20)
    row("resume + yielded, reference value", jmh["SendBenchmark.resumeReference"], "send", 20)
    row("send through yield-from depth 10", jmh["DelegationBenchmark.send[10]"], "yield_from_depth_10")
    row("stackful send, platform-thread sender", jmh["StackfulBenchmark.send"], "send")
    row("stackful send, virtual-thread sender", jmh["StackfulBenchmark.sendFromVirtualThread"], "send")
    base = jmh["DelegationBenchmark.send[0]"]
    for depth in (1, 10, 100):
        total = jmh[f"DelegationBenchmark.send[{depth}]"]
        per_level = (total - base) / depth
        print(f"yield-from depth {depth:>3}: {total:7.2f} ns/send, per level per value {per_level:6.3f} ns"
              f" (goal <= 2 ns: {'met' if per_level <= 2 else 'NOT met'});"
              f" cpython per level {python['yield_from_per_level']:.2f} ns net")
    for key, value in sorted(jmh.items()):
        if key.endswith(":alloc"):
            print(f"allocated per op {key[:-6]:<40} {value:8.1f} B")
    heap = folder / "heap.txt"
    if heap.exists():
        for line in heap.read_text().splitlines():
            flags, _, kind, count, per = line.split()
            verdict = "" if kind == "stackful" else f" (goal <= 64 B: {'met' if float(per) <= 64 else 'NOT met'})"
            print(f"heap per suspended {kind:<9} {per:>7} B  x{count} {flags}{verdict}   cpython generator ~193 B (NOTES)")


if __name__ == "__main__":
    main(sys.argv[1])
