#!/usr/bin/env python3
"""Prints the runtime's figures next to CPython's from one bench/runtime.sh run, as ratios."""
import json
import pathlib
import sys


def load_jmh(folder):
    jmh = {}
    for result in json.loads((folder / "jmh.json").read_text()):
        name = result["benchmark"].rsplit(".", 2)
        key = f"{name[-2]}.{name[-1]}"
        params = result.get("params") or {}
        if "depth" in params:
            key += f"[{params['depth']}]"
        # The best iteration: on a shared machine the mean mostly measures the neighbours.
        jmh[key] = min(sample for fork in result["primaryMetric"]["rawData"] for sample in fork)
        jmh[key + ":mean"] = result["primaryMetric"]["score"]
        alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if alloc:
            jmh[key + ":alloc"] = alloc["score"]
    return jmh


def load_cpu(folder):
    cpu = {}
    path = folder / "cpu.txt"
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split()
            if parts and parts[0] == "cpu":
                cpu[parts[1]] = float(parts[2])
    return cpu


def row(what, java_ns, python, py_key, goal=None, note=""):
    net, raw = python[py_key]["min_ns"], python[py_key]["raw_min_ns"]
    line = (f"  {what:<42} java {java_ns:9.2f} ns{note} | cpython {py_key:<19} net {net:7.2f} ns = {net / java_ns:6.1f}x"
            f", raw {raw:7.2f} ns = {raw / java_ns:6.1f}x")
    if goal:
        line += (f" | goal >= {goal}x: vs raw {'met' if raw / java_ns >= goal else 'NOT met'},"
                 f" vs net {'met' if net / java_ns >= goal else 'NOT met'}")
    print(line)


def depth_rows(times, python, unit):
    base = times[0]
    for depth in (1, 10, 100):
        per_level = (times[depth] - base) / depth
        print(f"  yield-from depth {depth:>3}: {times[depth]:6.2f} ns/send ({unit}), per level per value"
              f" {per_level:6.3f} ns (goal <= 2 ns: {'met' if per_level <= 2 else 'NOT met'});"
              f" cpython per level {python['yield_from_per_level']['min_ns']:.2f} ns")


def main(folder):
    folder = pathlib.Path(folder)
    jmh = load_jmh(folder)
    cpu = load_cpu(folder)
    figures = json.loads((folder / "python.json").read_text())["figures"]
    wall = {k: v["wall"] for k, v in figures.items()}
    cpu_py = {k: v["cpu"] for k, v in figures.items()}
    print("Best against best. CPython: fastest of 7 repeats of 1M sends; 'net' = minus the bare loop, 'raw' = loop included.")

    print("Wall clock (Java: fastest JMH iteration, mean in brackets):")
    for what, key, py_key, goal in [
        ("send, reference value (echo)", "SendBenchmark.sendReference", "yield_from_depth_0", 20),
        ("send, reference value vs x = yield x+1", "SendBenchmark.sendReference", "send", 20),
        ("resume + yielded, reference value", "SendBenchmark.resumeReference", "send", 20),
        ("x = yield x+1, boxed, Long cache", "SendBenchmark.sendBoxedCached", "send", 20),
        ("x = yield x+1, boxed, allocating", "SendBenchmark.sendBoxed", "send", 20),
        ("send through yield-from depth 10", "DelegationBenchmark.send[10]", "yield_from_depth_10", None),
        ("send that ends + starts a delegate", "DelegateLifecycleBenchmark.sendThroughAFreshDelegate", "fresh_delegate", None),
        ("stackful send, platform-thread sender", "StackfulBenchmark.send", "send", None),
        ("stackful send, virtual-thread sender", "StackfulBenchmark.sendFromVirtualThread", "send", None),
    ]:
        row(what, jmh[key], wall, py_key, goal, f" ({jmh[key + ':mean']:8.2f})")
    depth_rows({d: jmh[f"DelegationBenchmark.send[{d}]"] for d in (0, 1, 10, 100)}, wall, "wall")

    if cpu:
        print("Thread CPU time (time spent descheduled is not counted; Java: fastest of 9 x 10M sends):")
        for what, key, py_key, goal in [
            ("send, reference value (echo)", "reference", "yield_from_depth_0", 20),
            ("send, reference value vs x = yield x+1", "reference", "send", 20),
            ("resume + yielded, reference value", "resume", "send", 20),
            ("x = yield x+1, boxed, Long cache", "boxed-cached", "send", 20),
            ("x = yield x+1, boxed, allocating (GC not counted)", "boxed", "send", 20),
            ("send through yield-from depth 10", "depth-10", "yield_from_depth_10", None),
        ]:
            row(what, cpu[key], cpu_py, py_key, goal)
        depth_rows({d: cpu[f"depth-{d}"] for d in (0, 1, 10, 100)}, cpu_py, "cpu")

    print("Allocation per operation (JMH -prof gc):")
    for key, value in sorted(jmh.items()):
        if key.endswith(":alloc"):
            print(f"  {key[:-6]:<44} {value:8.1f} B")
    heap = folder / "heap.txt"
    if heap.exists():
        python_heap = json.loads((folder / "python.json").read_text()).get("heap_per_generator_bytes")
        measured = f"{python_heap:.1f} B measured in this run (tracemalloc)" if python_heap else "not measured"
        print(f"Heap per suspended coroutine (used heap after full GCs / count); CPython generator: {measured}:")
        for line in heap.read_text().splitlines():
            flags, _, kind, count, per = line.split()
            verdict = "" if kind == "stackful" else f" (goal <= 64 B: {'met' if float(per) <= 64 else 'NOT met'})"
            print(f"  {kind:<9} {per:>7} B  x{count} {flags}{verdict}")


if __name__ == "__main__":
    main(sys.argv[1])
