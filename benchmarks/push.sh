#!/usr/bin/env bash
# Push benchmark (issue 21's targets): a redis-server, two push-server instances (A and B,
# tcp.push.transport=redis), and the push-load generator with devices spread over both; pushes originate
# in instance A, from SENDERS threads. In the same run:
#   - baseline: a bare Redis PUBLISH->SUBSCRIBE loop in raw RESP (1 subscriber, and 2 as the instances);
#   - targeted pushes to DEVICES devices, unpaced (pushes/s, lost) after a warm-up;
#   - targeted pushes paced at PACED_RATE/s (p50/p99 from sendToGroup to the device's read);
#   - broadcasts to DEVICES and BIG_DEVICES devices (median and max of the last delivery, over BROADCASTS);
#   - on the local transport, a push to a group of one against a direct writeBytes (caller time, CPU).
# Every test prints a CPU line: the CPU time per push (per frame delivered for a broadcast) of instance A,
# instance B, redis-server and the load generator, measured over the test only (/proc/<pid>/stat), and the
# load generator's busy share of one core. The end prints a summary table against the targets.
#
#   flock /tmp/tcp-scenario.lock bash benchmarks/push.sh          full run (several minutes; quiet machine)
#   QUICK=1 flock /tmp/tcp-scenario.lock bash benchmarks/push.sh  smoke run: small counts, no figures
#
# Environment (defaults in brackets): DEVICES [2000] BIG_DEVICES [10000] TARGETED [400000] WARMUP [300000]
#   (the JIT still compiled the push path after 100 000 pushes: -XX:+PrintCompilation, C2 threads a fifth of
#   the servers' CPU during the targeted test)
#   SENDERS [4] PACED_RATE [10000] PACED [100000] BROADCASTS [20] BROADCAST_INTERVAL [200] (ms)
#   DIRECT [500000] BASELINE [1000000] PAYLOAD [64] (baseline message bytes, about an envelope's)
#   READERS [2] (load generator threads reading devices) JAVA [java] (e.g. a JDK 25 for virtual threads)
#   SERVER_ARGS (extra Spring Boot arguments of both instances, e.g. --tcp.listeners.devices.transport=nio)
#   SKIP_BUILD=1 (use the existing jar) BASE_PORT [17400] RESULTS (keep the RESULT/CPU lines in this file)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
jar="$here/target/tcp-benchmarks.jar"
work=$(mktemp -d "${TMPDIR:-/tmp}/push-bench.XXXXXX")
if [ -n "${QUICK:-}" ]; then
	: "${DEVICES:=200}" "${BIG_DEVICES:=1000}" "${TARGETED:=10000}" "${WARMUP:=5000}" "${PACED_RATE:=2000}"
	: "${PACED:=4000}" "${BROADCASTS:=5}" "${DIRECT:=20000}" "${BASELINE:=50000}"
fi
DEVICES=${DEVICES:-2000} BIG_DEVICES=${BIG_DEVICES:-10000} TARGETED=${TARGETED:-400000} WARMUP=${WARMUP:-300000}
SENDERS=${SENDERS:-4} PACED_RATE=${PACED_RATE:-10000} PACED=${PACED:-100000} BROADCASTS=${BROADCASTS:-20}
BROADCAST_INTERVAL=${BROADCAST_INTERVAL:-200} DIRECT=${DIRECT:-500000} BASELINE=${BASELINE:-1000000}
PAYLOAD=${PAYLOAD:-64}
export PUSH_READERS=${READERS:-2}
JAVA=${JAVA:-java}
base=${BASE_PORT:-17400}
redis_port=$base
results=${RESULTS:-$work/results.tsv}
declare -A pids=()
java_opts=(-Xmx1g -XX:+UseParallelGC)
read -r -a server_args <<<"${SERVER_ARGS:-}"

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
		kill -0 "$2" 2>/dev/null || { echo "process $2 exited before listening on $1" >&2; return 1; }
		sleep 0.1
	done
	echo "nothing listens on $1" >&2
	return 1
}

