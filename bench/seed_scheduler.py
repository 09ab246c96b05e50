"""Runs the seed article's Scheduler (extracted from the article at run time, never copied) on N generator
tasks that each yield Y times, and prints key=value lines for bench/simulation.sh.

The scheduler prints 'Task N terminated' for every task; print is replaced by a no-op in the namespace the
extracted code runs in, so the Python side pays no I/O (the Java side only counts those lines too).

Usage: seed_scheduler.py ARTICLE TASKS YIELDS [--deque]
--deque swaps the seed's queue.Queue (a locking, thread-safe queue) for a plain deque: the seed's scheduler
as a careful Python programmer would run it single-threaded, to show how much of the gap is the Queue."""
import gc
import re
import resource
import sys
import time


def extract_scheduler(article_path):
    text = open(article_path, encoding="utf-8").read()
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        if "class Scheduler" in block:
            return block
    sys.exit("no ```python block with class Scheduler in " + article_path)


class DequeQueue:
    """queue.Queue's put/get on a collections.deque, without the locking: the fastest ready queue for the
    seed's single-threaded scheduler (used only with --deque)."""

    def __init__(self):
        from collections import deque
        self._items = deque()
        self.put = self._items.append
        self.get = self._items.popleft


def main():
    article, tasks, yields = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    variant = "deque" if "--deque" in sys.argv[4:] else "seed"
    namespace = {"__name__": "seed_scheduler", "print": lambda *args, **kwargs: None}
    exec(compile(extract_scheduler(article), article, "exec"), namespace)
    if variant == "deque":
        namespace["Queue"] = DequeQueue  # Scheduler.__init__ looks Queue up at call time
    Scheduler = namespace["Scheduler"]

    def worker():
        for _ in range(yields):
            yield

    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_start = time.process_time()
    start = time.perf_counter()
    sched = Scheduler()
    for _ in range(tasks):
        sched.new(worker())
    spawned = time.perf_counter()
    rss_spawned = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sched.mainloop()
    end = time.perf_counter()
    cpu_end = time.process_time()
    prefix = "python" if variant == "seed" else "python_deque"
    print("%s_spawn_seconds=%.3f" % (prefix, spawned - start))
    print("%s_seconds=%.3f" % (prefix, end - start))
    print("%s_cpu_seconds=%.3f" % (prefix, cpu_end - cpu_start))
    print("%s_ns_per_step=%.1f" % (prefix, (end - start) * 1e9 / (tasks * (yields + 1))))
    print("%s_rss_bytes_per_task=%.1f" % (prefix, (rss_spawned - rss_before) * 1024 / tasks))


if __name__ == "__main__":
    main()
