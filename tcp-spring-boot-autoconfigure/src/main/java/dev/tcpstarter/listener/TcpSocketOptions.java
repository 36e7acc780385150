package dev.tcpstarter.listener;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Socket options of the connections a listener accepts: TCP keepalive (with its timers
 * where the operating system supports them), {@code TCP_NODELAY} and the socket buffer
 * sizes. Built with {@link #builder()}, which holds the defaults: keepalive off, no-delay
 * on, the operating system's buffer sizes and keepalive timers.
 * <p>
 * The same type describes the options read back from an accepted socket
 * ({@link TcpServer#acceptedSocketOptions()}); there, the keepalive timers are what the
 * operating system reports even while keepalive is off.
 *
 * @param keepAlive whether TCP keepalive probes are sent ({@code SO_KEEPALIVE})
 * @param keepAliveIdle how long a connection is idle before the first probe
 * ({@code TCP_KEEPIDLE}), or {@code null} for the operating system's
 * @param keepAliveInterval the time between probes ({@code TCP_KEEPINTERVAL}), or
 * {@code null} for the operating system's
 * @param keepAliveCount the unanswered probes after which the connection is dropped
 * ({@code TCP_KEEPCOUNT}), or {@code null} for the operating system's
 * @param noDelay whether small writes are sent at once ({@code TCP_NODELAY}, Nagle's
 * algorithm off)
 * @param receiveBufferSize the receive buffer size in bytes ({@code SO_RCVBUF}), or
 * {@code null} for the operating system's
 * @param sendBufferSize the send buffer size in bytes ({@code SO_SNDBUF}), or
 * {@code null} for the operating system's
 */
public record TcpSocketOptions(boolean keepAlive, @Nullable Duration keepAliveIdle,
		@Nullable Duration keepAliveInterval, @Nullable Integer keepAliveCount, boolean noDelay,
		@Nullable Integer receiveBufferSize, @Nullable Integer sendBufferSize) {

	/**
	 * The defaults: keepalive off, no-delay on, the operating system's buffers.
	 */
	public static final TcpSocketOptions DEFAULTS = builder().build();

	/**
	 * Check every value.
	 * @throws IllegalArgumentException for a value that is not allowed
	 */
	public TcpSocketOptions {
		checkSeconds("keep-alive-idle", keepAliveIdle);
		checkSeconds("keep-alive-interval", keepAliveInterval);
		checkPositive("keep-alive-count", keepAliveCount);
		checkPositive("receive-buffer-size", receiveBufferSize);
		checkPositive("send-buffer-size", sendBufferSize);
	}

	/**
	 * Start building socket options; every option has its default.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return whether any keepalive timer is set.
	 * @return {@code true} if idle, interval or count is set
	 */
	public boolean hasKeepAliveTimers() {
		return this.keepAliveIdle != null || this.keepAliveInterval != null || this.keepAliveCount != null;
	}

	private static void checkSeconds(String key, @Nullable Duration value) {
		Assert.isTrue(
				value == null || (value.toNanos() % 1_000_000_000L == 0 && value.getSeconds() > 0
						&& value.getSeconds() <= Integer.MAX_VALUE),
				() -> key + " must be a positive duration of whole seconds, e.g. 60s");
	}

	private static void checkPositive(String key, @Nullable Integer value) {
		Assert.isTrue(value == null || value > 0, () -> key + " must be a positive number");
	}

	/**
	 * Builds {@link TcpSocketOptions}. Each setter checks its value and documents its
	 * default.
	 */
	public static final class Builder {

		private boolean keepAlive;

		private @Nullable Duration keepAliveIdle;

		private @Nullable Duration keepAliveInterval;

		private @Nullable Integer keepAliveCount;

		private boolean noDelay = true;

		private @Nullable Integer receiveBufferSize;

		private @Nullable Integer sendBufferSize;

		private Builder() {
		}

		/**
		 * Set whether TCP keepalive probes are sent; off by default.
		 * @param keepAlive whether to send keepalive probes
		 * @return this builder
		 */
		public Builder keepAlive(boolean keepAlive) {
			this.keepAlive = keepAlive;
			return this;
		}

		/**
		 * Set how long a connection is idle before the first keepalive probe; the
		 * operating system's (two hours on Linux) by default.
		 * @param keepAliveIdle a positive duration of whole seconds, or {@code null}
		 * @return this builder
		 */
		public Builder keepAliveIdle(@Nullable Duration keepAliveIdle) {
			checkSeconds("keep-alive-idle", keepAliveIdle);
			this.keepAliveIdle = keepAliveIdle;
			return this;
		}

		/**
		 * Set the time between keepalive probes; the operating system's (75 seconds on
		 * Linux) by default.
		 * @param keepAliveInterval a positive duration of whole seconds, or {@code null}
		 * @return this builder
		 */
		public Builder keepAliveInterval(@Nullable Duration keepAliveInterval) {
			checkSeconds("keep-alive-interval", keepAliveInterval);
			this.keepAliveInterval = keepAliveInterval;
			return this;
		}

		/**
		 * Set how many unanswered keepalive probes drop the connection; the operating
		 * system's (9 on Linux) by default.
		 * @param keepAliveCount a positive number, or {@code null}
		 * @return this builder
		 */
		public Builder keepAliveCount(@Nullable Integer keepAliveCount) {
			checkPositive("keep-alive-count", keepAliveCount);
			this.keepAliveCount = keepAliveCount;
			return this;
		}

		/**
		 * Set whether small writes are sent at once (Nagle's algorithm off); on by
		 * default.
		 * @param noDelay whether to set {@code TCP_NODELAY}
		 * @return this builder
		 */
		public Builder noDelay(boolean noDelay) {
			this.noDelay = noDelay;
			return this;
		}

		/**
		 * Set the receive buffer size; the operating system's by default.
		 * @param receiveBufferSize a positive number of bytes, or {@code null}
		 * @return this builder
		 */
		public Builder receiveBufferSize(@Nullable Integer receiveBufferSize) {
			checkPositive("receive-buffer-size", receiveBufferSize);
			this.receiveBufferSize = receiveBufferSize;
			return this;
		}

		/**
		 * Set the send buffer size; the operating system's by default.
		 * @param sendBufferSize a positive number of bytes, or {@code null}
		 * @return this builder
		 */
		public Builder sendBufferSize(@Nullable Integer sendBufferSize) {
			checkPositive("send-buffer-size", sendBufferSize);
			this.sendBufferSize = sendBufferSize;
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 * @throws IllegalArgumentException if keepalive timers are set while keepalive is
		 * off
		 */
		public TcpSocketOptions build() {
			TcpSocketOptions options = new TcpSocketOptions(this.keepAlive, this.keepAliveIdle, this.keepAliveInterval,
					this.keepAliveCount, this.noDelay, this.receiveBufferSize, this.sendBufferSize);
			Assert.isTrue(this.keepAlive || !options.hasKeepAliveTimers(),
					"keep-alive must be true when keep-alive-idle, keep-alive-interval or keep-alive-count is set");
			return options;
		}

	}

}