start_servers() {
	local transport=$1
	"$JAVA" "${java_opts[@]}" -jar "$jar" push-server $((base + 1)) $((base + 2)) "$redis_port" "$transport" \
		"${server_args[@]}" >"$work/a.log" 2>&1 &
	pids[a]=$!
	"$JAVA" "${java_opts[@]}" -jar "$jar" push-server $((base + 3)) $((base + 4)) "$redis_port" "$transport" \
		"${server_args[@]}" >"$work/b.log" 2>&1 &
	pids[b]=$!
	# the listeners open after the push channel subscribed (lifecycle phases)
	await_port $((base + 2)) "${pids[a]}" || { cat "$work/a.log"; exit 1; }
	await_port $((base + 4)) "${pids[b]}" || { cat "$work/b.log"; exit 1; }
	await_port $((base + 1)) "${pids[a]}"
	await_port $((base + 3)) "${pids[b]}"
}

stop_servers() {
	for name in a b; do
		kill "${pids[$name]}" 2>/dev/null || true
		wait "${pids[$name]}" 2>/dev/null || true
		unset "pids[$name]"
	done
}

# load <label> <devices> <test args...>: one run of the load generator, its RESULT and CPU lines kept
load() {
	local label=$1
	shift
	if ! PUSH_PIDS="A:${pids[a]},B:${pids[b]},redis:${pids[redis]}" "$JAVA" "${java_opts[@]}" -jar "$jar" \
		push-load $((base + 1)) $((base + 3)) $((base + 2)) "$@" >"$work/load.log" 2>&1; then
		cat "$work/load.log"
		return 1
	fi
	if [ "$label" != warmup ]; then
		grep -v '^RESULT\|^CPU' "$work/load.log" | grep -v '^\s*$' | sed 's/^/  /' || true
		grep '^RESULT\|^CPU' "$work/load.log" | tee -a "$results" | sed "s/^/$label\t/" | sed 's/^/  /'
		grep '^RESULT\|^CPU' "$work/load.log" | sed "s/^/$label\t/" >>"$work/labelled.tsv"
	fi
}

if [ -z "${SKIP_BUILD:-}" ] || [ ! -f "$jar" ]; then
	(cd "$root" && ./mvnw -B -q -DskipTests -pl benchmarks -am package)
fi
command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)"; exit 1; }
# 10 000 devices: the load generator holds them all, each instance half
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export PUSH_CLK_TCK
PUSH_CLK_TCK=$(getconf CLK_TCK)
: >"$work/labelled.tsv"

echo "push benchmark: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "  DEVICES=$DEVICES BIG_DEVICES=$BIG_DEVICES TARGETED=$TARGETED SENDERS=$SENDERS PACED_RATE=$PACED_RATE" \
	"PACED=$PACED BROADCASTS=$BROADCASTS READERS=$PUSH_READERS SERVER_ARGS=${SERVER_ARGS:-}"

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids[redis]=$!
await_port "$redis_port" "${pids[redis]}"

for subscribers in 1 2; do
	echo "== baseline: bare Redis PUBLISH -> SUBSCRIBE, $PAYLOAD-byte messages, $subscribers subscriber(s)"
	PUSH_PIDS="redis:${pids[redis]}" "$JAVA" "${java_opts[@]}" -jar "$jar" redis-pubsub "$redis_port" "$BASELINE" \
		"$PAYLOAD" "$subscribers" | grep '^RESULT\|^CPU' | tee -a "$results" | sed "s/^/baseline-$subscribers\t/" \
		| tee -a "$work/labelled.tsv" | cut -f2- | sed 's/^/  /'
done

