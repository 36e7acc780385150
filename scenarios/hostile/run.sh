#!/usr/bin/env bash
# Hostile peers against the sample app (issues 12, 15 and 20), from outside its JVM, on loopback only.
# Starts the sample app (JDK 17, platform threads) under `ulimit -n $SERVER_FDS` with the limits
# below, then HostileClient.java runs a well-behaved request/response client (200 req/s to the ack
# listener from 127.0.0.1) and, one after another, nine attacks: slow PROXY headers, a silent TLS
# flood above max-connections, header-only length-prefix floods, half-open and reset storms, one
# address opening connections in a loop, PROXY UNKNOWN / v2 LOCAL headers from a denied address,
# IPv6 clients rotating through one /64 (PROXY v2 TCP6 headers from the trusted local proxy: the
# machine needs no IPv6 address but ::1), descriptor exhaustion (connections until the server has no
# file descriptor left, then closed), and pipelined slow futures (connections writing lines as fast
# as they can to the sample's SlowService, whose answers are futures that complete a second later:
# the server must stop reading each at max-pending-results). Prints a Markdown report: per attack
# the attempts, what the server refused or cut, its counters, the good client's requests, errors and
# p50/p99; the server's heap (after a full GC), threads and fds before and after; the rejection
# counters.
#
#   flock /tmp/tcp-scenario.lock bash scenarios/hostile/run.sh   # 10 s per attack, about 3 minutes (plus a build if the jar is stale)
#   QUICK=1 bash scenarios/hostile/run.sh    # 5 s per attack, about 2.5 minutes (idle threads need 60 to 90 s to end)
#
# Environment (all optional):
#   ATTACK_SECONDS=10          length of each attack (5 with QUICK=1)
#   RATE=200                   the good client's requests per second (persistent connections)
#   JDK17=/usr/lib/jvm/java-17-openjdk-amd64
#   SERVER_HEAP=512m           -Xmx of the server
#   SERVER_FDS=1024            ulimit -n of the server (the descriptor-exhaustion attack runs it out of them)
#   SLOW_MAX_PENDING=32        max-pending-results of the slow listener (a huge value shows the server without the bound)
#   SLOW_DELAY=1               seconds SlowService takes to answer a line
#   P99_LIMIT_MS=1000          the good client's p99 allowed in any phase
#   SETTLE_SECONDS=90          how long fds and threads may take to come back after the last attack
#   SKIP_BUILD=1               never build, use sample-app/target/sample-app-*.jar as it is
#   JAR=path/to/sample-app.jar  run that jar, never build (e.g. one built from a clean export of a commit)
#   OUT_DIR=scenarios/hostile/target/hostile-<timestamp>   server log, client log, report
#   CLIENT_ARGS="key=value ..."  more HostileClient settings (see its class comment)
# Exits 1 if the good client had an error or a check failed (threads, fds or heap not back near the
# baseline, a limit or a deadline that did not act, a counter that did not move).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
STARTED=$(date +%s)

QUICK=${QUICK:-0}
if [[ "$QUICK" == 1 ]]; then
	ATTACK_SECONDS=${ATTACK_SECONDS:-5}
else
	ATTACK_SECONDS=${ATTACK_SECONDS:-10}
fi
RATE=${RATE:-200}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
SERVER_HEAP=${SERVER_HEAP:-512m}
SERVER_FDS=${SERVER_FDS:-1024}
P99_LIMIT_MS=${P99_LIMIT_MS:-1000}
SETTLE_SECONDS=${SETTLE_SECONDS:-90}
SLOW_MAX_PENDING=${SLOW_MAX_PENDING:-32}
SLOW_DELAY=${SLOW_DELAY:-1}
OUT_DIR=${OUT_DIR:-scenarios/hostile/target/hostile-$(date +%Y%m%d-%H%M%S)}
HOST=127.0.0.1

# prints a loopback port nothing listens on (the sample's quote-service listener needs a fixed one:
# its named clients connect to it)
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
ATTACKER=127.0.0.2
ATTACKER2=127.0.0.3
CLIENT=scenarios/hostile/HostileClient.java
CERT=sample-app/src/main/resources/tls/sample.crt

# the limits the attacks run into
PROXY_TIMEOUT=2
HANDSHAKE_TIMEOUT=3
TLS_MAX_CONNECTIONS=50
PER_ADDRESS=20

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { log "$*"; exit 1; }

[[ -x "$JDK17/bin/java" ]] || die "no JDK 17 at $JDK17 (set JDK17)"
ulimit -n 65536 2> /dev/null || ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) >= 4096)) || die "ulimit -n is $(ulimit -n); 4096 open files are needed"

if [[ -n "${JAR:-}" ]]; then
	SKIP_BUILD=1
