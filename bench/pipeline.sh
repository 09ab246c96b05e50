#!/usr/bin/env bash
# Log-analysis pipeline benchmark: in ONE run, on apache_logs repeated 100x (1,000,000 lines, 237 MB):
#   1. the seed article's Python pipeline (broadcast -> 3 x map_ -> reduce_), its code block extracted from
#      the seed document at run time;
#   2. the same three-IP spec inline through our pipeline (a Java main, dev.corojobs.bench.PipelineRun);
#   3. the default report (GoAccess's panels) through the HTTP API of the running jar (-Xmx256m, GC log for the
#      peak heap);
#   4. mawk '{c[$1]++} END {for (k in c) print k, c[k]}' on the same file;
#   5. inline vs threaded on heavy branches (path regexes, user-agent and referrer keys) and on the default report;
#   6. goaccess --log-format=COMBINED -o report.json on the same file (skipped when goaccess is not installed).
#   7. the parse cost per line of the same lines as combined, as nginx `main` (a compiled format string) and as
#      JSON lines (dev.corojobs.pipeline.FormatCosts);
#   8. the seed spec on all cores (mode parallel) against the cost of reading every byte once (ScanCosts).
# Each figure is the best of RUNS runs (default 3). Usage: bench/pipeline.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
SHARED=${COROJOBS_SHARED_DIR:-$(cd .. && pwd)/shared}
LOG_SRC="$SHARED/data/accesslogs/apache_logs"
SEED_DOC="$SHARED/seed/000_3407e30adf6e6e06.txt"
for needed in "$LOG_SRC" "$SEED_DOC"; do
  [ -f "$needed" ] || { echo "missing $needed (set COROJOBS_SHARED_DIR)" >&2; exit 1; }
done
command -v mawk >/dev/null || { echo "mawk is not installed (apt-get install mawk)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is not installed" >&2; exit 1; }
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"

WORK=target/bench
mkdir -p "$WORK" bench/results
BIG="$WORK/apache_logs.x100"
if [ ! -f "$BIG" ] || [ "$(stat -c %s "$BIG")" != "$(( $(stat -c %s "$LOG_SRC") * 100 ))" ]; then
  for _ in $(seq 100); do cat "$LOG_SRC"; done > "$BIG"
fi
LINES=$(wc -l < "$BIG")
OUT="bench/results/pipeline-$(date +%Y%m%d-%H%M%S).txt"
exec > >(tee "$OUT") 2>&1

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $(java -version 2>&1 | head -1); $(python3 --version); mawk $(mawk -W version 2>&1 | head -1 | awk '{print $2}')"
echo "== input: $BIG, $LINES lines, $(stat -c %s "$BIG") bytes"

echo "== building (jar + bench classes)"
./mvnw -B -q -Pbench -DskipTests package
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
JAR=$(ls target/corojobs-*.jar | grep -v plain | head -1)

best() { sort -g | head -1; }

echo "== 1. seed Python pipeline (code extracted from the seed document)"
PY_TIMES=()
PY_CPUS=()
for _ in $(seq "$RUNS"); do
  t=$(python3 - "$SEED_DOC" "$BIG" <<'PY'
import re, sys, time
doc, log = sys.argv[1], sys.argv[2]
blocks = re.findall(r"```python\n(.*?)```", open(doc, encoding="utf-8").read(), re.S)
defs = next(b for b in blocks if "def map_(" in b and "def broadcast(" in b)
run = next(b for b in blocks if "reducer = reduce_(on_done)" in b)
run = "\n".join(l for l in run.splitlines() if not l.startswith("%"))   # drop the IPython %time magic
run = re.sub(r"open\('[^']*'", "open(" + repr(log), run)
env = {}
exec(defs, env)
start, cpu = time.perf_counter(), time.process_time()
exec(run.replace("print(result)", ""), env)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
print(f"{elapsed:.3f} {cpu:.3f}")
print("python result:", env["result"], file=sys.stderr)
PY
)
  PY_TIMES+=("${t% *}")
  PY_CPUS+=("${t#* }")
  echo "  run: ${t% *} s (cpu ${t#* } s)"
