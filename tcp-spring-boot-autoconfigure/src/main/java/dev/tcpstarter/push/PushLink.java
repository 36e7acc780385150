package dev.tcpstarter.push;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The state of the way to the broker: whether the last publish failed (then
 * {@code sendTo…} fails at once until a publish gets through again, see {@link TcpPush}),
 * and when this instance's own heartbeat last came back through its subscription. Fields
 * are volatile and written by whichever thread publishes or delivers; a lost race between
 * a success and a failure is corrected by the next publish (a heartbeat at the latest).
 */
final class PushLink {

	private static final Log logger = LogFactory.getLog(TcpPush.class);

	private static final int MISSED_HEARTBEATS = 3;

	private final String transport;

	private final @Nullable String topic;

	// null: no heartbeat, the transport is in memory and always up
	private final @Nullable Duration heartbeatInterval;

	private final long createdNanos = System.nanoTime();

	private volatile @Nullable Failure failure;

	private volatile long lastSeenNanos;

	private volatile @Nullable Instant lastSeen;

	private volatile long roundTripNanos = -1;

	PushLink(String transport, @Nullable String topic, @Nullable Duration heartbeatInterval) {
		this.transport = transport;
		this.topic = topic;
		this.heartbeatInterval = heartbeatInterval;
	}

	String transport() {
		return this.transport;
	}

	boolean isProbed() {
		return this.heartbeatInterval != null;
	}

	/**
	 * Return the failure that keeps publishing closed, or {@code null} when publishing is
	 * open. Only a probed link closes: without a heartbeat nothing would reopen it.
	 */
	@Nullable Failure failure() {
		return this.failure;
	}

	void publishFailed(Throwable cause) {
		if (!isProbed()) {
			return;
		}
		Failure current = this.failure;
		this.failure = new Failure(cause, (current != null) ? current.since() : Instant.now());
		if (current == null) {
			logger.warn("Push transport '" + this.transport + "' failed (" + cause
					+ "); sendTo... calls fail at once until a heartbeat gets through again");
		}
	}

	void published() {
		Failure current = this.failure;
		if (current != null) {
			this.failure = null;
			logger.info("Push transport '" + this.transport + "' accepts pushes again after failing since "
					+ current.since());
		}
	}

	void heartbeatSeen(long publishedNanos) {
		long now = System.nanoTime();
		this.roundTripNanos = Math.max(0, now - publishedNanos);
		this.lastSeenNanos = now;
		this.lastSeen = Instant.now();
	}

	TcpPushStatus status() {
		Duration interval = this.heartbeatInterval;
		if (interval == null) {
			return new TcpPushStatus(true, this.transport, this.topic, null, null, null, null);
		}
		Failure failure = this.failure;
		Instant seen = this.lastSeen;
		long roundTrip = this.roundTripNanos;
		Duration rtt = (roundTrip >= 0) ? Duration.ofNanos(roundTrip) : null;
		String reason = null;
		long missedAfter = interval.toNanos() * MISSED_HEARTBEATS;
		if (failure != null) {
			reason = "publishing fails: " + failure.cause();
		}
		else if (seen == null) {
			if (System.nanoTime() - this.createdNanos > missedAfter) {
				reason = "no heartbeat of this instance came back through the subscription yet";
			}
			else {
				reason = "subscribing: waiting for the first heartbeat to come back";
			}
		}
		else if (System.nanoTime() - this.lastSeenNanos > missedAfter) {
			reason = "no heartbeat of this instance came back through the subscription for "
					+ Duration.ofNanos(System.nanoTime() - this.lastSeenNanos).toMillis() + " ms";
		}
		return new TcpPushStatus(reason == null, this.transport, this.topic, reason,
				(failure != null) ? failure.since() : null, seen, rtt);
	}

	/**
	 * Why publishing is closed, and since when.
	 */
	record Failure(Throwable cause, Instant since) {

	}

}