else
	JAR=$(ls sample-app/target/sample-app-*.jar 2> /dev/null | grep -v original | sed -n 1p || true)
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
	if [[ -z "$JAR" ]] || [[ -n $(find pom.xml */pom.xml */src -newer "$JAR" -print -quit) ]]; then
		log "building: ./mvnw -B -q -DskipTests -pl sample-app -am package"
		JAVA_HOME="$JDK17" ./mvnw -B -q -DskipTests -pl sample-app -am package
		JAR=$(ls sample-app/target/sample-app-*.jar | grep -v original | sed -n 1p)
	fi
fi
[[ -f "$JAR" ]] || die "missing sample-app jar (./mvnw -B -q -DskipTests -pl sample-app -am package)"

mkdir -p "$OUT_DIR"
SERVER_PID=
CLIENT_PID=
stop_pid() { # TERM, then KILL after 15 s
	kill "$1" 2> /dev/null || return 0
	for _ in $(seq 1 150); do
		kill -0 "$1" 2> /dev/null || return 0
		sleep 0.1
	done
	kill -9 "$1" 2> /dev/null || true
}
cleanup() {
	local pid
	for pid in $CLIENT_PID $SERVER_PID; do
		stop_pid "$pid"
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- server
# Every port is chosen by the kernel and read back from the log. The sample's listeners are reused
# with the settings each attack needs:
#   ack       lf, the good client and the one-address loop (max-connections-per-address)
#   lb        PROXY protocol required from the trusted proxy 127.0.0.1, 2 s for the header
#   tls-echo  TLS, 50 connections at most, 3 s for the handshake
#   echo      length-prefix framing with 16 MB frames (EchoService echoes any framing)
#   lb        also max-connections-per-address (IPv6 clients counted per /64)
#   chat      PROXY protocol required from any peer (no trusted proxies), 127.0.0.2 denied
#   slow      SlowService (answers are futures completed SLOW_DELAY s later), max-pending-results
# The actuator's tcp and prometheus endpoints, which the sample does not expose over HTTP, are exposed
# here (loopback only): the client reads the counters and the busiest addresses from them.
SERVER_LOG="$OUT_DIR/server.log"
log "starting the sample app ($("$JDK17/bin/java" -version 2>&1 | sed -n 1p), -Xmx$SERVER_HEAP, ulimit -n $SERVER_FDS)"
# a subshell that lowers its file limit and becomes the server (exec keeps the pid)
(ulimit -n "$SERVER_FDS" && exec "$JDK17/bin/java" -Xmx"$SERVER_HEAP" -XX:+ExitOnOutOfMemoryError -jar "$JAR" \
	--server.address=$HOST --server.port=0 \
	--management.endpoints.web.exposure.include=health,tcp,prometheus \
	--logging.level.dev.tcpstarter.sample.AckService=WARN \
	--tcp.listeners.ack.host=$HOST --tcp.listeners.ack.port=0 \
	--tcp.listeners.ack.max-connections-per-address=$PER_ADDRESS \
	--tcp.listeners.lb.host=$HOST --tcp.listeners.lb.port=0 \
	--tcp.listeners.lb.proxy-protocol=required --tcp.listeners.lb.proxy-protocol-timeout=${PROXY_TIMEOUT}s \
	--tcp.listeners.lb.trusted-proxies=$HOST --tcp.listeners.lb.max-connections-per-address=$PER_ADDRESS \
	--tcp.listeners.tls-echo.host=$HOST --tcp.listeners.tls-echo.port=0 \
	--tcp.listeners.devices.host=$HOST --tcp.listeners.devices.port=0 \
	--tcp.listeners.tls-echo.max-connections=$TLS_MAX_CONNECTIONS \
	--tcp.listeners.tls-echo.ssl.handshake-timeout=${HANDSHAKE_TIMEOUT}s \
	--tcp.listeners.echo.host=$HOST --tcp.listeners.echo.port=0 \
	--tcp.listeners.echo.framing=length-prefix --tcp.listeners.echo.max-frame-size=16MB \
	--tcp.listeners.chat.host=$HOST --tcp.listeners.chat.port=0 \
	--tcp.listeners.chat.proxy-protocol=required --tcp.listeners.chat.denied-addresses=$ATTACKER \
	--tcp.listeners.slow.host=$HOST --tcp.listeners.slow.port=0 \
	--tcp.listeners.slow.max-pending-results="$SLOW_MAX_PENDING" --sample.slow.delay="${SLOW_DELAY}s" \
	--tcp.listeners.quote-service.host=$HOST --tcp.listeners.quote-service.port="$(free_port)") \
	> "$SERVER_LOG" 2>&1 &
SERVER_PID=$!

port_of() { sed -n "s/.*TCP listener '$1' started on port \([0-9]*\).*/\1/p" "$SERVER_LOG" | sed -n 1p; }
for _ in $(seq 1 240); do
	kill -0 "$SERVER_PID" 2> /dev/null || { tail -20 "$SERVER_LOG" >&2; die "the server exited during startup"; }
	grep -q 'Started SampleApplication' "$SERVER_LOG" && break
	sleep 0.5
done
grep -q 'Started SampleApplication' "$SERVER_LOG" || die "server not started within 120 s"
HTTP_PORT=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$SERVER_LOG" | sed -n 1p)
ACK_PORT=$(port_of ack)
ECHO_PORT=$(port_of echo)
LB_PORT=$(port_of lb)
TLS_PORT=$(port_of tls-echo)
CHAT_PORT=$(port_of chat)
SLOW_PORT=$(port_of slow)
[[ -n "$HTTP_PORT" && -n "$ACK_PORT" && -n "$ECHO_PORT" && -n "$LB_PORT" && -n "$TLS_PORT" && -n "$CHAT_PORT" &&
	-n "$SLOW_PORT" ]] || die "ports not found in $SERVER_LOG"
log "server pid $SERVER_PID: ack $ACK_PORT, echo $ECHO_PORT, lb $LB_PORT, tls-echo $TLS_PORT, chat $CHAT_PORT, slow $SLOW_PORT, actuator $HTTP_PORT"

# ---------------------------------------------------------------- client
REPORT="$OUT_DIR/report.md"
CLIENT_STATUS=0
# shellcheck disable=SC2086
"$JDK17/bin/java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$CLIENT" \
	pid="$SERVER_PID" host=$HOST attacker=$ATTACKER attacker2=$ATTACKER2 http="$HTTP_PORT" \
	ack="$ACK_PORT" echo="$ECHO_PORT" lb="$LB_PORT" tls="$TLS_PORT" chat="$CHAT_PORT" slow="$SLOW_PORT" cert="$CERT" \
	slow-max-pending="$SLOW_MAX_PENDING" slow-delay="$SLOW_DELAY" \
	server-log="$SERVER_LOG" \
	seconds="$ATTACK_SECONDS" rate="$RATE" p99-limit-ms="$P99_LIMIT_MS" settle="$SETTLE_SECONDS" \
	proxy-timeout=$PROXY_TIMEOUT handshake-timeout=$HANDSHAKE_TIMEOUT tls-max=$TLS_MAX_CONNECTIONS \
	per-address=$PER_ADDRESS ${CLIENT_ARGS:-} \
	> "$REPORT" 2> >(tee "$OUT_DIR/client.log" >&2) &
CLIENT_PID=$!
wait "$CLIENT_PID" || CLIENT_STATUS=$?
CLIENT_PID=

SERVER_ALIVE=yes
kill -0 "$SERVER_PID" 2> /dev/null || SERVER_ALIVE="no: $(grep -E 'OutOfMemoryError|Exception' "$SERVER_LOG" | tail -n 1)"
stop_pid "$SERVER_PID"
SERVER_PID=
ELAPSED=$(($(date +%s) - STARTED))

echo "## Hostile peers run of $(date -u '+%Y-%m-%d %H:%M UTC')$([[ "$QUICK" == 1 ]] && echo ' (QUICK=1)')"
echo
echo "- Machine: $(nproc) CPUs ($(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | sed -n 1p)), $(free -g 2> /dev/null | awk '/^Mem:/ { print $2 }') GiB, kernel $(uname -r), load average before the run $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Server: $("$JDK17/bin/java" -version 2>&1 | sed -n 2p), -Xmx$SERVER_HEAP, ulimit -n $SERVER_FDS, transport net, platform threads; client on the same JDK; $JAR"
echo "- $ATTACK_SECONDS s per attack, good client $RATE req/s; total run time ${ELAPSED} s; files in $OUT_DIR"
echo "- Server still running at the end: $SERVER_ALIVE"
echo
cat "$REPORT"
echo
echo "Server log: $(grep -c ' WARN ' "$SERVER_LOG" || true) WARN and $(grep -c ' ERROR ' "$SERVER_LOG" || true) ERROR lines; INFO lines about refused or cut connections: $(grep -cE "refused|failed, connection closed" "$SERVER_LOG" || true)"
grep -E ' (WARN|ERROR) ' "$SERVER_LOG" | sed -E 's/^[^ ]+ +//; s/[0-9]+ --- \[[^]]*\] //; s/[0-9a-f]{8}-[0-9a-f-]{27}/<id>/g; s/127\.0\.0\.[0-9]+:[0-9]+/<peer>/g' |
	sort | uniq -c | sort -rn | head -10 | sed 's/^/    /' || true
if [[ "$CLIENT_STATUS" != 0 || "$SERVER_ALIVE" != yes ]]; then
	exit 1
fi
