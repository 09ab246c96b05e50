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
    python = {k: v["median_ns"] for k, v in json.loads((folder / "python.json").read_text())["figures"].items()}
    python_min = {k: v["min_ns"] for k, v in json.loads((folder / "python.json").read_text())["figures"].items()}

    def row(what, java_ns, py_key, goal=None):
        py = python[py_key]
        ratio = py / java_ns if java_ns > 0 else float("inf")
        line = f"{what:<48} java {java_ns:9.2f} ns   cpython {py:8.2f} ns (min {python_min[py_key]:.2f})   cpython/java {ratio:7.1f}x"
        if goal:
            line += f"   goal {goal}: {'met' if ratio >= float(goal.rstrip('x')) else 'NOT met'}"
        print(line)

    row("send x = yield x+1, boxed, allocating", jmh["SendBenchmark.sendBoxed"], "send", ">=20x")
    row("send x = yield x+1, boxed, Long cache", jmh["SendBenchmark.sendBoxedCached"], "send", ">=20x")
    row("send, reference value", jmh["SendBenchmark.sendReference"], "send", ">=20x")
    row("resume + yielded, reference value", jmh["SendBenchmark.resumeReference"], "send", ">=20x")
    row("send through yield-from depth 10", jmh["DelegationBenchmark.send[10]"], "yield_from_depth_10")
    row("stackful generator send", jmh["StackfulBenchmark.send"], "send")
    base = jmh["DelegationBenchmark.send[0]"]
    for depth in (1, 10, 100):
        total = jmh[f"DelegationBenchmark.send[{depth}]"]
        per_level = (total - base) / depth
        print(f"yield-from depth {depth:>3}: {total:7.2f} ns/send, per level per value {per_level:6.3f} ns"
              f" (goal <= 2 ns: {'met' if per_level <= 2 else 'NOT met'});"
              f" cpython per level {python['yield_from_per_level']:.2f} ns")
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
