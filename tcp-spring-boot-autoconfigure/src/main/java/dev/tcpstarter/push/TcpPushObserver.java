package dev.tcpstarter.push;

/**
 * Told what {@link TcpPush} does, for metrics: {@code dev.tcpstarter.metrics} implements
 * it with Micrometer, so that this package does not depend on it. Methods are called on
 * the publishing and delivering threads (the delivering thread may be the broker client's
 * event loop) and must be cheap, never block and never throw.
 */
public interface TcpPushObserver {

	/**
	 * An observer that does nothing.
	 */
	TcpPushObserver NONE = new TcpPushObserver() {
	};

	/**
	 * A push was handed to the transport.
	 * @param target what it is addressed to
	 */
	default void published(TcpPushTarget target) {
	}

	/**
	 * A push reached this instance and was queued on its matching connections.
	 * @param frames the number of connections it was queued on (at least one)
	 * @param nanos time from the publish to the last frame queued
	 * @param remote {@code false} when it was published on this instance (measured with
	 * the monotonic clock), {@code true} when another instance published it (measured
	 * between the two instances' wall clocks, so their offset is part of it; a negative
	 * difference counts as zero)
	 */
	default void delivered(int frames, long nanos, boolean remote) {
	}

	/**
	 * A push, or its frame for one connection, was not delivered.
	 * @param reason why
	 */
	default void failed(TcpPushFailure reason) {
	}

}
