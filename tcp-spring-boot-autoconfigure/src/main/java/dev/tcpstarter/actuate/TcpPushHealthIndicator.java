package dev.tcpstarter.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.tcpstarter.push.TcpPush;
import dev.tcpstarter.push.TcpPushStatus;

/**
 * The {@code tcpPush} health contributor: UP while pushes get through the transport and
 * this instance's heartbeat comes back through its subscription, DOWN with the reason
 * otherwise (see {@link TcpPushStatus}).
 */
public class TcpPushHealthIndicator implements HealthIndicator {

	private final TcpPush push;

	/**
	 * Create an indicator over a push.
	 * @param push the push
	 */
	public TcpPushHealthIndicator(TcpPush push) {
		this.push = push;
	}

	@Override
	public Health health() {
		TcpPushStatus status = this.push.status();
		Health.Builder builder = status.up() ? Health.up() : Health.down();
		builder.withDetail("transport", status.transport());
		if (status.topic() != null) {
			builder.withDetail("topic", status.topic());
		}
		if (status.reason() != null) {
			builder.withDetail("reason", status.reason());
		}
		if (status.failingSince() != null) {
			builder.withDetail("failingSince", status.failingSince().toString());
		}
		if (status.lastHeartbeat() != null) {
			builder.withDetail("lastHeartbeat", status.lastHeartbeat().toString());
		}
		if (status.heartbeatRoundTrip() != null) {
			builder.withDetail("heartbeatRoundTripMillis", status.heartbeatRoundTrip().toNanos() / 1e6);
		}
		return builder.build();
	}

}
