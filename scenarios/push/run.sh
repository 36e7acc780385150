#!/usr/bin/env bash
# Push across instances: a redis-server, two sample-app instances with tcp.push.transport=redis behind
# HAProxy (mode tcp, PROXY protocol v2, health checks), 2 000 device connections through HAProxy
# (DeviceGatewayService: "login d<i>"), and pushes addressed from instance A to every device over HTTP
# (POST /devices/commands). PushClient reports delivered/lost, pushes/s and the latency from the HTTP
# request to the device's read, then keeps pushing while instance B restarts (graceful stop, start,
# ready, UP in HAProxy), and reports what reached devices that stayed connected (must be everything)
# and what happened to the others. The exit status is the client's (0: nothing lost that must arrive).
#
#   flock /tmp/tcp-scenario.lock bash scenarios/push/run.sh     DEVICES=500 for fewer devices,
#                                                               KEEP_LOGS=1 keeps the work directory
set -euo pipefail

DEVICES=${DEVICES:-2000}

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../instances.sh
source "$here/../instances.sh" push

start_instance() {
	local name=$1
	generation[$name]=$((${generation[$name]:-0} + 1))
	java "${java_opts[@]}" -jar "$jar" \
		--server.address=127.0.0.1 --server.port="${http_port[$name]}" \
		--management.endpoints.web.exposure.include=health,tcp --management.endpoint.health.show-details=always \
		--tcp.push.transport=redis --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$redis_port" \
		--tcp.listeners.devices.host=127.0.0.1 --tcp.listeners.devices.port="${lb_port[$name]}" \
		--tcp.listeners.devices.shutdown-timeout=5s --spring.lifecycle.timeout-per-shutdown-phase=10s \
		--tcp.listeners.lb.host=127.0.0.1 --tcp.listeners.lb.port=0 \
		--tcp.listeners.echo.host=127.0.0.1 --tcp.listeners.echo.port=0 \
		--tcp.listeners.ack.host=127.0.0.1 --tcp.listeners.ack.port=0 \
		--tcp.listeners.chat.host=127.0.0.1 --tcp.listeners.chat.port=0 \
		--tcp.listeners.tls-echo.host=127.0.0.1 --tcp.listeners.tls-echo.port=0 \
		--tcp.listeners.slow.host=127.0.0.1 --tcp.listeners.slow.port=0 \
		--tcp.listeners.quote-service.host=127.0.0.1 --tcp.listeners.quote-service.port="${quote_port[$name]}" \
		>"$work/$name-${generation[$name]}.log" 2>&1 &
	pids[$name]=$!
}

push_up() {
	curl -fs "http://127.0.0.1:${http_port[$1]}/actuator/health" 2>/dev/null | python3 -c '
import json, sys
sys.exit(0 if json.load(sys.stdin)["components"]["tcpPush"]["status"] == "UP" else 1)' 2>/dev/null
}

active_devices() {
	curl -fs "http://127.0.0.1:${http_port[$1]}/actuator/tcp" 2>/dev/null | python3 -c '
import json, sys
for listener in json.load(sys.stdin)["listeners"]:
    if listener["name"] == "devices":
        print(listener.get("activeConnections", "?"))' || echo "?"
}

build_sample_app
install_missing haproxy curl python3 redis-server

free_port
redis_port=$REPLY
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
	>"$work/redis.log" 2>&1 &
pids[redis]=$!
wait_for 10 redis "redis-server listens" listening "$redis_port"
log "redis-server on 127.0.0.1:$redis_port"

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

log "starting instances a (devices ${lb_port[a]}, http ${http_port[a]}) and b (devices ${lb_port[b]}, http ${http_port[b]})"
start_instance a
start_instance b
wait_ready a
wait_ready b
wait_for 30 a "instance a's push transport is UP" push_up a
wait_for 30 b "instance b's push transport is UP" push_up b
log "instances ready, tcpPush UP on both"

# devices stay connected for minutes without a word
start_haproxy 10m 6000

flag="$work/restart.flag"
: >"$flag"
java -Xmx512m -Xss256k -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$here/PushClient.java" 127.0.0.1 \
	"$frontend_port" "http://127.0.0.1:${http_port[a]}" "$DEVICES" "$flag" >"$work/client.log" 2>&1 &
pids[client]=$!
wait_for 180 client "the devices are connected" grep -q '^connected .* ms$' "$work/client.log"
log "$(grep '^connected' "$work/client.log"); on instance a: $(active_devices a), on b: $(active_devices b)"
wait_for 180 client "the client pushes while B restarts" grep -q pushing "$flag"
grep -E '^(burst|paced):' "$work/client.log" | while read -r line; do log "$line"; done
sleep 2
restart b
sleep 3
echo done >"$flag"
log "devices on instance a: $(active_devices a), on b: $(active_devices b)"

status=0
wait "${pids[client]}" || status=$?
unset 'pids[client]'

echo
echo "HAProxy health transitions:"
grep -E "^\[WARNING\].*Server apps/" "$work/haproxy.log" | sed -E 's/^\[WARNING\] +\([0-9]+\) : /  /; s/, check duration.*//' || true
echo "Instance b while stopping:"
grep -hE "TCP listener 'devices'|Push transport" "$work"/b-1.log | sed 's/^/  /' | head -10 || true
echo "Client:"
grep -v '^device d' "$work/client.log" | sed 's/^/  /' | head -40
log "done"
exit "$status"