done
PY_BEST=$(printf '%s\n' "${PY_TIMES[@]}" | best)
PY_CPU=$(printf '%s\n' "${PY_CPUS[@]}" | best)

echo "== 2. the same spec inline through the Java pipeline (job work driven step by step)"
java -cp "$CP" dev.corojobs.bench.PipelineRun "$BIG" seed $((RUNS + 2)) inline 2> "$WORK/seed-java.json" | tee "$WORK/seed-java.txt"
echo "  java result: $(cat "$WORK/seed-java.json")"
JAVA_SEED=$(grep '^best' "$WORK/seed-java.txt" | awk '{print $4}')
JAVA_CPU=$(grep '^best' "$WORK/seed-java.txt" | awk '{print $10}')

echo "== 4. mawk one-liner"
MAWK_TIMES=()
for _ in $(seq "$RUNS"); do
  s=$(date +%s.%N)
  mawk '{c[$1]++} END {for (k in c) print k, c[k]}' "$BIG" > "$WORK/mawk.out"
  e=$(date +%s.%N)
  t=$(echo "$e - $s" | bc -l)
  MAWK_TIMES+=("$t")
  printf '  run: %.3f s (%d keys)\n' "$t" "$(wc -l < "$WORK/mawk.out")"
done
MAWK_BEST=$(printf '%s\n' "${MAWK_TIMES[@]}" | best)

echo "== 3. default report through the HTTP API (jar on 127.0.0.1, file in corojobs.pipeline.data-dir)"
PORT=${PORT:-18089}
API_KEY=bench-$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
AUTH="Authorization: Bearer $API_KEY"
java -Xmx256m -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" --server.port=$PORT --corojobs.pipeline.data-dir="$WORK" \
  --corojobs.store.embedded.data-dir="target/bench-state/postgres" --corojobs.security.api-keys[0].name=bench \
  --corojobs.security.api-keys[0].sha256="$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)" \
  --corojobs.security.api-keys[0].scopes=jobs:read,jobs:write,logs:read-server-files \
  > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 0.5
done
HTTP_TIMES=()
for i in $(seq $((RUNS + 1))); do
  t=$(curl -fs -o "$WORK/http.json" -w '%{time_total}' -H "$AUTH" -H 'Content-Type: application/json' \
      -d '{"source": {"path": "apache_logs.x100"}}' "http://127.0.0.1:$PORT/api/v1/jobs/log-analysis?wait=PT60S")
  state=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["state"], j["result"]["lines"]["read"] if j.get("result") else "")' "$WORK/http.json")
  echo "  run $i: $t s ($state)"
  [ "$i" -gt 1 ] && HTTP_TIMES+=("$t")   # run 1 warms the JIT up
done
HTTP_BEST=$(printf '%s\n' "${HTTP_TIMES[@]}" | best)
UP_T=$(curl -fs -o "$WORK/upload.json" -w '%{time_total}' -H "$AUTH" -F "file=@$BIG" \
      "http://127.0.0.1:$PORT/api/v1/jobs/log-analysis?wait=PT60S")
echo "  multipart upload of the same file (default report): $UP_T s"
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT
# the largest heap occupancy G1 saw before a collection, over the whole server run (JIT warm-up run included)
PEAK_HEAP=$(grep -o '[0-9]*M->[0-9]*M' "$WORK/gc.log" | cut -dM -f1 | sort -n | tail -1)
echo "  peak heap before a GC (-Xmx256m): ${PEAK_HEAP:-?} MB"

