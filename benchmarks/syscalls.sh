#!/usr/bin/env bash
# System calls and context switches per request of one echo server variant under the echo load
# (50 connections x 4 in flight), counted with perf's syscall tracepoints on the server process.
#
#   bash benchmarks/syscalls.sh [jar] [variant]      e.g. bash benchmarks/syscalls.sh /tmp/base/benchmarks/target/tcp-benchmarks.jar
#   SIZE=64 N=600000 bash benchmarks/syscalls.sh     64-byte frames
#
# Needs perf (Debian: linux-perf) and root (or kernel.perf_event_paranoid <= -1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
JAR=${1:-$here/target/tcp-benchmarks.jar}
VARIANT=${2:-starter-echo}
PORT=${PORT:-17398} SIZE=${SIZE:-16384} N=${N:-200000}
LOAD_JAR=$here/target/tcp-benchmarks.jar
java -Xmx1g -jar "$JAR" "$VARIANT" "$PORT" > "${TMPDIR:-/tmp}/syscalls-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2> /dev/null || true' EXIT
for _ in $(seq 1 60); do (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null && break; sleep 0.5; done
# warm-up, not counted
java -jar "$LOAD_JAR" load-echo 127.0.0.1 "$PORT" 50 4 "$SIZE" 50000 2 50000 > /dev/null
events=context-switches
for call in read write ioctl futex recvfrom sendto poll ppoll epoll_wait; do
	events+=",syscalls:sys_enter_$call"
done
out=$(mktemp)
perf stat -e "$events" -p "$pid" -o "$out" &
perf_pid=$!
java -jar "$LOAD_JAR" load-echo 127.0.0.1 "$PORT" 50 4 "$SIZE" "$N" 2 1000 | tail -n 1
kill -INT "$perf_pid"; wait "$perf_pid" || true
awk -v n="$N" '/syscalls|context/ { gsub(",", "", $1); printf "%-36s %8.3f per request\n", $2, $1 / n }' "$out"
rm -f "$out"
