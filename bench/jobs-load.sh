#!/usr/bin/env bash
# Load test of the job API (run by hand, never in CI): 1,000 concurrent submissions at a running corojobs.
# Every answer must be 202/200 or 429/503 (with Retry-After), every accepted job must reach a final state,
# and the service must be healthy afterwards. See docs/jobs.md for the figures and how they were taken.
#
#   bench/jobs-load.sh                         # against http://127.0.0.1:8080, 1000 seed simulations
#   bench/jobs-load.sh --start                 # builds nothing: starts target/corojobs-*.jar on a free port,
#                                              # runs the test, stops it
#   COUNT=200 URL=http://127.0.0.1:9090 bench/jobs-load.sh
#   bench/jobs-load.sh --compare-stores        # in one run: the in-memory build (BASE_COMMIT, built in a temp
#                                              # worktree), then target/corojobs-*.jar with its embedded store,
#                                              # with an external PostgreSQL, and as two replicas on it
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

# The API needs a key: the jars started here accept one made for this run (older in-memory builds ignore it), with
# the owner quota out of the way of a burst from one caller.
export COROJOBS_API_KEY=${COROJOBS_API_KEY:-bench-$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')}
KEY_ARGS=(--corojobs.security.api-keys[0].name=bench
          --corojobs.security.api-keys[0].sha256="$(printf %s "$COROJOBS_API_KEY" | sha256sum | cut -d' ' -f1)"
          --corojobs.security.api-keys[0].scopes=jobs:read,jobs:write,jobs:admin
          --corojobs.security.max-active-jobs-per-owner=100000)

# Starts a jar on a free loopback port with extra environment; sets app_url and app_pid.
start_jar() {
    local jar=$1 log=$2
    shift 2
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    app_url="http://127.0.0.1:$port"
    env "$@" java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --server.address=127.0.0.1 \
        --corojobs.tcp.enabled=false "${KEY_ARGS[@]}" >"$log" 2>&1 &
    app_pid=$!
    started_pids+=("$app_pid")
    for _ in $(seq 1 240); do
        curl -fs "$app_url/actuator/health/readiness" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    echo "service did not start; see $log" >&2
    exit 1
}

stop_started() {
    for pid in "${started_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    started_pids=()
}

# One burst of COUNT tiny jobs at each URL given (split evenly), in parallel; prints each driver's report.
burst() {
    local label=$1
    shift
    local per=$((COUNT / $#)) i=0
    echo "== $label"
    for url in "$@"; do
        python3 bench/jobs_load.py --url "$url" --path "$JOB_PATH" --body "$JOB_BODY" --count "$per" \
            >"$work/$label.$i.out" 2>&1 &
        i=$((i + 1))
    done
    wait
    for out in "$work/$label".*.out; do
        sed 's/^/  /' "$out"
    done
}

if [[ "${1:-}" == "--compare-stores" ]]; then
    base=${BASE_COMMIT:-83c5ba6}
    store_jar=$(ls target/corojobs-*.jar 2>/dev/null | grep -v plain | head -1 || true)
    [[ -n "$store_jar" ]] || { echo "no target/corojobs-*.jar: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
    work=$(mktemp -d /tmp/corojobs-stores.XXXXXX)
    started_pids=()
    pg_bin=""
    trap 'stop_started; [[ -n "$pg_bin" ]] && "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1; git worktree remove --force "$work/inmem" >/dev/null 2>&1 || true' EXIT
    ulimit -n 8192 2>/dev/null || true
    echo "in-memory build: $base (built in $work/inmem); store build: $store_jar; $COUNT tiny jobs per burst"
    git worktree add --detach "$work/inmem" "$base" >/dev/null 2>&1
    (cd "$work/inmem" && ./mvnw -B -q package -DskipTests >"$work/inmem-build.log" 2>&1)
    inmem_jar=$(ls "$work"/inmem/target/corojobs-*.jar | grep -v plain | head -1)

    start_jar "$inmem_jar" "$work/inmem.log"
    burst in-memory "$app_url"
    stop_started

    start_jar "$store_jar" "$work/embedded.log" COROJOBS_STORE_EMBEDDED_DATA_DIR="$work/embedded-data"
    burst embedded "$app_url"
    stop_started

    # an external PostgreSQL: the same PostgreSQL 17 binaries the embedded store unpacked, in their own process
    pg_bin=$(dirname "$(ls -d /tmp/embedded-pg/PG-*/bin/pg_ctl | head -1)")
    pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$pg_bin/initdb" -A trust -U postgres -D "$work/pg" -E UTF-8 >"$work/initdb.log" 2>&1
    "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -c listen_addresses=127.0.0.1 -c max_connections=100" \
        -l "$work/pg.log" -w start >/dev/null
    db="jdbc:postgresql://127.0.0.1:$pg_port/postgres"
    start_jar "$store_jar" "$work/external.log" SPRING_DATASOURCE_URL="$db" SPRING_DATASOURCE_USERNAME=postgres
    burst external "$app_url"
    stop_started

    start_jar "$store_jar" "$work/replica-a.log" SPRING_DATASOURCE_URL="$db" SPRING_DATASOURCE_USERNAME=postgres
    url_a=$app_url
    start_jar "$store_jar" "$work/replica-b.log" SPRING_DATASOURCE_URL="$db" SPRING_DATASOURCE_USERNAME=postgres
    burst two-replicas "$url_a" "$app_url"
    stop_started
    exit 0
fi

if [[ "${1:-}" == "--start" ]]; then
    jar=$(ls target/corojobs-*.jar 2>/dev/null | grep -v plain | head -1 || true)
    [[ -n "$jar" ]] || { echo "no target/corojobs-*.jar: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    URL="http://127.0.0.1:$port"
    java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --corojobs.tcp.enabled=false \
        "${KEY_ARGS[@]}" >target/jobs-load-server.log 2>&1 &
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