echo "== 6. goaccess on the same file"
GOACCESS_BEST=""
if command -v goaccess >/dev/null; then
  GA_TIMES=()
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N)
    goaccess "$BIG" --log-format=COMBINED --no-progress -o "$WORK/goaccess.json" >/dev/null 2>&1
    t=$(echo "$(date +%s.%N) - $s" | bc)
    GA_TIMES+=("$t")
    printf '  run: %.3f s\n' "$t"
  done
  GOACCESS_BEST=$(printf '%s\n' "${GA_TIMES[@]}" | best)
else
  echo "  goaccess is not installed (apt-get install goaccess): skipped"
fi

echo "== 5. inline vs threaded"
for spec in heavy default; do
  for mode in inline threaded; do
    java -cp "$CP" dev.corojobs.bench.PipelineRun "$BIG" $spec $((RUNS + 1)) $mode 2>/dev/null | grep '^best'
  done
done | tee "$WORK/modes.txt"

echo "== 7. formats: the same lines as combined, nginx_main and JSON (parse only, CPU per line)"
java -Xmx4g -cp "$CP" dev.corojobs.pipeline.FormatCosts "$BIG" $((RUNS + 2)) | tee "$WORK/formats.txt"

echo "== 8. seed spec on all cores (mode parallel) vs reading every byte once (ScanCosts floor)"
java -cp "$CP" dev.corojobs.bench.PipelineRun "$BIG" seed $((RUNS + 2)) parallel 2>/dev/null | grep '^best' | tee "$WORK/parallel.txt"
java -Xmx2g -cp "$CP" dev.corojobs.pipeline.ScanCosts "$BIG" | tee "$WORK/scan.txt" | grep 'reading every byte'
FLOOR=$(grep 'reading every byte' "$WORK/scan.txt" | sed 's/.*no parsing) \([0-9.]*\) ns.*/\1/' | sort -g | head -1)
PARALLEL=$(awk '{print $4}' "$WORK/parallel.txt")

echo
echo "== summary ($LINES lines)"
awk -v py="$PY_BEST" -v pycpu="$PY_CPU" -v java="$JAVA_SEED" -v javacpu="$JAVA_CPU" -v mawk="$MAWK_BEST" -v http="$HTTP_BEST" -v n="$LINES" 'BEGIN {
  printf "  seed spec: Python %.3f s (%.0f ns/line), Java inline %.3f s (%.1f ns/line): %.1fx faster per line\n", py, py*1e9/n, java, java*1e9/n, py/java
  printf "  seed spec, CPU time: Python %.3f s, Java (whole process) %.3f s: %.1fx\n", pycpu, javacpu, pycpu/javacpu
  printf "  default report through HTTP %.3f s vs mawk one-liner %.3f s: %.2fx\n", http, mawk, mawk/http
}'
if [ -n "$GOACCESS_BEST" ]; then
  awk -v ga="$GOACCESS_BEST" -v http="$HTTP_BEST" -v n="$LINES" 'BEGIN {
    printf "  default report through HTTP %.3f s (%.0fk lines/s) vs goaccess %.3f s (%.0fk lines/s): %.1fx\n", http, n/http/1000, ga, n/ga/1000, ga/http
  }'
fi
awk '/^best/ {t[$2" "$3]=$4} END {
  printf "  heavy branches: inline %.3f s, threaded %.3f s (threaded %.2fx)\n", t["inline heavy:"], t["threaded heavy:"], t["inline heavy:"]/t["threaded heavy:"]
  printf "  default report: inline %.3f s, threaded %.3f s (threaded %.2fx)\n", t["inline default:"], t["threaded default:"], t["inline default:"]/t["threaded default:"]
}' "$WORK/modes.txt"
grep '^ratio' "$WORK/formats.txt" | sed 's/^/  formats: /'
awk -v t="$PARALLEL" -v floor="$FLOOR" -v n="$LINES" -v java="$JAVA_SEED" 'BEGIN {
  printf "  seed spec on all cores: %.1f ns/line (inline %.1f), floor %.1f ns/line: %.2fx the floor\n", t*1e9/n, java*1e9/n, floor, t*1e9/n/floor
}'
echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT"
