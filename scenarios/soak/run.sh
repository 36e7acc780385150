#!/usr/bin/env bash
# Soak and scale run of the sample app's echo listener (raw framing), on 127.0.0.1 only.
# For each configuration: baseline, N idle connections held (heap per idle connection), then M
# connect/exchange/close cycles, after which open fds and threads must return to the baseline
# and tcp.server.connections.active must read 0. Prints one Markdown table per configuration.
#
#   bash scenarios/soak/run.sh             # 10 000 idle connections, 100 000 cycles (5 to 10 minutes on 2 cores)
#   QUICK=1 bash scenarios/soak/run.sh     # 1 000 idle connections, 10 000 cycles (3 to 6 minutes)
#
# Environment (all optional):
#   CONFIGS="net-platform net-virtual nio"   net-virtual needs JDK 21+ (JDK25) and is skipped without one
#   CONNECTIONS, CYCLES, CONCURRENCY=32      defaults 10000 / 100000 (1000 / 10000 with QUICK=1)
#   JDK17=/usr/lib/jvm/java-17-openjdk-amd64 JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
#   SERVER_HEAP=512m                         -Xmx of the server
#   HEAP_TARGET_KIB=20                       heap per idle connection allowed
#   FD_TOLERANCE=2 THREAD_TOLERANCE=2 HEAP_TOLERANCE_MIB=2   how far above the baseline "back to baseline" may be
#   SETTLE_SECONDS=120                       how long fds and threads may take to come back (idle pool threads live 60 to 90 s)
#   PROBE_SECONDS=15                         how long a probe connection measures round trips while the idle connections close
#   SKIP_BUILD=1                             never build, use sample-app/target/sample-app-*.jar as it is
#   OUT_DIR=scenarios/soak/target/soak-<timestamp>   server logs, class histograms, client output
# Exits 1 if any check fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

QUICK=${QUICK:-0}
if [[ "$QUICK" == 1 ]]; then
	CONNECTIONS=${CONNECTIONS:-1000}
	CYCLES=${CYCLES:-10000}
else
	CONNECTIONS=${CONNECTIONS:-10000}
	CYCLES=${CYCLES:-100000}
fi
CONCURRENCY=${CONCURRENCY:-32}
CONFIGS=${CONFIGS:-"net-platform net-virtual nio"}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25* 2> /dev/null | sed -n 1p || true)}
SERVER_HEAP=${SERVER_HEAP:-512m}
HEAP_TARGET_KIB=${HEAP_TARGET_KIB:-20}
FD_TOLERANCE=${FD_TOLERANCE:-2}
THREAD_TOLERANCE=${THREAD_TOLERANCE:-2}
HEAP_TOLERANCE_MIB=${HEAP_TOLERANCE_MIB:-2}
SETTLE_SECONDS=${SETTLE_SECONDS:-120}
PROBE_SECONDS=${PROBE_SECONDS:-15}
OUT_DIR=${OUT_DIR:-scenarios/soak/target/soak-$(date +%Y%m%d-%H%M%S)}
HOST=127.0.0.1

# prints a loopback port nothing listens on (the sample's quote-service listener needs a fixed one:
# its named clients connect to it)
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
CLIENT=scenarios/soak/SoakClient.java
CLIENT_JAVA=${CLIENT_JAVA:-$JDK17/bin/java}

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------- preparation
[[ -x "$JDK17/bin/java" ]] || die "no JDK 17 at $JDK17 (set JDK17)"
command -v curl > /dev/null || die "curl is needed to read /actuator/prometheus"

# both the server and the client hold CONNECTIONS sockets; children inherit the limit
ulimit -n 65536 2> /dev/null || ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) >= CONNECTIONS + 2000)) || die "ulimit -n is $(ulimit -n); $((CONNECTIONS + 2000)) open files are needed"

JAR=$(ls sample-app/target/sample-app-*.jar 2> /dev/null | grep -v original | sed -n 1p || true)
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
	if [[ -z "$JAR" ]] || [[ -n $(find pom.xml */pom.xml */src -newer "$JAR" -print -quit) ]]; then
		log "building: ./mvnw -B -q install -DskipTests"
		JAVA_HOME="$JDK17" ./mvnw -B -q install -DskipTests
		JAR=$(ls sample-app/target/sample-app-*.jar | grep -v original | sed -n 1p)
	fi
