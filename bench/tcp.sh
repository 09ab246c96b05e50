#!/usr/bin/env bash
# New-connection hello exchanges on 127.0.0.1 against three servers, with the same load client in the same
# run: this project's coroutine server, the same protocol on Netty 4.2, and the seed article's Python
# server (extracted from the article at run time, never copied into the repository). Then 10,000 idle
# connections held against the coroutine server (and Netty), with the heap they cost.
#
#   bench/tcp.sh                     # defaults below
#   ROUNDS=3 SECONDS_PER_RUN=15 bench/tcp.sh
#
# Environment: ROUNDS (2), SECONDS_PER_RUN (10), WARMUP (5), CONCURRENCY (50), IDLE (10000),
# SHARED_DIR (the folder holding seed/, default: ../shared of the repository or of its worktree parent).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-2}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP:-5}
CONCURRENCY=${CONCURRENCY:-50}
IDLE=${IDLE:-10000}
PORT_BASE=${PORT_BASE:-15000}

if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAVA_OPTS=(-Xms256m -Xmx1g -XX:+UseG1GC)

# 10,000 idle connections need that many descriptors in the server and in the client
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "ulimit -n: $(ulimit -n)"

SHARED_DIR=${SHARED_DIR:-}
if [[ -z "$SHARED_DIR" ]]; then
  for candidate in ../shared ../../shared; do
    if [[ -d "$candidate/seed" ]]; then SHARED_DIR=$candidate; break; fi
  done
fi
SEED_FILE=$(ls "${SHARED_DIR:-/nonexistent}"/seed/000_*.txt 2>/dev/null | head -1 || true)

./mvnw -B -q -Pbench -DskipTests test-compile
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for_port() {
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2
  return 1
}

# starts a server; sets SERVER_PID
start_server() {
  local kind=$1 port=$2
  shift 2
  case "$kind" in
    coroutine|netty)
      java "${JAVA_OPTS[@]}" -cp "$CP" dev.corojobs.bench.HelloServerMain "$kind" "$port" "$@" >"$WORK/$kind.log" 2>&1 &
      ;;
    python-seed)
      python3 "$WORK/seed_server.py" "$port" >/dev/null 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_for_port "$port"
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

KINDS=(coroutine netty)
if [[ -n "$SEED_FILE" ]]; then
  # the article's `class Server` code block, run as it is (its DEBUG log line per accept goes to /dev/null)
  python3 - "$SEED_FILE" "$WORK/seed_server.py" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```python\n(.*?)```", text, re.S)
server = next(b for b in blocks if "class Server" in b)
with open(sys.argv[2], "w") as out:
    out.write(server)
    out.write("\nimport sys\nServer('127.0.0.1', int(sys.argv[1])).mainloop()\n")
PY
  KINDS+=(python-seed)
else
  echo "seed article not found (set SHARED_DIR): skipping the Python server" >&2
fi

echo "== new-connection exchanges: $CONCURRENCY in flight, ${WARMUP}s warm-up + ${SECONDS_PER_RUN}s measured, $ROUNDS round(s)"
echo "$(nproc) cores, $(java -version 2>&1 | head -1), $(python3 --version)"
port=$PORT_BASE
for round in $(seq 1 "$ROUNDS"); do
  for kind in "${KINDS[@]}"; do
    port=$((port + 1))
    start_server "$kind" "$port"
    java "${JAVA_OPTS[@]}" -cp "$CP" dev.corojobs.bench.HelloLoad "$kind" "$port" "$SERVER_PID" \
      "$CONCURRENCY" "$WARMUP" "$SECONDS_PER_RUN"
    stop_server
  done
done

heap_used_kb() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1
}

echo "== $IDLE idle connections held at once"
for kind in coroutine netty; do
  port=$((port + 1))
  start_server "$kind" "$port" 600 $((IDLE + 1000))
  sleep 1
  before=$(heap_used_kb "$SERVER_PID")
  fds_before=$(ls "/proc/$SERVER_PID/fd" | wc -l)
  mkfifo "$WORK/idle-in"
  java -Xmx512m -cp "$CP" dev.corojobs.bench.HelloIdle "$port" "$IDLE" <"$WORK/idle-in" >"$WORK/idle.out" &
  idle_pid=$!
  PIDS+=("$idle_pid")
  exec 4>"$WORK/idle-in"
  for _ in $(seq 1 600); do
    grep -qE '^(HELD|LOST)' "$WORK/idle.out" 2>/dev/null && break
    sleep 0.1
  done
  held=$(cat "$WORK/idle.out")
  after=$(heap_used_kb "$SERVER_PID")
  fds_after=$(ls "/proc/$SERVER_PID/fd" | wc -l)
  echo "$kind: client says '$held'; server fds $fds_before -> $fds_after; heap after full GC ${before} KiB -> ${after} KiB:" \
    "$(( (after - before) * 1024 / IDLE )) bytes per idle connection"
  exec 4>&-
  wait "$idle_pid" || true
  rm -f "$WORK/idle-in" "$WORK/idle.out"
  stop_server
done
