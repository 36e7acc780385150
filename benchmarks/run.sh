#!/usr/bin/env bash
# Benchmarks the starter against raw Spring Integration and raw Netty on loopback, and prints a Markdown table.
#
#   bash benchmarks/run.sh                   # full run (about 20 minutes on 2 cores)
#   QUICK=1 bash benchmarks/run.sh           # smoke run: small request counts (about 8 minutes)
#   bash benchmarks/run.sh --append-readme   # also append machine description and table to benchmarks/README.md
#   SCENARIOS="" bash benchmarks/run.sh      # client benchmarks only (TcpClient vs Lettuce on redis-server)
#
# Environment (all optional):
#   QUICK=1              small request counts (and a shorter warm-up)
#   REPEATS=3            measured rounds; every round runs all variants of a test one after another (A B C A B C ...)
#   SCENARIOS="resp-c50-p1 resp-c50-p16 resp-c1000-p1 echo-64 echo-16k"
#   RESP_TESTS="ping_inline ping_mbulk set get"     redis-benchmark -t tests, each run (and CPU-measured) separately
#   RESP_VARIANTS="netty-resp si-net-resp si-nio-resp starter-resp starter-metrics-resp starter-nio-resp netty-resp@jdk25 starter-resp@jdk25vt"
#   ECHO_VARIANTS="netty-echo si-net-echo si-nio-echo starter-echo starter-nio-echo netty-echo@jdk25 starter-echo@jdk25vt"
#                        a variant runs on the default java (JDK 17); <variant>@jdk25 on $JDK25 with platform threads,
#                        <variant>@jdk25vt on $JDK25 with spring.threads.virtual.enabled=true,
#                        <variant>@base on the default java from $BASE_JAR (before/after a change in one run)
#   BASE_JAR             the tcp-benchmarks.jar of another commit, for the @base variants, e.g. built in a worktree:
#                        git worktree add /tmp/base <commit> && (cd /tmp/base && ./mvnw -q -DskipTests -pl benchmarks -am package)
#   JDK25=/usr/lib/jvm/temurin-25-jdk-amd64      the JDK of the @jdk25 variants (skipped when missing)
#   N_C50_P1, N_C50_P16, N_C1000_P1              redis-benchmark -n per test
#   ECHO_CONNECTIONS=50 ECHO_INFLIGHT=4 ECHO_THREADS=2 ECHO_N_64, ECHO_N_16K   load-echo parameters
#   WARMUP=1             one unmeasured round per variant before the measured rounds (0 to skip)
#   SKIP_BUILD=1         use the existing benchmarks/target/tcp-benchmarks.jar
#   APPEND_README=1      same as --append-readme
#   BASE_PORT=17300      servers listen on 127.0.0.1:BASE_PORT+i
#   SERVER_HEAP=1g       -Xmx of every server
#   SERVER_JAVA_OPTS="-XX:+ExitOnOutOfMemoryError"   a server out of heap exits, is reported as "died" and restarted
#   CLIENT_JAVA_OPTS     extra JVM options of the load-echo client
#   RUN_TIMEOUT=60       seconds before one client run is abandoned (30 with QUICK=1)
#   OUT_DIR=benchmarks/target/bench-<timestamp>     raw results (results.tsv), server logs
#   CLIENT_SCENARIOS="client-pipelined client-sync"   client benchmarks: GETs of one key against a real redis-server
#                        that the script starts on a free port (REDIS_SERVER=/usr/bin/redis-server); "" to skip
#   CLIENT_VARIANTS="starter-client lettuce-client"   the starter's TcpClient (RESP codec, 1 connection) and Lettuce
#   CLIENT_N_PIPELINED=100000 CLIENT_DEPTH=64 CLIENT_N_SYNC=20000   requests per run, requests in flight (pipelined)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

APPEND_README=${APPEND_README:-0}
for arg in "$@"; do
	case "$arg" in
		--append-readme) APPEND_README=1 ;;
		-h|--help) sed -n '2,25p' "$0"; exit 0 ;;
		*) echo "unknown argument: $arg" >&2; exit 1 ;;
	esac
done

QUICK=${QUICK:-0}
if [[ "$QUICK" == 1 ]]; then
	N_C50_P1=${N_C50_P1:-20000}
	N_C50_P16=${N_C50_P16:-50000}
	N_C1000_P1=${N_C1000_P1:-20000}
	ECHO_N_64=${ECHO_N_64:-20000}
	ECHO_N_16K=${ECHO_N_16K:-5000}
	WARMUP_SCALE=${WARMUP_SCALE:-1}
