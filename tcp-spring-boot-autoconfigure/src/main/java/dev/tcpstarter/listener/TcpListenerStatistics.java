package dev.tcpstarter.listener;

/**
 * Live counters of one listener, read by metrics. Totals are monotonic and count from the start
 * of the listener; byte totals include the connections still open.
 *
 * @author tcp-spring-boot-starter
 */
public final class TcpListenerStatistics {

	/**
	 * Reasons a connection is rejected, as the {@code reason} tag.
	 */
	public static final java.util.List<String> REJECTION_REASONS = java.util.List.of("max-connections",
			"tls-handshake", "proxy-protocol", "on-connect", "shutdown");

	/**
	 * Kinds of errors, as the {@code kind} tag.
	 */
	public static final java.util.List<String> ERROR_KINDS = java.util.List.of("handler", "frame", "io", "tls");

	/**
	 * Timeouts that close connections, as the {@code timeout} tag.
	 */
	public static final java.util.List<String> TIMEOUTS = java.util.List.of("idle", "write");

	private final TcpServerListener listener;

	TcpListenerStatistics(TcpServerListener listener) {
		this.listener = listener;
	}

	/**
	 * Return the connections that got a connection service.
	 * @return the count
	 */
	public long connectionsOpened() {
		return this.listener.connectionsOpenedTotal();
	}

	/**
	 * Return the connections that got a connection service and have closed.
	 * @return the count
	 */
	public long connectionsClosed() {
		return this.listener.connectionsClosedTotal();
	}

	/**
	 * Return the frames received.
	 * @return the count
	 */
	public long framesReceived() {
		return this.listener.framesReceivedTotal();
	}

	/**
	 * Return the frames sent.
	 * @return the count
	 */
	public long framesSent() {
		return this.listener.framesSentTotal();
	}

	/**
	 * Return the bytes received on the wire.
	 * @return the count
	 */
	public long bytesReceived() {
		return this.listener.bytesReceivedTotal();
	}

	/**
	 * Return the bytes sent on the wire.
	 * @return the count
	 */
	public long bytesSent() {
		return this.listener.bytesSentTotal();
	}

	/**
	 * Return the connections rejected for a reason.
	 * @param reason one of {@link #REJECTION_REASONS}
	 * @return the count
	 */
	public long rejected(String reason) {
		return this.listener.rejectedTotal(reason);
	}

	/**
	 * Return the errors of a kind.
	 * @param kind one of {@link #ERROR_KINDS}
	 * @return the count
	 */
	public long errors(String kind) {
		return this.listener.errorsTotal(kind);
	}

	/**
	 * Return the connections closed by a timeout.
	 * @param timeout one of {@link #TIMEOUTS}
	 * @return the count
	 */
	public long timedOut(String timeout) {
		return this.listener.timeoutsTotal(timeout);
	}

	/**
	 * Return the number of connections being served.
	 * @return the count
	 */
	public int activeConnections() {
		return this.listener.activeConnections();
	}

}
