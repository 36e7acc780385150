#!/usr/bin/env bash
# AOT on the JVM: builds the sample app with -Pnative (Spring's AOT processing, what a native-image
# build runs before compiling), checks that the generated reachability metadata holds the invocation
# hints of every sample handler method and the resource hints of its classpath: TLS material, runs the
# jar with -Dspring.aot.enabled=true on free loopback ports, and talks to it over sockets: the echo and
# ack listeners, the chat's /quote command (which goes through the named client 'quotes' to the
# sample's quote-service listener) and the actuator. Then stops it.
# Exits non-zero on the first failure.
#
#   bash scenarios/aot/run.sh          KEEP_LOGS=1 keeps the work directory; SKIP_BUILD=1 reuses the jar
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
metadata="$root/sample-app/target/spring-aot/main/resources/META-INF/native-image/dev.tcpstarter/sample-app/reachability-metadata.json"
work=$(mktemp -d "${TMPDIR:-/tmp}/aot-scenario.XXXXXX")
t0=${EPOCHREALTIME/./}
pid=

log() {
	local ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	printf '%4d.%ds  %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$*"
}

fail() {
	log "FAILED: $*"
	exit 1
}

# Stop the application: SIGTERM, then SIGKILL after $1 seconds. Returns 1 if it had to be killed.
stop_app() {
	local limit=$1 waited=0
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || { pid= && return 0; }
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$waited" -ge $((limit * 10)) ]; then
			kill -KILL "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			pid=
			return 1
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	wait "$pid" 2>/dev/null || true
	pid=
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop_app 10 || true
	if [ "$status" -ne 0 ] || [ -n "${KEEP_LOGS:-}" ]; then
		echo "Logs kept in $work"
		if [ "$status" -ne 0 ] && [ -f "$work/app.log" ]; then
			echo "Last lines of the application's log:"
			tail -n 40 "$work/app.log" | sed 's/^/  /'
		fi
	else
		rm -rf "$work"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

listening() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Sets REPLY to a loopback port below the ephemeral range that nothing listens on, different from
# the ports picked before.
picked=" "
read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range || ephemeral_low=32768
free_port() {
	while true; do
		REPLY=$((10000 + RANDOM % (ephemeral_low - 10000)))
		[[ $picked == *" $REPLY "* ]] && continue
		listening "$REPLY" && continue
		picked+="$REPLY "
		return 0
	done
}

for tool in curl python3; do
	command -v "$tool" >/dev/null || fail "this scenario needs $tool"
done

# 1. Build with the native profile: process-aot generates the AOT sources and the hints.
if [ -z "${SKIP_BUILD:-}" ] || [ ! -f "$jar" ]; then
	log "building the sample app with -Pnative (AOT processing)"
	# AOT evaluates conditions at build time, so the endpoints this scenario reads (the sample exposes only
	# health and info over HTTP) must be exposed to the build as well as at runtime
	(cd "$root" && ./mvnw -B -q -Pnative -DskipTests -pl sample-app -am package \
		-Dspring-boot.aot.jvmArguments=-Dmanagement.endpoints.web.exposure.include=health,tcp) >"$work/build.log" 2>&1 \
		|| { tail -n 60 "$work/build.log"; fail "the -Pnative build failed (log: $work/build.log)"; }
fi
[ -f "$metadata" ] || fail "no reachability metadata at $metadata"

# 2. The hints of the sample's handler methods, as GraalVM native-image would read them, and those of the
# TLS material of its tls-echo listener (SSL bundle 'sample', classpath: locations): without them a native
# image fails at startup with "class path resource [tls/sample.crt] cannot be opened because it does not
# exist".
log "checking the handler methods and TLS resources in $(basename "$metadata")"
python3 - "$metadata" <<'EOF' || fail "handler methods or TLS resources missing from the reachability metadata"
import json, sys

expected = [
    "dev.tcpstarter.sample.EchoService#onConnect()",
    "dev.tcpstarter.sample.EchoService$EchoConnection#onBytes(byte[])",
    "dev.tcpstarter.sample.EchoService$EchoConnection#onClose()",
    "dev.tcpstarter.sample.EchoService$EchoConnection#onError(dev.tcpstarter.TcpException)",
    "dev.tcpstarter.sample.AckService#onConnect(dev.tcpstarter.TcpCaller)",
    "dev.tcpstarter.sample.AckService$AckConnection#onBytes(dev.tcpstarter.TcpCaller,java.lang.String)",
    "dev.tcpstarter.sample.AckService$AckConnection#onClose(dev.tcpstarter.TcpCaller)",
    "dev.tcpstarter.sample.AckService$AckConnection#onError(dev.tcpstarter.TcpException)",
    "dev.tcpstarter.sample.ChatService#onConnect(dev.tcpstarter.TcpCaller)",
    "dev.tcpstarter.sample.ChatService$ChatConnection#onBytes(java.lang.String,dev.tcpstarter.TcpCaller)",
    "dev.tcpstarter.sample.ChatService$ChatConnection#onClose(dev.tcpstarter.TcpCaller)",
    "dev.tcpstarter.sample.TlsEchoService#onConnect(dev.tcpstarter.TcpCaller)",
    "dev.tcpstarter.sample.TlsEchoService$TlsEchoConnection#onBytes(byte[])",
    "dev.tcpstarter.sample.WhoAmIService#onConnect()",
    "dev.tcpstarter.sample.WhoAmIService$WhoAmIConnection#onBytes(java.lang.String,dev.tcpstarter.TcpCaller)",
    "dev.tcpstarter.sample.WhoAmIService$WhoAmIConnection#onError(dev.tcpstarter.TcpException,dev.tcpstarter.TcpCaller)",
]
resources = ["tls/sample.crt", "tls/sample.key"]
metadata = json.load(open(sys.argv[1]))
found = set()
for entry in metadata["reflection"]:
    if isinstance(entry.get("type"), str):
        for method in entry.get("methods", []):
            found.add("%s#%s(%s)" % (entry["type"], method["name"], ",".join(method.get("parameterTypes", []))))
globs = {entry.get("glob") for entry in metadata.get("resources", [])}
missing = [signature for signature in expected if signature not in found]
missing += [resource for resource in resources if resource not in globs]
for item in missing:
    print("  missing: " + item)
print("  %d of %d handler methods registered for invocation, %d of %d TLS resources as resources" % (
    len(found.intersection(expected)), len(expected), len(globs.intersection(resources)), len(resources)))
sys.exit(1 if missing else 0)
EOF

# 3. Run the AOT-processed application on free loopback ports.
declare -A port=()
for name in http echo ack chat lb tls-echo devices quote-service slow; do
	free_port
	port[$name]=$REPLY
done
log "starting the app with -Dspring.aot.enabled=true (http ${port[http]}, echo ${port[echo]}, ack ${port[ack]}, chat ${port[chat]})"
listener_args=()
for name in echo ack chat lb tls-echo devices quote-service slow; do
	listener_args+=("--tcp.listeners.$name.host=127.0.0.1" "--tcp.listeners.$name.port=${port[$name]}")
done
java -Dspring.aot.enabled=true -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" \
	--server.address=127.0.0.1 --server.port="${port[http]}" "${listener_args[@]}" \
	--management.endpoints.web.exposure.include=health,tcp \
	>"$work/app.log" 2>&1 &
pid=$!

ready() {
	curl -fs "http://127.0.0.1:${port[http]}/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'
}
tries=0
until ready; do
	kill -0 "$pid" 2>/dev/null || fail "the application exited while starting"
	[ "$tries" -lt 1200 ] || fail "the application was not ready within 120s"
	sleep 0.1
	tries=$((tries + 1))
done
log "ready"
grep -q 'Starting AOT-processed SampleApplication' "$work/app.log" || fail "the application did not run AOT-processed"

# 4. Over sockets. Each exchange has a 5s read timeout.
exec {echo_fd}<>"/dev/tcp/127.0.0.1/${port[echo]}"
printf 'hello, aot' >&"$echo_fd"
IFS= read -r -t 5 -N 10 reply <&"$echo_fd" || reply="(no reply)"
exec {echo_fd}>&-
[ "$reply" = "hello, aot" ] || fail "echo answered '$reply'"
log "echo: 'hello, aot' came back"

exec {ack_fd}<>"/dev/tcp/127.0.0.1/${port[ack]}"
printf 'first\nsecond\n' >&"$ack_fd"
IFS= read -r -t 5 first <&"$ack_fd" || first="(no reply)"
IFS= read -r -t 5 second <&"$ack_fd" || second="(no reply)"
exec {ack_fd}>&-
[ "$first $second" = "ACK ACK" ] || fail "ack answered '$first' and '$second'"
log "ack: two lines, two ACKs"

# The chat's /quote command calls the named client 'quotes', pointed at the quote-service listener.
exec {chat_fd}<>"/dev/tcp/127.0.0.1/${port[chat]}"
IFS= read -r -t 5 greeting <&"$chat_fd" || greeting="(no greeting)"
[[ $greeting == "Welcome to the chat, "* ]] || fail "chat greeted with '$greeting'"
# the member's own announcement in the lobby comes back through the room
IFS= read -r -t 5 joined <&"$chat_fd" || joined="(nothing)"
[[ $joined == "* guest-"*" joined lobby" ]] || fail "chat announced '$joined' after the greeting"
printf '/quote ACME\n' >&"$chat_fd"
IFS= read -r -t 10 quote <&"$chat_fd" || quote="(no reply)"
exec {chat_fd}>&-
[ "$quote" = "ACME 12.50" ] || fail "/quote ACME answered '$quote'"
log "named client 'quotes': chat's /quote ACME was answered '$quote' by the quote-service listener"

endpoint=$(curl -fs "http://127.0.0.1:${port[http]}/actuator/tcp") || fail "GET /actuator/tcp failed"
for name in echo ack chat lb tls-echo; do
	[[ $endpoint == *"\"name\":\"$name\""* ]] || fail "/actuator/tcp does not list listener '$name': $endpoint"
done
log "actuator: /actuator/tcp lists the 5 listeners"

# One INFO line per listener event: the starter's, not Spring Integration's as well.
grep -q "TCP listener 'echo' started on port ${port[echo]}" "$work/app.log" || fail "no start line for listener 'echo'"
if grep -q "started bean 'tcpListener.echo'" "$work/app.log"; then
	fail "Spring Integration's start line is logged beside the starter's"
fi

# 5. Stop gracefully.
log "stopping the app (SIGTERM)"
stop_app 30 || fail "the application did not exit within 30s of SIGTERM"
grep -q "TCP listener 'echo' stopped" "$work/app.log" \
	|| fail "the application did not stop its listeners gracefully"
log "done: AOT-processed sample app served its listeners and named client"