else
	N_C50_P1=${N_C50_P1:-100000}
	N_C50_P16=${N_C50_P16:-200000}
	N_C1000_P1=${N_C1000_P1:-100000}
	ECHO_N_64=${ECHO_N_64:-100000}
	ECHO_N_16K=${ECHO_N_16K:-20000}
	WARMUP_SCALE=${WARMUP_SCALE:-3}
fi
REPEATS=${REPEATS:-3}
SCENARIOS=${SCENARIOS-"resp-c50-p1 resp-c50-p16 resp-c1000-p1 echo-64 echo-16k"}
CLIENT_SCENARIOS=${CLIENT_SCENARIOS-"client-pipelined client-sync"}
CLIENT_VARIANTS=${CLIENT_VARIANTS:-"starter-client lettuce-client"}
CLIENT_DEPTH=${CLIENT_DEPTH:-64}
if [[ "$QUICK" == 1 ]]; then
	CLIENT_N_PIPELINED=${CLIENT_N_PIPELINED:-20000}
	CLIENT_N_SYNC=${CLIENT_N_SYNC:-5000}
else
	CLIENT_N_PIPELINED=${CLIENT_N_PIPELINED:-100000}
	CLIENT_N_SYNC=${CLIENT_N_SYNC:-20000}
fi
REDIS_SERVER=${REDIS_SERVER:-/usr/bin/redis-server}
RESP_TESTS=${RESP_TESTS:-"ping_inline ping_mbulk set get"}
JDK25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25* 2> /dev/null | head -n 1 || true)}
RESP_VARIANTS=${RESP_VARIANTS:-"netty-resp si-net-resp si-nio-resp starter-resp starter-metrics-resp starter-nio-resp netty-resp@jdk25 starter-resp@jdk25vt"}
ECHO_VARIANTS=${ECHO_VARIANTS:-"netty-echo si-net-echo si-nio-echo starter-echo starter-nio-echo netty-echo@jdk25 starter-echo@jdk25vt"}
if [[ -z "$JDK25" || ! -x "$JDK25/bin/java" ]]; then
	# no JDK 25 on this machine: drop the @jdk25 variants
	RESP_VARIANTS=$(tr ' ' '\n' <<< "$RESP_VARIANTS" | grep -v '@' | tr '\n' ' ')
	ECHO_VARIANTS=$(tr ' ' '\n' <<< "$ECHO_VARIANTS" | grep -v '@' | tr '\n' ' ')
fi
ECHO_CONNECTIONS=${ECHO_CONNECTIONS:-50}
ECHO_INFLIGHT=${ECHO_INFLIGHT:-4}
# two client threads: one would be the bottleneck at 16 KiB, and ratios would follow its cost
ECHO_THREADS=${ECHO_THREADS:-2}
WARMUP=${WARMUP:-1}
BASE_PORT=${BASE_PORT:-17300}
SERVER_HEAP=${SERVER_HEAP:-1g}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--XX:+ExitOnOutOfMemoryError}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:-}
RUN_TIMEOUT=${RUN_TIMEOUT:-$([[ "$QUICK" == 1 ]] && echo 30 || echo 60)}
OUT_DIR=${OUT_DIR:-benchmarks/target/bench-$(date +%Y%m%d-%H%M%S)}
JAR=benchmarks/target/tcp-benchmarks.jar
HOST=127.0.0.1
CLK_TCK=$(getconf CLK_TCK)

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------- build and tools
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
	if grep -q '<module>benchmarks</module>' pom.xml; then
		log "building: ./mvnw -B -q -DskipTests -pl benchmarks -am package"
		./mvnw -B -q -DskipTests -pl benchmarks -am package >&2
	else
		# benchmarks/ not yet in the root modules: build it alone against the installed starter
		log "building: ./mvnw -B -q -DskipTests -f benchmarks/pom.xml package"
		./mvnw -B -q -DskipTests -f benchmarks/pom.xml package >&2
	fi
fi
[[ -f "$JAR" ]] || { echo "missing $JAR" >&2; exit 1; }

if ! command -v redis-benchmark > /dev/null; then
	log "installing redis-tools (redis-benchmark)"
	if [[ $(id -u) == 0 ]]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-tools > /dev/null
	else
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-tools > /dev/null
	fi
fi
ulimit -n 20000 2> /dev/null || ulimit -n "$(ulimit -Hn)" 2> /dev/null || true

