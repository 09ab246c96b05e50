#!/usr/bin/env python3
"""CPython's generator costs, to compare with the Java runtime in the same run.

Measures the send round trip on `x = yield x + 1`, and a send through a chain of `yield from`
relays (depth 0, 1, 10) so the cost per level per value is (t(10) - t(0)) / 10, and
`while True: yield from one()` (a whole delegate lifecycle per value), and the memory one suspended
`plus_one` generator holds (tracemalloc's traced bytes over a million of them, the list that keeps
them alive not counted). Each timing is the
time per send of a tight loop, minus the loop's own cost (the same loop calling nothing; min minus
min, median minus median), so Python is not charged for its interpreter loop. Each is timed both in wall-clock time and in
the thread's CPU time (which does not count time spent descheduled on a busy machine). Prints the
figures (also the raw times, loop included) and writes JSON with --json FILE.
"""
import argparse
import json
import gc
import statistics
import sys
import time
import tracemalloc


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


def one():
    x = yield 1
    return x


def repeat():
    while True:
        yield from one()


def chain(depth):
    top = echo()
    for _ in range(depth):
        top = relay(top)
    next(top)
    return top


def time_sends(generator, sends):
    send = generator.send
    x = 0
    wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
    for _ in range(sends):
        x = send(x & 63)
    return (time.perf_counter_ns() - wall) / sends, (time.thread_time_ns() - cpu) / sends


def time_empty_loop(sends):
    x = 0
    wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
    for _ in range(sends):
        x = (x & 63)
    return (time.perf_counter_ns() - wall) / sends, (time.thread_time_ns() - cpu) / sends


def summarize(with_send, empty):
    """min and median of (send loop - empty loop), each taken over its own repeats; then the raw ones."""
    return {"min_ns": min(with_send) - min(empty),
            "median_ns": statistics.median(with_send) - statistics.median(empty),
            "raw_min_ns": min(with_send),
            "raw_median_ns": statistics.median(with_send)}


def measure(make, sends, repeats):
    samples = {"wall": ([], []), "cpu": ([], [])}
    for _ in range(repeats):
        generator = make()
        wall, cpu = time_sends(generator, sends)
        generator.close()
        empty_wall, empty_cpu = time_empty_loop(sends)
        samples["wall"][0].append(wall)
        samples["wall"][1].append(empty_wall)
        samples["cpu"][0].append(cpu)
        samples["cpu"][1].append(empty_cpu)
    return {clock: summarize(*pair) for clock, pair in samples.items()}


def bytes_per_suspended_generator(count):
    """Bytes Python allocates for one started, suspended plus_one() (generator object and its frame)."""
    holder = [None] * count
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(count):
        generator = plus_one()
        next(generator)
        holder[i] = generator
    del generator
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--heap-count", type=int, default=1_000_000)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    def started_plus_one():
        generator = plus_one()
        next(generator)
        return generator

    figures = {"send": measure(started_plus_one, args.sends, args.repeats)}
    def started_repeat():
        generator = repeat()
        next(generator)
        return generator

    figures["fresh_delegate"] = measure(started_repeat, args.sends, args.repeats)
    for depth in (0, 1, 10):
        figures[f"yield_from_depth_{depth}"] = measure(lambda: chain(depth), args.sends, args.repeats)
    t0, t10 = figures["yield_from_depth_0"], figures["yield_from_depth_10"]
    figures["yield_from_per_level"] = {clock: {k: (t10[clock][k] - t0[clock][k]) / 10 for k in t0[clock]}
                                       for clock in t0}

    print("python <clock> <figure>: min / median ns, loop subtracted; min / median ns, with the loop")
    for name, clocks in figures.items():
        for clock, f in clocks.items():
            print(f"python {clock} {name}: {f['min_ns']:.2f} / {f['median_ns']:.2f}"
                  f"; {f['raw_min_ns']:.2f} / {f['raw_median_ns']:.2f}")
    heap = bytes_per_suspended_generator(args.heap_count)
    print(f"python heap per suspended generator: {heap:.1f} B (x{args.heap_count}, tracemalloc)")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"python": sys.version.split()[0], "figures": figures,
                       "heap_per_generator_bytes": heap, "heap_count": args.heap_count}, out, indent=2)


if __name__ == "__main__":
    main()
