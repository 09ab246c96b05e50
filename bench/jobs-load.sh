#!/usr/bin/env bash
# Load test of the job API (run by hand, never in CI): 1,000 concurrent submissions at a running corojobs.
# Every answer must be 202/200 or 429/503 (with Retry-After), every accepted job must reach a final state,
# and the service must be healthy afterwards. See docs/jobs.md for the figures and how they were taken.
#
#   bench/jobs-load.sh                         # against http://127.0.0.1:8080, 1000 seed simulations
#   bench/jobs-load.sh --start                 # builds nothing: starts target/corojobs-*.jar on a free port,
#                                              # runs the test, stops it
#   COUNT=200 URL=http://127.0.0.1:9090 bench/jobs-load.sh
#
# Uses the scheduler-simulation type with {"example":"seed"}; if that type is not deployed (404) it says so and
# exits 0 without a verdict. Other types: JOB_PATH=/api/v1/jobs/... JOB_BODY='{...}' bench/jobs-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-1000}
URL=${URL:-http://127.0.0.1:8080}
JOB_PATH=${JOB_PATH:-/api/v1/jobs/scheduler-simulations}
JOB_BODY=${JOB_BODY:-'{"example": "seed"}'}
server_pid=""

cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

if [[ "${1:-}" == "--start" ]]; then
    jar=$(ls target/corojobs-*.jar 2>/dev/null | grep -v plain | head -1 || true)
    [[ -n "$jar" ]] || { echo "no target/corojobs-*.jar: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    URL="http://127.0.0.1:$port"
    java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --corojobs.tcp.enabled=false \
        >target/jobs-load-server.log 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
        curl -fs "$URL/actuator/health/readiness" >/dev/null 2>&1 && break
        sleep 0.5
    done
    curl -fs "$URL/actuator/health/readiness" >/dev/null || { echo "service did not start; see target/jobs-load-server.log" >&2; exit 1; }
fi

# Tomcat accepts 100 queued connections by default; 1,000 threads connecting at once need a larger client
# file limit, not more server settings.
ulimit -n 4096 2>/dev/null || true
set +e
python3 bench/jobs_load.py --url "$URL" --path "$JOB_PATH" --body "$JOB_BODY" --count "$COUNT"
status=$?
set -e
if [[ $status -eq 2 ]]; then
    echo "skipped: $JOB_PATH is not available"
    exit 0
fi
exit $status