mkdir -p "$OUT_DIR"
RESULTS="$OUT_DIR/results.tsv"
printf '# repeat\tscenario\ttest\tvariant\trps\tmbps\tp50_us\tp99_us\tcpu_us_per_req\tstatus\n' > "$RESULTS"

# ---------------------------------------------------------------- servers
declare -A PID PORT
ALL_VARIANTS=()
wants_resp=0; wants_echo=0
for s in $SCENARIOS; do
	case "$s" in
		resp-*) wants_resp=1 ;;
		echo-*) wants_echo=1 ;;
		*) echo "unknown scenario: $s" >&2; exit 1 ;;
	esac
done
[[ $wants_resp == 1 ]] && ALL_VARIANTS+=($RESP_VARIANTS)
[[ $wants_echo == 1 ]] && ALL_VARIANTS+=($ECHO_VARIANTS)

cleanup() {
	local v
	[[ -n "${REDIS_PID:-}" ]] && kill "$REDIS_PID" 2> /dev/null || true
	for v in "${!PID[@]}"; do
		kill "${PID[$v]}" 2> /dev/null || true
	done
	for v in "${!PID[@]}"; do
		for _ in $(seq 1 50); do
			kill -0 "${PID[$v]}" 2> /dev/null || break
			sleep 0.1
		done
		kill -9 "${PID[$v]}" 2> /dev/null || true
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() {
	local v=$1 java=java opts="" jar="$JAR"
	case "$v" in
		*@base) jar="${BASE_JAR:?BASE_JAR is needed for the @base variants}" ;;
		*@jdk25vt) java="$JDK25/bin/java"; opts="-Dspring.threads.virtual.enabled=true" ;;
		*@jdk25) java="$JDK25/bin/java" ;;
	esac
	# shellcheck disable=SC2086
	"$java" -Xmx"$SERVER_HEAP" $SERVER_JAVA_OPTS $opts -jar "$jar" "${v%@*}" "${PORT[$v]}" >> "$OUT_DIR/$v.log" 2>&1 &
	PID[$v]=$!
}

wait_for_port() {
	local v=$1
	for _ in $(seq 1 120); do
		if ! kill -0 "${PID[$v]}" 2> /dev/null; then
			log "$v exited during startup; last log lines:"; tail -20 "$OUT_DIR/$v.log" >&2
			return 1
		fi
		if (exec 3<> "/dev/tcp/$HOST/${PORT[$v]}") 2> /dev/null; then
			return 0
		fi
		sleep 0.5
	done
	log "$v did not open port ${PORT[$v]} within 60 s"
	return 1
}

i=0
for v in "${ALL_VARIANTS[@]}"; do
	PORT[$v]=$((BASE_PORT + i)); i=$((i + 1))
	start_server "$v"
done
declare -A DOWN
UP=()
for v in "${ALL_VARIANTS[@]}"; do
	if wait_for_port "$v"; then
		UP+=("$v")
	else
		kill "${PID[$v]}" 2> /dev/null || true
		DOWN[$v]=1
	fi
done
log "servers up: ${UP[*]:-none}"

is_up() { [[ -n "${PID[$1]:-}" ]] && kill -0 "${PID[$1]}" 2> /dev/null; }

