#!/usr/bin/env bash
# The runtime's benchmarks and CPython's equivalents in one run, then the ratios.
#   bench/runtime.sh            (short runs: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement)
#   WARMUPS=5 ITERATIONS=10 bench/runtime.sh
# Results go to bench/results/runtime-<time>/ (jmh.json, jmh.txt, cpu.txt, heap.txt, python.json).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
command -v python3 >/dev/null || { echo "error: python3 is needed for the CPython side" >&2; exit 1; }

WARMUPS=${WARMUPS:-3}
ITERATIONS=${ITERATIONS:-5}
HEAP_COUNT=${HEAP_COUNT:-1000000}
STACKFUL_HEAP_COUNT=${STACKFUL_HEAP_COUNT:-100000}
OUT=bench/results/runtime-$(date +%Y%m%dT%H%M%S)
mkdir -p "$OUT"

./mvnw -B -q -Pbench test-compile
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $(python3 --version)"
echo "== JMH (-f 1 -wi $WARMUPS -i $ITERATIONS, 1 s each, -prof gc)"
java -cp "$CP" org.openjdk.jmh.Main 'dev\.corojobs\.bench\.(SendBenchmark|DelegationBenchmark|DelegateLifecycleBenchmark|StackfulBenchmark)\.' \
  -f 1 -wi "$WARMUPS" -i "$ITERATIONS" -w 1s -r 1s -prof gc -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.txt"
grep -E '^(Benchmark|[A-Za-z]+Benchmark\.[A-Za-z]+ |[A-Za-z]+Benchmark\.[A-Za-z]+:gc.alloc.rate.norm)' "$OUT/jmh.txt" || true

echo "== thread CPU time per send (one JVM per case; min and median of 9 x 10M sends)"
for case in reference resume boxed boxed-cached depth-0 depth-1 depth-10 depth-100; do
  java -cp "$CP" dev.corojobs.bench.CpuTimeSends "$case"
done | tee "$OUT/cpu.txt"

echo "== heap per suspended coroutine (used heap after full GC, divided by the count)"
for flags in "-XX:-UseCompactObjectHeaders" "-XX:+UseCompactObjectHeaders"; do
  for kind in stackless fib; do
    printf '%s ' "$flags"; java $flags -Xmx4g -cp "$CP" dev.corojobs.bench.HeapFootprint "$kind" "$HEAP_COUNT"
  done
  printf '%s ' "$flags"; java $flags -Xmx4g -cp "$CP" dev.corojobs.bench.HeapFootprint stackful "$STACKFUL_HEAP_COUNT"
done | tee "$OUT/heap.txt"

echo "== CPython"
python3 bench/python/coroutine_bench.py --json "$OUT/python.json"

echo "== ratios (same run)"
python3 bench/python/runtime_report.py "$OUT"
