#!/usr/bin/env python3
"""CPython's generator costs, to compare with the Java runtime in the same run.

Measures the send round trip on `x = yield x + 1`, and a send through a chain of `yield from`
relays (depth 0, 1, 10) so the cost per level per value is (t(10) - t(0)) / 10. Each figure is the
time per send of a tight loop, minus the loop's own cost (the same loop calling nothing; min minus
min, median minus median), so Python is not charged for its interpreter loop. Prints one line per figure (also the raw times, loop included),
and writes JSON with --json FILE.
"""
import argparse
import json
import statistics
import sys
import time


def plus_one():
    x = 0
    while True:
        x = yield x + 1


def echo():
    value = None
    while True:
        value = yield value


def relay(inner):
    return (yield from inner)


def chain(depth):
    top = echo()
    for _ in range(depth):
        top = relay(top)
    next(top)
    return top


def time_sends(generator, sends):
    send = generator.send
    x = 0
    start = time.perf_counter_ns()
    for _ in range(sends):
        x = send(x & 63)
    return (time.perf_counter_ns() - start) / sends


def time_empty_loop(sends):
    x = 0
    start = time.perf_counter_ns()
    for _ in range(sends):
        x = (x & 63)
    return (time.perf_counter_ns() - start) / sends


def measure(make, sends, repeats):
    """min and median of (send loop - empty loop), each taken over its own repeats."""
    with_send, empty = [], []
    for _ in range(repeats):
        generator = make()
        with_send.append(time_sends(generator, sends))
        generator.close()
        empty.append(time_empty_loop(sends))
    return (min(with_send) - min(empty), statistics.median(with_send) - statistics.median(empty),
            min(with_send), statistics.median(with_send))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    def started_plus_one():
        generator = plus_one()
        next(generator)
        return generator

    figures = {"send": measure(started_plus_one, args.sends, args.repeats)}
    for depth in (0, 1, 10):
        figures[f"yield_from_depth_{depth}"] = measure(lambda: chain(depth), args.sends, args.repeats)
    t0 = figures["yield_from_depth_0"]
    t10 = figures["yield_from_depth_10"]
    figures["yield_from_per_level"] = tuple((t10[i] - t0[i]) / 10 for i in range(4))

    print("python <figure> <min ns> <median ns> (loop subtracted) <min ns> <median ns> (with the loop)")
    for name, (low, median, raw_low, raw_median) in figures.items():
        print(f"python {name} {low:.2f} {median:.2f} {raw_low:.2f} {raw_median:.2f}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"python": sys.version.split()[0],
                       "figures": {k: {"min_ns": v[0], "median_ns": v[1], "raw_min_ns": v[2], "raw_median_ns": v[3]}
                                   for k, v in figures.items()}},
                      out, indent=2)


if __name__ == "__main__":
    main()