cpu_ticks() { # utime + stime of a process, in clock ticks
	local stat
	stat=$(cat "/proc/$1/stat" 2> /dev/null) || { echo 0; return; }
	stat=${stat##*) }
	awk '{ print $12 + $13 }' <<< "$stat"
}

# ---------------------------------------------------------------- one measurement
# prints: rps mbps p50_us p99_us requests status
client_run() {
	local scenario=$1 test=$2 port=$3 scale=$4 out n rc
	case "$scenario" in
		resp-*)
			local c p
			case "$scenario" in
				resp-c50-p1) c=50; p=1; n=$N_C50_P1 ;;
				resp-c50-p16) c=50; p=16; n=$N_C50_P16 ;;
				resp-c1000-p1) c=1000; p=1; n=$N_C1000_P1 ;;
				*) echo "unknown scenario $scenario" >&2; return 1 ;;
			esac
			n=$((n / scale)); ((n >= c)) || n=$c
			if out=$(timeout "$RUN_TIMEOUT" redis-benchmark -h "$HOST" -p "$port" -t "$test" -c "$c" -P "$p" -n "$n" -q --csv 2>> "$OUT_DIR/redis-benchmark.log"); then
				# "GET","123.45","avg","min","p50","p95","p99","max" (latencies in ms)
				awk -F',' -v n="$n" 'NR > 0 { gsub(/"/, ""); if ($1 != "test" && $2 != "") { printf "%s - %.0f %.0f %d ok\n", $2, $5 * 1000, $7 * 1000, n; found = 1; exit } }
					END { if (!found) print "- - - - " n " fail" }' <<< "$out"
			else
				rc=$?
				echo "- - - - $n $( ((rc == 124)) && echo timeout || echo fail)"
			fi
			;;
		echo-*)
			local size total warm
			case "$scenario" in
				echo-64) size=64; total=$ECHO_N_64 ;;
				echo-16k) size=16384; total=$ECHO_N_16K ;;
				*) echo "unknown scenario $scenario" >&2; return 1 ;;
			esac
			total=$((total / scale)); ((total >= ECHO_CONNECTIONS)) || total=$ECHO_CONNECTIONS
			warm=$((total / 10)); ((warm >= ECHO_CONNECTIONS)) || warm=0
			n=$((total + warm))
			# shellcheck disable=SC2086
			if out=$(timeout "$RUN_TIMEOUT" java $CLIENT_JAVA_OPTS -jar "$JAR" load-echo "$HOST" "$port" "$ECHO_CONNECTIONS" "$ECHO_INFLIGHT" "$size" "$total" "$ECHO_THREADS" "$warm" 2>> "$OUT_DIR/load-echo.log"); then
				awk -F',' -v n="$n" '{ printf "%s %s %s %s %d ok\n", $1, $2, $3, $4, n }' <<< "$out"
			else
				rc=$?
				echo "- - - - $n $( ((rc == 124)) && echo timeout || echo fail)"
			fi
			;;
	esac
}

declare -A DIED_IN # scenario/variant -> 1 once the server died in that scenario: later runs there are skipped
measure() { # repeat scenario test variant scale
	local repeat=$1 scenario=$2 test=$3 v=$4 scale=$5 before after rps mbps p50 p99 n status cpu
	if [[ -n "${DIED_IN[$scenario/$v]:-}" ]]; then
		[[ "$repeat" == warmup ]] || printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\tskipped\n' "$repeat" "$scenario" "$test" "$v" >> "$RESULTS"
		return 0
	fi
	if ! is_up "$v"; then
		if [[ -z "${DOWN[$v]:-}" ]]; then
			log "$v is not running; restarting it"
			start_server "$v"
			wait_for_port "$v" || DOWN[$v]=1
		fi
		if [[ -n "${DOWN[$v]:-}" ]]; then
			[[ "$repeat" == warmup ]] || printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\tdown\n' "$repeat" "$scenario" "$test" "$v" >> "$RESULTS"
			return 0
		fi
	fi
	before=$(cpu_ticks "${PID[$v]}")
	read -r rps mbps p50 p99 n status < <(client_run "$scenario" "$test" "${PORT[$v]}" "$scale")
	after=$(cpu_ticks "${PID[$v]}")
	if ! is_up "$v"; then
		status="died"
		DIED_IN[$scenario/$v]=1
		log "$v died during $scenario $test; last log lines:"; tail -5 "$OUT_DIR/$v.log" >&2
	fi
	cpu=-
	if [[ "$status" == ok ]]; then
		cpu=$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v n="$n" 'BEGIN { printf "%.2f", d / hz * 1e6 / n }')
	fi
	if [[ "$repeat" != warmup ]]; then
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$repeat" "$scenario" "$test" "$v" "$rps" "$mbps" "$p50" "$p99" "$cpu" "$status" >> "$RESULTS"
	fi
	log "$(printf '%-7s %-14s %-12s %-17s %12s req/s %9s MB/s p50 %7s us p99 %8s us cpu %7s us/req %s' "$repeat" "$scenario" "$test" "$v" "$rps" "$mbps" "$p50" "$p99" "$cpu" "$status")"
}

variants_of() { case "$1" in resp-*) echo "$RESP_VARIANTS" ;; echo-*) echo "$ECHO_VARIANTS" ;; esac; }
tests_of() { case "$1" in resp-*) echo "$RESP_TESTS" ;; echo-*) echo "${1#echo-}" ;; esac; }

