"""Runs the seed article's Scheduler (extracted from the article at run time, never copied) on N generator
tasks that each yield Y times, and prints key=value lines for bench/simulation.sh.

The scheduler prints 'Task N terminated' for every task; print is replaced by a no-op in the namespace the
extracted code runs in, so the Python side pays no I/O (the Java side only counts those lines too)."""
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


def main():
    article, tasks, yields = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    namespace = {"__name__": "seed_scheduler", "print": lambda *args, **kwargs: None}
    exec(compile(extract_scheduler(article), article, "exec"), namespace)
    Scheduler = namespace["Scheduler"]

    def worker():
        for _ in range(yields):
            yield

    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    sched = Scheduler()
    for _ in range(tasks):
        sched.new(worker())
    spawned = time.perf_counter()
    rss_spawned = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sched.mainloop()
    end = time.perf_counter()
    print("python_spawn_seconds=%.3f" % (spawned - start))
    print("python_seconds=%.3f" % (end - start))
    print("python_ns_per_step=%.1f" % ((end - start) * 1e9 / (tasks * (yields + 1))))
    print("python_rss_bytes_per_task=%.1f" % ((rss_spawned - rss_before) * 1024 / tasks))


if __name__ == "__main__":
    main()
