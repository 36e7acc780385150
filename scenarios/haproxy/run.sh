#!/usr/bin/env bash
# Rolling restart behind HAProxy: two sample-app instances behind HAProxy (mode tcp, PROXY protocol
# v2, health checks) on loopback ports, RollingClient sending request/response traffic through
# HAProxy, and each instance restarted in turn (graceful stop, start, wait until ready and UP in
# HAProxy). Ends with the client's report; the exit status is the client's (0: nothing lost).
#
#   bash scenarios/haproxy/run.sh          KEEP_LOGS=1 keeps the work directory with every log
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../instances.sh
source "$here/../instances.sh" haproxy

start_instance() {
	local name=$1
	generation[$name]=$((${generation[$name]:-0} + 1))
	java "${java_opts[@]}" -jar "$jar" \
		--server.address=127.0.0.1 --server.port="${http_port[$name]}" \
		--tcp.listeners.lb.host=127.0.0.1 --tcp.listeners.lb.port="${lb_port[$name]}" \
		--tcp.listeners.lb.shutdown-timeout=5s --spring.lifecycle.timeout-per-shutdown-phase=10s \
		--tcp.listeners.echo.host=127.0.0.1 --tcp.listeners.echo.port=0 \
		--tcp.listeners.ack.host=127.0.0.1 --tcp.listeners.ack.port=0 \
		--tcp.listeners.chat.host=127.0.0.1 --tcp.listeners.chat.port=0 \
		--tcp.listeners.tls-echo.host=127.0.0.1 --tcp.listeners.tls-echo.port=0 \
		--tcp.listeners.quote-service.host=127.0.0.1 --tcp.listeners.quote-service.port="${quote_port[$name]}" \
		--tcp.listeners.devices.host=127.0.0.1 --tcp.listeners.devices.port=0 \
		--tcp.listeners.slow.host=127.0.0.1 --tcp.listeners.slow.port=0 \
		>"$work/$name-${generation[$name]}.log" 2>&1 &
	pids[$name]=$!
}

build_sample_app
install_missing haproxy curl

for name in a b; do
	free_port
	lb_port[$name]=$REPLY
	free_port
	http_port[$name]=$REPLY
	free_port
	quote_port[$name]=$REPLY
done
free_port
frontend_port=$REPLY

log "starting instances a (lb ${lb_port[a]}, http ${http_port[a]}) and b (lb ${lb_port[b]}, http ${http_port[b]})"
start_instance a
start_instance b
wait_ready a
wait_ready b
log "instances ready"

start_haproxy 30s

# The client stops on SIGTERM below; 150s is only an upper bound.
java "${java_opts[@]}" "$here/RollingClient.java" 127.0.0.1 "$frontend_port" 150 >"$work/client.log" 2>&1 &
pids[client]=$!
wait_for 60 client "the client has started" grep -q '^started' "$work/client.log"
log "client started: 4 connections through HAProxy"
sleep 3

restart a
sleep 2
restart b
sleep 3

log "stopping the client"
kill -TERM "${pids[client]}"
status=0
wait "${pids[client]}" || status=$?
unset 'pids[client]'

echo
echo "HAProxy health transitions:"
grep -E "^\[WARNING\].*Server apps/" "$work/haproxy.log" | sed -E 's/^\[WARNING\] +\([0-9]+\) : /  /; s/, check duration.*//' || true
echo "Instances' TCP listener 'lb' while stopping:"
grep -hE "TCP listener 'lb' (stopped accepting|still had work)" "$work"/a-1.log "$work"/b-1.log | sed 's/^/  /' || true
echo "Client (events, then the result):"
sed 's/^/  /' "$work/client.log"
log "done"
exit "$status"