# ---------------------------------------------------------------- rounds
if [[ "$WARMUP" == 1 ]]; then
	log "warm-up round (not measured)"
	for scenario in $SCENARIOS; do
		# resp-c50-p16 warms up the same code paths as resp-c50-p1 and resp-c1000-p1, with more requests per second
		if [[ "$scenario" == resp-c1000-p1 || ("$scenario" == resp-c50-p1 && " $SCENARIOS " == *" resp-c50-p16 "*) ]]; then
			continue
		fi
		for test in $(tests_of "$scenario"); do
			for v in $(variants_of "$scenario"); do
				measure warmup "$scenario" "$test" "$v" "$WARMUP_SCALE"
			done
		done
	done
fi
for repeat in $(seq 1 "$REPEATS"); do
	for scenario in $SCENARIOS; do
		for test in $(tests_of "$scenario"); do
			for v in $(variants_of "$scenario"); do
				measure "$repeat" "$scenario" "$test" "$v" 1
			done
		done
	done
done

# ---------------------------------------------------------------- client benchmarks (redis-server)
# Interleaved like the server rounds (A B A B ...); the client JVM measures its own CPU. Ratios: starter over Lettuce.
CLIENT_RESULTS="$OUT_DIR/client-results.tsv"
CLIENT_TABLE=""
if [[ -n "$CLIENT_SCENARIOS" ]]; then
	REDIS_PID=""
	for offset in $(seq 200 250); do
		REDIS_PORT=$((BASE_PORT + offset))
		(exec 3<> "/dev/tcp/$HOST/$REDIS_PORT") 2> /dev/null && continue
		"$REDIS_SERVER" --port "$REDIS_PORT" --bind "$HOST" --save '' --appendonly no > "$OUT_DIR/redis-server.log" 2>&1 &
		REDIS_PID=$!
		for _ in $(seq 1 50); do
			(exec 3<> "/dev/tcp/$HOST/$REDIS_PORT") 2> /dev/null && break 2
			kill -0 "$REDIS_PID" 2> /dev/null || break
			sleep 0.1
		done
		REDIS_PID=""
	done
	[[ -n "$REDIS_PID" ]] || { echo "could not start $REDIS_SERVER" >&2; exit 1; }
	log "redis-server on port $REDIS_PORT"
	printf '# repeat\tscenario\tvariant\trps\tp50_us\tp99_us\tcpu_us_per_req\tstatus\n' > "$CLIENT_RESULTS"
	client_bench() { # repeat scenario variant
		local repeat=$1 scenario=$2 v=$3 mode n out rps p50 p99 cpu status=ok
		mode=${scenario#client-}
		n=$([[ "$mode" == pipelined ]] && echo "$CLIENT_N_PIPELINED" || echo "$CLIENT_N_SYNC")
		# shellcheck disable=SC2086
		if out=$(timeout "$RUN_TIMEOUT" java $CLIENT_JAVA_OPTS -jar "$JAR" client-bench "${v%-client}" "$mode" "$REDIS_PORT" "$n" "$CLIENT_DEPTH" $((n / 5)) 2>> "$OUT_DIR/client-bench.log" | sed -n 's/^RESULT //p') && [[ -n "$out" ]]; then
			IFS=',' read -r rps _ p50 p99 cpu <<< "$out"
		else
			rps=-; p50=-; p99=-; cpu=-; status=fail
		fi
		[[ "$repeat" == warmup ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$repeat" "$scenario" "$v" "$rps" "$p50" "$p99" "$cpu" "$status" >> "$CLIENT_RESULTS"
		log "$(printf '%-7s %-17s %-15s %12s req/s p50 %7s us p99 %8s us cpu %7s us/req %s' "$repeat" "$scenario" "$v" "$rps" "$p50" "$p99" "$cpu" "$status")"
	}
	if [[ "$WARMUP" == 1 ]]; then
		for scenario in $CLIENT_SCENARIOS; do
			for v in $CLIENT_VARIANTS; do client_bench warmup "$scenario" "$v"; done
		done
	fi
	for repeat in $(seq 1 "$REPEATS"); do
		for scenario in $CLIENT_SCENARIOS; do
			for v in $CLIENT_VARIANTS; do client_bench "$repeat" "$scenario" "$v"; done
		done
	done
	# median per scenario and variant, and the starter's ratio to Lettuce
	CLIENT_TABLE=$(awk -F'\t' '
		function median(list,   n, a, i, j, t) {
			n = split(list, a, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			return (n == 0) ? "-" : ((n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
		}
		/^#/ || $8 != "ok" { next }
		{ key = $2 SUBSEP $3; rps[key] = rps[key] " " $4; p50[key] = p50[key] " " $5; p99[key] = p99[key] " " $6; cpu[key] = cpu[key] " " $7
		  if (!(($2) in seen)) { seen[$2] = 1; order[++ns] = $2 } if (!(($3) in vseen)) { vseen[$3] = 1; vorder[++nv] = $3 } }
		END {
			print "| client scenario | variant | req/s (median) | ÷ Lettuce | p50 µs | p99 µs | client CPU µs/req |"
			print "|---|---|---:|---:|---:|---:|---:|"
			for (i = 1; i <= ns; i++) {
				base = median(rps[order[i] SUBSEP "lettuce-client"])
				for (j = 1; j <= nv; j++) {
					key = order[i] SUBSEP vorder[j]; if (!(key in rps)) continue
					m = median(rps[key]); ratio = (base == "-" || base == 0) ? "-" : sprintf("%.2f", m / base)
					printf "| %s | %s | %.0f | %s | %s | %s | %s |\n", order[i], vorder[j], m, ratio, median(p50[key]), median(p99[key]), median(cpu[key])
				}
			}
		}' "$CLIENT_RESULTS")
	kill "$REDIS_PID" 2> /dev/null || true
	REDIS_PID=""
fi

# ---------------------------------------------------------------- report
machine() {
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')$([[ "$QUICK" == 1 ]] && echo ' (QUICK=1 smoke run: small counts, numbers are indicative only)')"
	echo "- CPU: $(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) online CPUs; memory $(free -g | awk '/^Mem:/ { print $2 }') GiB; kernel $(uname -r)"
	echo "- OS: $(. /etc/os-release 2> /dev/null && echo "$PRETTY_NAME")"
	echo "- Java: $(java -version 2>&1 | sed -n 2p) for plain variants; $([[ -n "$JDK25" ]] && "$JDK25/bin/java" -version 2>&1 | sed -n 2p) for @jdk25 (platform threads) and @jdk25vt (virtual threads, spring.threads.virtual.enabled=true) variants"
	echo "- redis-benchmark: $(redis-benchmark --version 2> /dev/null | head -1)"
	echo "- Netty 4.2.18.Final ($(grep -ho '(epoll)\|(nio)' "$OUT_DIR"/netty-*.log 2> /dev/null | head -1 | tr -d '()' || echo '?') transport); Spring Integration 7.0.5; Spring Boot 4.0.7; servers -Xmx$SERVER_HEAP, all on 127.0.0.1, client and servers share the CPUs"
	echo "- Parameters: $REPEATS measured rounds (median shown) after $([[ "$WARMUP" == 1 ]] && echo 'one warm-up round' || echo 'no warm-up'); redis-benchmark -n $N_C50_P1 (c50 P1), $N_C50_P16 (c50 P16), $N_C1000_P1 (c1000 P1) per test; load-echo $ECHO_CONNECTIONS connections x $ECHO_INFLIGHT in flight, $ECHO_N_64 x 64 B, $ECHO_N_16K x 16 KiB"
	echo "- CPU µs/req: server utime+stime delta from /proc/<pid>/stat over the whole client run (connection setup and the client's warm-up included) divided by the requests sent"
	echo "- ÷ Netty / ÷ raw SI: median req/s over that of netty-* / of si-net-* (si-nio-* for nio variants) on the same JDK in this run"
	echo "- load-echo: $ECHO_THREADS client threads"
}
TABLE=""
if [[ -n "$SCENARIOS" ]]; then
	TABLE=$(java -jar "$JAR" report "$RESULTS")
fi
if [[ -n "$CLIENT_TABLE" ]]; then
	TABLE="$TABLE

Client: GETs of one 64-byte value on one connection to redis-server $("$REDIS_SERVER" --version | awk '{ print $3 }'); pipelined: $CLIENT_N_PIPELINED requests, $CLIENT_DEPTH in flight (starter: requestAsync; Lettuce 6.8 async, auto-flush); sync: $CLIENT_N_SYNC blocking requests at concurrency 1 (starter: request; Lettuce: sync).

$CLIENT_TABLE"
fi
REPORT="$(machine)

$TABLE"
echo "$REPORT"
log "raw results: $RESULTS"
if [[ "$APPEND_README" == 1 ]]; then
	printf '\n### Run of %s%s\n\n%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$([[ "$QUICK" == 1 ]] && echo ' (QUICK)')" "$REPORT" >> benchmarks/README.md
	log "appended to benchmarks/README.md"
fi
