#!/usr/bin/env bash
# Scheduler simulation benchmark: N tasks in the task language, each yielding Y times with printing off,
# against the seed article's Python Scheduler running the equivalent generators, in the same run.
#   bench/simulation.sh            # 1,000,000 tasks x 10 yields
#   TASKS=100000 bench/simulation.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TASKS=${TASKS:-1000000}
YIELDS=${YIELDS:-10}
RUNS=${RUNS:-5}
SEED=${SEED:-}
for candidate in "$SEED" "${COROJOBS_SHARED_DIR:-../shared}/seed/000_3407e30adf6e6e06.txt"; do
    if [[ -n "$candidate" && -f "$candidate" ]]; then SEED=$candidate; break; fi
done
[[ -f "$SEED" ]] || { echo "seed article not found; set SEED=path/to/000_3407e30adf6e6e06.txt or COROJOBS_SHARED_DIR=folder holding seed/" >&2; exit 1; }

if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"

./mvnw -B -q -Pbench test-compile
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
JAVA_OPTS=(-Xms3g -Xmx3g -XX:+UseG1GC)

echo "== Java, compiled task language ($TASKS tasks x $YIELDS yields, print off)"
java "${JAVA_OPTS[@]}" -cp "$CP" dev.corojobs.bench.SimulationBenchmark "$TASKS" "$YIELDS" "$RUNS" | tee target/sim-java.txt
echo "== Java with -XX:+UseCompactObjectHeaders"
java "${JAVA_OPTS[@]}" -XX:+UseCompactObjectHeaders -cp "$CP" dev.corojobs.bench.SimulationBenchmark "$TASKS" "$YIELDS" "$RUNS" | tee target/sim-java-compact.txt
echo "== Python $(python3 -c 'import sys; print(sys.version.split()[0])'), the seed's Scheduler (extracted from $SEED at run time)"
python3 bench/seed_scheduler.py "$SEED" "$TASKS" "$YIELDS" | tee target/sim-python.txt
echo "== Python, the same Scheduler with its queue.Queue swapped for a collections.deque"
python3 bench/seed_scheduler.py "$SEED" "$TASKS" "$YIELDS" --deque | tee -a target/sim-python.txt

value() { grep "^$1=" "$2" | cut -d= -f2; }
python=$(value python_seconds target/sim-python.txt)
python_deque=$(value python_deque_seconds target/sim-python.txt)
python_cpu=$(value python_cpu_seconds target/sim-python.txt)
python_deque_cpu=$(value python_deque_cpu_seconds target/sim-python.txt)
echo "== Summary ($TASKS tasks x $YIELDS yields, $((TASKS * (YIELDS + 1))) steps)"
for variant in java java-compact; do
    java_median=$(value java_median_seconds "target/sim-$variant.txt")
    bytes=$(value bytes_per_task "target/sim-$variant.txt")
    used=$(value used_heap_bytes_per_task "target/sim-$variant.txt")
    java_cpu=$(value java_median_cpu_seconds "target/sim-$variant.txt")
    ratio() { python3 -c "print(f'{$1/$2:.0f}')"; }
    echo "$variant: wall median $java_median s: seed Python $python s = $(ratio "$python" "$java_median")x," \
         "with deque $python_deque s = $(ratio "$python_deque" "$java_median")x"
    echo "$variant: CPU median $java_cpu s: seed Python $python_cpu s = $(ratio "$python_cpu" "$java_cpu")x," \
         "with deque $python_deque_cpu s = $(ratio "$python_deque_cpu" "$java_cpu")x"
    echo "$variant: $bytes B of live objects ($used B of G1 used heap) per live task"
done
