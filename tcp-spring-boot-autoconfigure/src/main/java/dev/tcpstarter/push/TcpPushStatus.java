package dev.tcpstarter.push;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Whether pushes get through the transport, as {@link TcpPush#status()} reports it and
 * the {@code tcpPush} health contributor shows it.
 * <p>
 * On a broker transport the honest signal is a heartbeat: every instance publishes one on
 * the topic every {@code tcp.push.heartbeat-interval} and watches for its own coming back
 * through its subscription. The status is down while publishing fails, and when no
 * heartbeat of this instance came back for three intervals (the subscription is not
 * working, whatever the client library says about it).
 *
 * @param up whether publishing works and this instance's subscription receives pushes
 * @param transport the transport: {@code local}, {@code redis}, {@code kafka}, or
 * {@code channel} for an application's own {@code tcpPushChannel}
 * @param topic the Redis channel or Kafka topic, or {@code null} for {@code local}
 * @param reason why it is down, or {@code null} when up
 * @param failingSince when publishing started to fail, or {@code null}
 * @param lastHeartbeat when this instance's last heartbeat came back through the
 * subscription, or {@code null} if none has (or for {@code local})
 * @param heartbeatRoundTrip how long that heartbeat took from publish to receipt, or
 * {@code null}
 */
public record TcpPushStatus(boolean up, String transport, @Nullable String topic, @Nullable String reason,
		@Nullable Instant failingSince, @Nullable Instant lastHeartbeat, @Nullable Duration heartbeatRoundTrip) {

}