fi
[[ -f "$JAR" ]] || die "missing sample-app jar (build with ./mvnw -B install -DskipTests)"

mkdir -p "$OUT_DIR"
SERVER_PID=
HOLD_PID=
stop_pid() { # TERM, then KILL after 10 s
	kill "$1" 2> /dev/null || return 0
	for _ in $(seq 1 100); do
		kill -0 "$1" 2> /dev/null || return 0
		sleep 0.1
	done
	kill -9 "$1" 2> /dev/null || true
}
cleanup() {
	local pid
	for pid in $HOLD_PID $SERVER_PID; do
		stop_pid "$pid"
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- server
# sets SERVER_PID, ECHO_PORT, HTTP_PORT
start_server() {
	local config=$1 jdk=$2 serverlog=$3
	shift 3
	# every port is chosen by the kernel and read back from the log, so parallel runs cannot collide
	"$jdk/bin/java" -Xmx"$SERVER_HEAP" -XX:+ExitOnOutOfMemoryError \
		-Xlog:safepoint:file="$OUT_DIR/$config-safepoint.log":uptimemillis -jar "$JAR" \
		--server.address=$HOST --server.port=0 --management.endpoints.web.exposure.include=health,prometheus \
		--tcp.listeners.echo.host=$HOST --tcp.listeners.echo.port=0 \
		--tcp.listeners.echo.max-connections=$((CONNECTIONS * 2)) \
		--tcp.listeners.ack.host=$HOST --tcp.listeners.ack.port=0 \
		--tcp.listeners.chat.host=$HOST --tcp.listeners.chat.port=0 \
		--tcp.listeners.tls-echo.host=$HOST --tcp.listeners.tls-echo.port=0 \
		--tcp.listeners.lb.host=$HOST --tcp.listeners.lb.port=0 \
		--tcp.listeners.devices.host=$HOST --tcp.listeners.devices.port=0 \
		--tcp.listeners.slow.host=$HOST --tcp.listeners.slow.port=0 \
		--tcp.listeners.quote-service.host=$HOST --tcp.listeners.quote-service.port="$(free_port)" \
		"$@" > "$serverlog" 2>&1 &
	SERVER_PID=$!
	ECHO_PORT=
	HTTP_PORT=
	for _ in $(seq 1 240); do
		kill -0 "$SERVER_PID" 2> /dev/null || { tail -20 "$serverlog" >&2; die "$config: server exited during startup"; }
		if grep -q 'Started SampleApplication' "$serverlog"; then
			ECHO_PORT=$(sed -n "s/.*TCP listener 'echo' started on port \([0-9]*\).*/\1/p" "$serverlog" | sed -n 1p)
			HTTP_PORT=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$serverlog" | sed -n 1p)
			[[ -n "$ECHO_PORT" && -n "$HTTP_PORT" ]] || die "$config: ports not found in $serverlog"
			return 0
		fi
		sleep 0.5
	done
	die "$config: server not started within 120 s"
}

stop_server() {
	stop_pid "$SERVER_PID"
	SERVER_PID=
}

fds() { ls "/proc/$SERVER_PID/fd" | wc -l; }
uptime_ms() { "$1/bin/jcmd" "$SERVER_PID" VM.uptime | awk 'NR == 2 { printf "%d", $1 * 1000 }'; }

# The longest safepoint (all Java threads stopped) logged between two JVM uptimes in ms.
longest_safepoint() { # log from_ms to_ms
	awk -v from="$2" -v to="$3" '
		{ t = $1; gsub(/[^0-9]/, "", t); t += 0 }
		t < from || t > to { next }
		match($0, /Total: [0-9]+ ns/) {
			total = substr($0, RSTART + 7, RLENGTH - 10) + 0
			ttsp = match($0, /Reaching safepoint: [0-9]+ ns/) ? substr($0, RSTART + 20, RLENGTH - 23) + 0 : 0
			name = match($0, /Safepoint "[^"]*"/) ? substr($0, RSTART + 11, RLENGTH - 12) : "?"
			if (total > best) { best = total; best_ttsp = ttsp; best_name = name }
		}
		END {
			if (best == 0) print "none"
			else printf "%.0f ms (%.0f ms of it to reach the safepoint; %s)", best / 1e6, best_ttsp / 1e6, best_name
		}
	' "$1"
}
threads() { awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }

active_gauge() {
	local body
	body=$(curl -sf "http://$HOST:$HTTP_PORT/actuator/prometheus") || { echo unreadable; return 0; }
	awk '/^tcp_server_connections_active[a-z_]*\{/ && /listener="echo"/ { printf "%d\n", $2 }' <<< "$body"
}

wait_for_gauge() { # expected seconds
	local expected=$1 seconds=$2 value
	for _ in $(seq 1 $((seconds * 2))); do
		value=$(active_gauge)
		[[ "$value" == "$expected" ]] && break
		sleep 0.5
	done
	echo "$value"
}

# Full GC (the live-object class histogram forces one), then the heap in use.
# Prints: fds threads rss_kib live_bytes g1_used_kib; keeps the histogram as $OUT_DIR/<config>-<label>.histo
measure() {
	local config=$1 label=$2 jdk=$3 histo="$OUT_DIR/$1-$2.histo" live used
	"$jdk/bin/jcmd" "$SERVER_PID" GC.class_histogram > "$histo"
	live=$(awk '/^Total/ { print $3 }' "$histo")
	used=$("$jdk/bin/jcmd" "$SERVER_PID" GC.heap_info | sed -n 's/.* heap .* used \([0-9]*\)K.*/\1/p' | sed -n 1p)
	echo "$(fds) $(threads) $(rss_kib) $live $used"
}

instances() { # histogram class-name: live instances of that class
	awk -v c="$2" '$4 == c { n += $2 } END { print n + 0 }' "$1"
}

# The classes that grew most between two histograms, per connection: Markdown rows.
per_connection_classes() {
	local before=$1 after=$2 n=$3
	awk -v n="$n" '
		FNR == NR && $1 ~ /^[0-9]+:$/ { b[$4] = $3; c[$4] = $2; next }
		$1 ~ /^[0-9]+:$/ { d = $3 - b[$4]; if (d > 0) printf "%d\t%s\t%.2f\n", d, $4, ($2 - c[$4]) / n }
	' "$before" "$after" | sort -rn |
		awk -F'\t' -v n="$n" 'NR <= 12 { printf "| `%s` | %.2f | %.0f |\n", $2, $3, $1 / n }'
}

kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---------------------------------------------------------------- one configuration
FAILED=0
REPORT=""

check() { # passed description: appends a line to the caller's checks array
	if [[ "$1" == 1 ]]; then checks+=("- PASS: $2"); else checks+=("- **FAIL**: $2"); FAILED=1; fi
}

connection_objects() { # histogram: live connection objects of either transport
	echo $(($(instances "$1" dev.tcpstarter.integration.NetServerConnection) + $(instances "$1" dev.tcpstarter.integration.NioServerConnection)))
}

# Records a configuration whose server died, with the end of its log.
server_died() { # config label phase
	local last
	last=$(grep -E 'OutOfMemoryError|Exception|Error' "$OUT_DIR/$1-server.log" | tail -n 1 || true)
	log "$1: the server exited during $3: ${last:-see $OUT_DIR/$1-server.log}"
	REPORT+=$'\n'"### $2"$'\n\n'"- **FAIL**: the server exited during $3 (-Xmx$SERVER_HEAP): \`${last:-no error logged}\`"
	[[ -f "$OUT_DIR/$1-hold.txt" ]] && REPORT+=$'\n'"- hold client: $(paste -sd ';' "$OUT_DIR/$1-hold.txt" | sed 's/;/; /g')"
	REPORT+=$'\n'
	FAILED=1
	SERVER_PID=
}

run_config() {
	local config=$1 jdk label serverlog
	local -a props=()
	case "$config" in
		net-platform) jdk=$JDK17; label="transport net, platform threads, JDK 17" ;;
		net-virtual) jdk=$JDK25; label="transport net, virtual threads, JDK 25"; props=(--spring.threads.virtual.enabled=true) ;;
		nio) jdk=$JDK17; label="transport nio, JDK 17"; props=(--tcp.listeners.echo.transport=nio) ;;
		*) die "unknown configuration $config" ;;
	esac
	if [[ -z "$jdk" || ! -x "$jdk/bin/java" ]]; then
		log "$config: no JDK for it (set JDK25): skipped"
		REPORT+=$'\n'"### $label"$'\n\n'"Skipped: no JDK 21+ found."$'\n'
		return 0
	fi
	serverlog="$OUT_DIR/$config-server.log"
	log "$config: starting the sample app on $("$jdk/bin/java" -version 2>&1 | sed -n 1p)"
	start_server "$config" "$jdk" "$serverlog" ${props[@]+"${props[@]}"}
	log "$config: echo on $HOST:$ECHO_PORT, actuator on $HOST:$HTTP_PORT (pid $SERVER_PID)"

	# warm-up: classes loaded, pools and meters created before the baseline
	"$CLIENT_JAVA" -Xss256k "$CLIENT" cycles $HOST "$ECHO_PORT" 2000 4 120 > "$OUT_DIR/$config-warmup.txt" 2>&1 ||
		die "$config: warm-up failed: $(cat "$OUT_DIR/$config-warmup.txt")"
	active_gauge > /dev/null
	local base held released after
	base=($(measure "$config" baseline "$jdk"))
	log "$config: baseline fds=${base[0]} threads=${base[1]} live=$(kib "${base[3]}") KiB"

	# hold CONNECTIONS idle connections; the client waits for a line on the fifo
	local fifo="$OUT_DIR/$config-hold.fifo" hold_out="$OUT_DIR/$config-hold.txt" held_count fifo_fd opened_at open_seconds
	rm -f "$fifo"
	mkfifo "$fifo"
	opened_at=$(date +%s.%N)
	"$CLIENT_JAVA" -Xss256k "$CLIENT" hold $HOST "$ECHO_PORT" "$CONNECTIONS" 600 < "$fifo" > "$hold_out" 2>&1 &
	HOLD_PID=$!
	exec {fifo_fd}> "$fifo"
	while kill -0 "$HOLD_PID" 2> /dev/null && ! grep -q '^HELD' "$hold_out"; do
		sleep 0.5
	done
	open_seconds=$(awk -v s="$opened_at" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	held_count=$(sed -n 's/^HELD //p' "$hold_out")
	[[ -n "$held_count" ]] || { cat "$hold_out" >&2; die "$config: the hold client ended before holding"; }
	local held_gauge=unreadable
	kill -0 "$SERVER_PID" 2> /dev/null && held_gauge=$(wait_for_gauge "$held_count" 30)
	kill -0 "$SERVER_PID" 2> /dev/null && held=($(measure "$config" held "$jdk"))
	# a probe connection measures how long the server keeps a live connection waiting while the
	# others close; the safepoint log says how long the whole JVM stopped meanwhile
	local probe_pid closed_at_ms
	"$CLIENT_JAVA" "$CLIENT" probe $HOST "$ECHO_PORT" "$PROBE_SECONDS" > "$OUT_DIR/$config-probe.txt" 2>&1 &
	probe_pid=$!
	while kill -0 "$probe_pid" 2> /dev/null && ! grep -q '^PROBING' "$OUT_DIR/$config-probe.txt"; do
		sleep 0.2
	done
	closed_at_ms=$(uptime_ms "$jdk")
	echo >&"$fifo_fd"
	exec {fifo_fd}>&-
	wait "$HOLD_PID" || true
	HOLD_PID=
	rm -f "$fifo"
	kill -0 "$SERVER_PID" 2> /dev/null || { server_died "$config" "$label" "the hold of $CONNECTIONS connections"; return 0; }
	log "$config: held $held_count in ${open_seconds}s, fds=${held[0]} threads=${held[1]} live=$(kib "${held[3]}") KiB"

	wait "$probe_pid" || true
	local probe_line
	probe_line=$(grep '^PROBE' "$OUT_DIR/$config-probe.txt" || echo "PROBE did not report")
	local close_safepoint
	close_safepoint=$(longest_safepoint "$OUT_DIR/$config-safepoint.log" "$closed_at_ms" $((closed_at_ms + PROBE_SECONDS * 1000)))
	log "$config: while they closed: ${probe_line#PROBE }; longest safepoint $close_safepoint"

	# after the close and before any new connection
	local released_gauge
	released_gauge=$(wait_for_gauge 0 60)
	# platform connection threads end one at a time, 2 ms apart, and up to 64 stay idle for reuse
	local drain_start
	drain_start=$(date +%s)
	while (($(threads) > base[1] + 64 + THREAD_TOLERANCE && $(date +%s) - drain_start < 60)); do
		sleep 0.5
	done
	log "$config: threads down to $(threads) $(($(date +%s) - drain_start))s after the gauge read 0"
	# closed connections are swept a second after they closed
	sleep 2
	released=($(measure "$config" released "$jdk"))

	local cycles_line cycles_rc=0
	log "$config: $CYCLES cycles at concurrency $CONCURRENCY"
	"$CLIENT_JAVA" -Xss256k "$CLIENT" cycles $HOST "$ECHO_PORT" "$CYCLES" "$CONCURRENCY" 420 > "$OUT_DIR/$config-cycles.txt" 2>&1 || cycles_rc=$?
	cycles_line=$(grep '^CYCLES' "$OUT_DIR/$config-cycles.txt" || echo "CYCLES did not report")
	log "$config: $cycles_line"
	kill -0 "$SERVER_PID" 2> /dev/null || { server_died "$config" "$label" "the cycles"; return 0; }

	# idle pool threads end 60 to 90 s after their last task; wait for fds and threads to come back
	local settle_start settled=no settle_seconds cycles_end_ms
	cycles_end_ms=$(uptime_ms "$jdk")
	settle_start=$(date +%s)
	while (($(date +%s) - settle_start < SETTLE_SECONDS)); do
		if (($(fds) <= base[0] + FD_TOLERANCE && $(threads) <= base[1] + THREAD_TOLERANCE)); then
			settled=yes
			break
		fi
		sleep 2
	done
	settle_seconds=$(($(date +%s) - settle_start))
	local after_gauge
	after_gauge=$(wait_for_gauge 0 10)
	local expiry_safepoint
	expiry_safepoint=$(longest_safepoint "$OUT_DIR/$config-safepoint.log" "$cycles_end_ms" "$(uptime_ms "$jdk")")
	after=($(measure "$config" after "$jdk"))
	log "$config: after fds=${after[0]} threads=${after[1]} live=$(kib "${after[3]}") KiB (settled: $settled in ${settle_seconds}s)"

	local per_conn per_conn_g1 h="$OUT_DIR/$config"
	per_conn=$(awk -v a="${held[3]}" -v b="${base[3]}" -v n="$held_count" 'BEGIN { printf "%.1f", (a - b) / n / 1024 }')
	per_conn_g1=$(awk -v a="${held[4]}" -v b="${base[4]}" -v n="$held_count" 'BEGIN { printf "%.1f", (a - b) / n }')
	local released_growth after_growth released_kept after_kept
	released_growth=$(mib $(((released[3] - base[3]) / 1024)))
	after_growth=$(mib $(((after[3] - base[3]) / 1024)))
	released_kept=$(instances "$h-released.histo" dev.tcpstarter.integration.ConnectionSession)
	after_kept=$(instances "$h-after.histo" dev.tcpstarter.integration.ConnectionSession)

	local checks=() held_ok=1 heap_ok=1 cycles_ok=1 settled_ok=1 gauge_ok=1 released_ok=1
	[[ "$held_count" == "$CONNECTIONS" && "$held_gauge" == "$held_count" ]] || held_ok=0
	awk -v p="$per_conn" -v t="$HEAP_TARGET_KIB" 'BEGIN { exit !(p <= t) }' || heap_ok=0
	[[ "$cycles_rc" == 0 ]] || cycles_ok=0
	[[ "$settled" == yes ]] || settled_ok=0
	[[ "$released_gauge" == 0 && "$after_gauge" == 0 ]] || gauge_ok=0
	((released[3] - base[3] <= HEAP_TOLERANCE_MIB * 1048576 && after[3] - base[3] <= HEAP_TOLERANCE_MIB * 1048576)) || released_ok=0
	check $held_ok "$held_count of $CONNECTIONS connections held, gauge read $held_gauge"
	check $heap_ok "heap per idle connection $per_conn KiB (live objects; G1 used: $per_conn_g1 KiB) ≤ $HEAP_TARGET_KIB KiB"
	check $cycles_ok "cycles: ${cycles_line#CYCLES }"
	check $settled_ok "fds ${after[0]} vs baseline ${base[0]} (≤ +$FD_TOLERANCE), threads ${after[1]} vs ${base[1]} (≤ +$THREAD_TOLERANCE), reached ${settle_seconds}s after the cycles"
	check $gauge_ok "tcp.server.connections.active: $released_gauge after the idle connections closed, $after_gauge after the cycles"
	check $released_ok "live heap back to baseline (≤ +$HEAP_TOLERANCE_MIB MiB): +$released_growth MiB once the idle connections closed ($released_kept closed ConnectionSession objects still referenced), +$after_growth MiB after the cycles ($after_kept still referenced)"

	REPORT+="
### $label

$("$jdk/bin/java" -version 2>&1 | sed -n 2p); server -Xmx$SERVER_HEAP; $held_count idle connections opened in ${open_seconds}s; $CYCLES cycles at concurrency $CONCURRENCY

| server | baseline | $held_count idle connections held | they closed, no new connection yet | after $CYCLES cycles |
|---|---:|---:|---:|---:|
| open fds | ${base[0]} | ${held[0]} | ${released[0]} | ${after[0]} |
| threads (OS) | ${base[1]} | ${held[1]} | ${released[1]} | ${after[1]} |
| live heap after full GC (class histogram) | $(mib $((base[3] / 1024))) MiB | $(mib $((held[3] / 1024))) MiB | $(mib $((released[3] / 1024))) MiB | $(mib $((after[3] / 1024))) MiB |
| G1 heap used after full GC | $(mib "${base[4]}") MiB | $(mib "${held[4]}") MiB | $(mib "${released[4]}") MiB | $(mib "${after[4]}") MiB |
| resident set (VmRSS) | $(mib "${base[2]}") MiB | $(mib "${held[2]}") MiB | $(mib "${released[2]}") MiB | $(mib "${after[2]}") MiB |
| live connection objects | $(connection_objects "$h-baseline.histo") | $(connection_objects "$h-held.histo") | $(connection_objects "$h-released.histo") | $(connection_objects "$h-after.histo") |
| live \`java.lang.VirtualThread\` | $(instances "$h-baseline.histo" java.lang.VirtualThread) | $(instances "$h-held.histo" java.lang.VirtualThread) | $(instances "$h-released.histo" java.lang.VirtualThread) | $(instances "$h-after.histo" java.lang.VirtualThread) |
| tcp.server.connections.active | 0 | $held_gauge | $released_gauge | $after_gauge |

Heap per idle connection: **$per_conn KiB**; resident memory per idle connection: $(awk -v a="${held[2]}" -v b="${base[2]}" -v n="$held_count" 'BEGIN { printf "%.1f", (a - b) / n }') KiB.

Stalls: while the $held_count idle connections closed (first ${PROBE_SECONDS} s), a probe connection's round trips: ${probe_line#PROBE }; longest safepoint **$close_safepoint**. From the end of the cycles until settled (idle threads ending): longest safepoint $expiry_safepoint.

$(printf '%s\n' "${checks[@]}")

Largest per-connection growth (held minus baseline histogram, divided by $held_count):

| class | instances per connection | bytes per connection |
|---|---:|---:|
$(per_connection_classes "$h-baseline.histo" "$h-held.histo" "$held_count")
"
	stop_server
}

for config in $CONFIGS; do
	run_config "$config"
done

echo "## Soak run of $(date -u '+%Y-%m-%d %H:%M UTC')$([[ "$QUICK" == 1 ]] && echo ' (QUICK=1)')"
echo
echo "- Machine: $(nproc) CPUs ($(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | sed -n 1p)), $(free -g | awk '/^Mem:/ { print $2 }') GiB, kernel $(uname -r), ulimit -n $(ulimit -n)"
echo "- Client: $("$CLIENT_JAVA" -version 2>&1 | sed -n 2p), $CLIENT on $HOST; raw files in $OUT_DIR"
echo "$REPORT"
exit "$FAILED"