start_servers redis
echo "== warm-up: $WARMUP targeted pushes (not reported)"
load warmup "$DEVICES" targeted "$WARMUP" 0 "$SENDERS"
echo "== targeted pushes through Redis, $DEVICES devices over 2 instances, $SENDERS sender threads, unpaced"
load targeted "$DEVICES" targeted "$TARGETED" 0 "$SENDERS"
echo "== targeted pushes through Redis, paced at $PACED_RATE/s"
load paced "$DEVICES" targeted "$PACED" "$PACED_RATE" "$SENDERS"
echo "== broadcast to one group of $DEVICES devices over 2 instances ($BROADCASTS pushes, ${BROADCAST_INTERVAL} ms apart)"
load broadcast "$DEVICES" broadcast "$BROADCASTS" "$BROADCAST_INTERVAL"
echo "== broadcast to one group of $BIG_DEVICES devices over 2 instances"
load broadcast-big "$BIG_DEVICES" broadcast "$BROADCASTS" "$BROADCAST_INTERVAL"
stop_servers

start_servers local
echo "== local transport: push to a group of one against a direct writeBytes ($DIRECT each)"
load direct 1 direct "$DIRECT"
stop_servers

# summary: the issue's figures from the labelled lines (label, RESULT|CPU, test, ...)
echo
echo "== summary (issue 21 targets; CPU in us per push, per frame delivered for broadcasts)"
awk -F'\t' -v devices="$DEVICES" -v big="$BIG_DEVICES" -v rate="$PACED_RATE" '
	function cpu(label) { return (label in cpus) ? cpus[label] : "" }
	$2 == "CPU" { line = ""; for (i = 5; i + 1 <= NF; i += 2) { if ($i == "load-busy") { line = line sprintf(" load-busy %s", $(i+1)) } else { line = line sprintf(" %s %s", $i, $(i+1)) } } cpus[$1] = line }
	$2 == "RESULT" && $1 == "baseline-1" { base1 = $4 }
	$2 == "RESULT" && $1 == "baseline-2" { base2 = $4 }
	$2 == "RESULT" && $1 == "targeted" { tr = $4; tl = $7; tf = $9 }
	$2 == "RESULT" && $1 == "paced" { p50 = $11; p99 = $14; pl = $7 }
	$2 == "RESULT" && $1 == "broadcast" { b1 = $7; b1max = $10; b1l = $13 }
	$2 == "RESULT" && $1 == "broadcast-big" { b2 = $7; b2max = $10; b2l = $13 }
	$2 == "RESULT" && $1 == "direct" && $3 == "direct" { dr = $10 }
	$2 == "RESULT" && $1 == "direct" && $3 == "direct-cpu" { dc = $10 }
	END {
		print "| figure | measured | target | CPU per push (us) |"
		print "|---|---:|---|---|"
		printf "| bare Redis PUBLISH->SUBSCRIBE, 1 / 2 subscribers | %s / %s msg/s | (Socket.IO run: ~228 000) | 1: %s; 2: %s |\n", base1, base2, cpu("baseline-1"), cpu("baseline-2")
		printf "| targeted, %s devices on 2 instances, unpaced | %s pushes/s, %s lost, %s failed | >= 50 000/s, 0 lost | %s |\n", devices, tr, tl, tf, cpu("targeted")
		printf "| targeted, paced at %s/s: p50 / p99 sendToGroup -> read | %s / %s ms (%s lost) | p99 <= 5 ms | %s |\n", rate, p50, p99, pl, cpu("paced")
		printf "| broadcast to %s: last delivery, median (max) | %s ms (%s), %s lost | <= 50 ms | %s |\n", devices, b1, b1max, b1l, cpu("broadcast")
		printf "| broadcast to %s: last delivery, median (max) | %s ms (%s), %s lost | <= 150 ms | %s |\n", big, b2, b2max, b2l, cpu("broadcast-big")
		printf "| local push to a group of one / direct writeBytes | %s (caller time), %s (CPU of A) | <= 2x | |\n", dr, dc
	}' "$work/labelled.tsv"
