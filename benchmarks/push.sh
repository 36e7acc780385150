#!/usr/bin/env bash
# Push benchmark: a redis-server, two push-server instances (A and B, tcp.push.transport=redis), and
# the push-load generator with devices spread over both; pushes originate in instance A. In the same
# run: a bare Redis PUBLISH->SUBSCRIBE loop (raw RESP) as the baseline, and on the local transport a
# push to a group of one against a direct writeBytes. Prints one line per test with the CPU each
# process used per push (instance A, instance B, redis-server, load generator).
#
#   bash benchmarks/push.sh             full run (minutes; run it on a quiet machine)
#   QUICK=1 bash benchmarks/push.sh     smoke run: small counts, no figures worth keeping
#
# Environment: DEVICES=2000 TARGETED=200000 PACED_RATE=10000 PACED=100000 BROADCASTS=20 BIG_DEVICES=10000
#   BASELINE=1000000 SKIP_BUILD=1 BASE_PORT=17400
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
jar="$here/target/tcp-benchmarks.jar"
work=$(mktemp -d "${TMPDIR:-/tmp}/push-bench.XXXXXX")
if [ -n "${QUICK:-}" ]; then
	: "${DEVICES:=200}" "${TARGETED:=5000}" "${PACED_RATE:=1000}" "${PACED:=3000}" "${BROADCASTS:=5}"
	: "${BIG_DEVICES:=500}" "${BASELINE:=20000}"
fi
DEVICES=${DEVICES:-2000} TARGETED=${TARGETED:-200000} PACED_RATE=${PACED_RATE:-10000} PACED=${PACED:-100000}
BROADCASTS=${BROADCASTS:-20} BIG_DEVICES=${BIG_DEVICES:-10000} BASELINE=${BASELINE:-1000000}
base=${BASE_PORT:-17400}
redis_port=$base
declare -A pids=()
java_opts=(-Xmx1g -XX:+UseParallelGC)

cleanup() {
	for name in "${!pids[@]}"; do
		kill "${pids[$name]}" 2>/dev/null || true
		wait "${pids[$name]}" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

listening() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

await_port() {
	for _ in $(seq 1 600); do
		listening "$1" && return 0
		sleep 0.1
	done
	echo "nothing listens on $1" >&2
	exit 1
}

# CPU time (user + system, in clock ticks) of a process and its threads
ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

start_servers() {
	local transport=$1
	java "${java_opts[@]}" -jar "$jar" push-server $((base + 1)) $((base + 2)) "$redis_port" "$transport" \
		>"$work/a.log" 2>&1 &
	pids[a]=$!
	java "${java_opts[@]}" -jar "$jar" push-server $((base + 3)) $((base + 4)) "$redis_port" "$transport" \
		>"$work/b.log" 2>&1 &
	pids[b]=$!
	await_port $((base + 2))
	await_port $((base + 4))
	sleep 2 # heartbeats: the subscriptions are up
}

stop_servers() {
	for name in a b; do
		kill "${pids[$name]}" 2>/dev/null || true
		wait "${pids[$name]}" 2>/dev/null || true
		unset "pids[$name]"
	done
}

# run_load <pushes> <load args...>: the load generator, with the CPU per push of every process
run_load() {
	local pushes=$1
	shift
	local before_a before_b before_r
	before_a=$(ticks "${pids[a]}")
	before_b=$(ticks "${pids[b]}")
	before_r=$(ticks "${pids[redis]}")
	java "${java_opts[@]}" -jar "$jar" push-load $((base + 1)) $((base + 3)) $((base + 2)) "$@" \
		>"$work/load.log" 2>&1 &
	local load=$!
	local load_ticks=0
	while kill -0 "$load" 2>/dev/null; do
		load_ticks=$(ticks "$load" 2>/dev/null || echo "$load_ticks")
		sleep 0.2
	done
	wait "$load" || { cat "$work/load.log"; return 1; }
	local hz
	hz=$(getconf CLK_TCK)
	grep RESULT "$work/load.log" | tr '\n' '\t'
	awk -v a=$(($(ticks "${pids[a]}") - before_a)) -v b=$(($(ticks "${pids[b]}") - before_b)) \
		-v r=$(($(ticks "${pids[redis]}") - before_r)) -v l="$load_ticks" -v n="$pushes" -v hz="$hz" \
		'BEGIN { printf "cpu-us/push\tA\t%.1f\tB\t%.1f\tredis\t%.1f\tload\t%.1f\n", a*1e6/hz/n, b*1e6/hz/n, r*1e6/hz/n, l*1e6/hz/n }'
}

if [ -z "${SKIP_BUILD:-}" ] || [ ! -f "$jar" ]; then
	(cd "$root" && ./mvnw -B -q -DskipTests -pl benchmarks -am package)
fi
command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)"; exit 1; }

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids[redis]=$!
await_port "$redis_port"

echo "== baseline: bare Redis PUBLISH -> SUBSCRIBE, 60-byte payload (a push envelope with a short frame)"
java "${java_opts[@]}" -jar "$jar" redis-pubsub "$redis_port" "$BASELINE" 60 | grep RESULT

start_servers redis
echo "== targeted pushes through Redis, $DEVICES devices over 2 instances, unpaced"
run_load "$TARGETED" "$DEVICES" targeted "$TARGETED" 0
echo "== targeted pushes through Redis, paced at $PACED_RATE/s"
run_load "$PACED" "$DEVICES" targeted "$PACED" "$PACED_RATE"
echo "== broadcast to one group of $DEVICES devices over 2 instances ($BROADCASTS pushes, 200 ms apart)"
run_load $((BROADCASTS * DEVICES)) "$DEVICES" broadcast "$BROADCASTS" 200
echo "== broadcast to one group of $BIG_DEVICES devices over 2 instances"
run_load $((BROADCASTS * BIG_DEVICES)) "$BIG_DEVICES" broadcast "$BROADCASTS" 200
stop_servers

start_servers local
echo "== local transport: push to a group of one against a direct writeBytes"
run_load 200000 1 direct 100000
stop_servers
