# Shell functions shared by the scenarios that run sample-app instances behind HAProxy
# (haproxy/run.sh, push/run.sh): `source "$here/../instances.sh" <scenario-name>` with $here set to
# the scenario's folder. It sets root, jar, work (a new work directory, removed on success unless
# KEEP_LOGS is set), t0 (for log times), java_opts, and the associative arrays pids (every process
# started, stopped on exit), lb_port, http_port and generation; it installs the EXIT trap. The
# scenario defines start_instance <name>, which restart calls.

root=$(cd "$here/../.." && pwd)
jar="$root/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
work=$(mktemp -d "${TMPDIR:-/tmp}/${1:-scenario}-scenario.XXXXXX")
t0=${EPOCHREALTIME/./}
java_opts=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

declare -A pids=() lb_port=() http_port=() quote_port=() generation=()

# Builds (and installs) the sample app when its jar is missing or older than the sources.
build_sample_app() {
	if [ ! -f "$jar" ] || [ -n "$(find "$root/sample-app/src" "$root/tcp-spring-boot-autoconfigure/src/main" \
		-newer "$jar" -type f -print -quit)" ]; then
		log "building the sample app"
		(cd "$root" && ./mvnw -B -q -DskipTests install)
	fi
}

log() {
	local ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	printf '%4d.%ds  %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$*"
}

fail() {
	log "FAILED: $*"
	exit 1
}

# Runs "${@:4}" every 0.1s until it succeeds; fails after $1 seconds, or as soon as the process
# pids[$2] has exited. $3 describes what is awaited.
wait_for() {
	local limit=$1 name=$2 what=$3 tries=0
	shift 3
	until "$@"; do
		kill -0 "${pids[$name]}" 2>/dev/null || fail "$name exited while waiting until $what (logs in $work)"
		[ "$tries" -lt $((limit * 10)) ] || fail "not within ${limit}s: $what"
		sleep 0.1
		tries=$((tries + 1))
	done
}

listening() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Stop a process we started: SIGTERM, then SIGKILL after $2 seconds.
stop_pid() {
	local pid=$1 limit=$2 waited=0
	kill -TERM "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$waited" -ge $((limit * 10)) ]; then
			log "process $pid still running after ${limit}s: killing it"
			kill -KILL "$pid" 2>/dev/null || true
			break
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	for name in "${!pids[@]}"; do
		stop_pid "${pids[$name]}" 10
	done
	if [ "$status" -ne 0 ] || [ -n "${KEEP_LOGS:-}" ]; then
		echo "Logs kept in $work"
	else
		rm -rf "$work"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_missing() {
	local missing=()
	for command in "$@"; do
		command -v "$command" >/dev/null || missing+=("$command")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]} (Debian packages)"
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Sets REPLY to a loopback port nothing listens on, different from the ports picked before. Ports
# come from below the ephemeral range, so outgoing connections cannot take them before an instance
# binds them (again, after a restart).
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

ready() {
	curl -fs "http://127.0.0.1:${http_port[$1]}/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'
}

wait_ready() {
	wait_for 90 "$1" "instance $1 is ready" ready "$1"
}

# HAProxy prints "Server apps/<name> is UP" (and "is DOWN") when a health check changes its view.
haproxy_ups() {
	grep -c "Server apps/$1 is UP" "$work/haproxy.log" || true
}

haproxy_up_since() {
	[ "$(haproxy_ups "$1")" -gt "$2" ]
}

restart() {
	local name=$1 ups
	ups=$(haproxy_ups "$name")
	log "restarting instance $name: SIGTERM (graceful stop)"
	stop_pid "${pids[$name]}" 30
	log "instance $name exited; starting it again"
	start_instance "$name"
	wait_ready "$name"
	log "instance $name ready"
	wait_for 10 haproxy "HAProxy sees instance $name UP" haproxy_up_since "$name" "$ups"
	log "HAProxy sees instance $name UP"
}

# A server is DOWN after one failed connect check (the instance refuses connections once it stops
# accepting) and UP again after two good ones. With send-proxy-v2 and no check port, HAProxy also
# sends the PROXY header (v2 LOCAL) on its checks. A connection refused by a stopping instance is
# retried on the other one (retries, redispatch).
# start_haproxy <client/server timeout> [maxconn]: HAProxy on 127.0.0.1:$frontend_port in front of the
# instances' ports lb_port[a] and lb_port[b].
start_haproxy() {
	cat >"$work/haproxy.cfg" <<CONFIG
global
	log stdout format raw local0 info
	maxconn ${2:-2000}

defaults
	mode tcp
	log global
	option tcplog
	timeout connect 1s
	timeout client $1
	timeout server $1
	retries 3
	option redispatch 1

frontend front
	bind 127.0.0.1:$frontend_port
	default_backend apps

backend apps
	balance roundrobin
	default-server send-proxy-v2 check inter 200ms fall 1 rise 2
	server a 127.0.0.1:${lb_port[a]}
	server b 127.0.0.1:${lb_port[b]}
CONFIG
	haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
	pids[haproxy]=$!
	wait_for 5 haproxy "HAProxy listens" listening "$frontend_port"
	log "HAProxy listening on 127.0.0.1:$frontend_port"
}
