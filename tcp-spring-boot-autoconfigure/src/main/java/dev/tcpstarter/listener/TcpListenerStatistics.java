package dev.tcpstarter.listener;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one listener, read by metrics. Totals are monotonic and count from the
 * start of the listener. Per-frame and per-byte counts live in each connection as plain
 * fields (nothing contended on the per-frame path) and are summed here, with the totals
 * of closed connections.
 *
 * @author tcp-spring-boot-starter
 */
public final class TcpListenerStatistics {

	/**
	 * Reasons a connection is rejected, as the {@code reason} tag.
	 */
	public static final List<String> REJECTION_REASONS = List.of("max-connections", "tls-handshake", "proxy-protocol",
			"on-connect", "shutdown");

	/**
	 * Kinds of errors, as the {@code kind} tag.
	 */
	public static final List<String> ERROR_KINDS = List.of("handler", "frame", "io", "tls");

	/**
	 * Timeouts that close connections, as the {@code timeout} tag.
	 */
	public static final List<String> TIMEOUTS = List.of("idle", "write");

	private final Collection<ConnectionSession> sessions;

	private final LongAdder opened = new LongAdder();

	private final LongAdder closed = new LongAdder();

	private final LongAdder closedFramesReceived = new LongAdder();

	private final LongAdder closedFramesSent = new LongAdder();

	private final LongAdder closedBytesReceived = new LongAdder();

	private final LongAdder closedBytesSent = new LongAdder();

	private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> timeouts = new ConcurrentHashMap<>();

	TcpListenerStatistics(Collection<ConnectionSession> sessions) {
		this.sessions = sessions;
	}

	void countOpened() {
		this.opened.increment();
	}

	void countClosed(ConnectionSession session) {
		this.closed.increment();
		this.closedBytesReceived.add(session.connection().bytesReceived());
		this.closedBytesSent.add(session.connection().bytesSent());
		this.closedFramesReceived.add(session.framesReceived());
		this.closedFramesSent.add(session.connection().framesSent());
	}

	void countRejection(String reason) {
		increment(this.rejections, reason);
	}

	void countError(String kind) {
		increment(this.errors, kind);
	}

	void countTimeout(String timeout) {
		increment(this.timeouts, timeout);
	}

	private static void increment(Map<String, LongAdder> counters, String key) {
		counters.computeIfAbsent(key, (ignored) -> new LongAdder()).increment();
	}

	private static long count(Map<String, LongAdder> counters, String key) {
		LongAdder count = counters.get(key);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Return the connections that got a connection service.
	 * @return the count
	 */
	public long connectionsOpened() {
		return this.opened.sum();
	}

	/**
	 * Return the connections that got a connection service and have closed.
	 * @return the count
	 */
	public long connectionsClosed() {
		return this.closed.sum();
	}

	/**
	 * Return the frames received.
	 * @return the count
	 */
	public long framesReceived() {
		long total = this.closedFramesReceived.sum();
		for (ConnectionSession session : this.sessions) {
			total += session.framesReceived();
		}
		return total;
	}

	/**
	 * Return the frames sent.
	 * @return the count
	 */
	public long framesSent() {
		long total = this.closedFramesSent.sum();
		for (ConnectionSession session : this.sessions) {
			total += session.connection().framesSent();
		}
		return total;
	}

	/**
	 * Return the bytes received on the wire.
	 * @return the count
	 */
	public long bytesReceived() {
		long total = this.closedBytesReceived.sum();
		for (ConnectionSession session : this.sessions) {
			total += session.connection().bytesReceived();
		}
		return total;
	}

	/**
	 * Return the bytes sent on the wire.
	 * @return the count
	 */
	public long bytesSent() {
		long total = this.closedBytesSent.sum();
		for (ConnectionSession session : this.sessions) {
			total += session.connection().bytesSent();
		}
		return total;
	}

	/**
	 * Return the connections rejected for a reason.
	 * @param reason one of {@link #REJECTION_REASONS}
	 * @return the count
	 */
	public long rejected(String reason) {
		return count(this.rejections, reason);
	}

	/**
	 * Return the errors of a kind.
	 * @param kind one of {@link #ERROR_KINDS}
	 * @return the count
	 */
	public long errors(String kind) {
		return count(this.errors, kind);
	}

	/**
	 * Return the connections closed by a timeout.
	 * @param timeout one of {@link #TIMEOUTS}
	 * @return the count
	 */
	public long timedOut(String timeout) {
		return count(this.timeouts, timeout);
	}

	/**
	 * Return the number of connections being served.
	 * @return the count
	 */
	public int activeConnections() {
		return this.sessions.size();
	}

}
