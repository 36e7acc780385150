package dev.tcpstarter.listener;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one listener, read by metrics. Totals are monotonic.
 *
 * @author tcp-spring-boot-starter
 */
public final class TcpListenerStatistics {

	private final LongAdder opened;

	private final LongAdder framesReceived;

	private final LongAdder framesSent;

	private final Map<String, LongAdder> rejections;

	private final Map<String, LongAdder> errors;

	private final Collection<ConnectionSession> sessions;

	TcpListenerStatistics(LongAdder opened, LongAdder framesReceived, LongAdder framesSent,
			Map<String, LongAdder> rejections, Map<String, LongAdder> errors, Collection<ConnectionSession> sessions) {
		this.opened = opened;
		this.framesReceived = framesReceived;
		this.framesSent = framesSent;
		this.rejections = rejections;
		this.errors = errors;
		this.sessions = sessions;
	}

	/**
	 * Return the connections served since start.
	 * @return the count
	 */
	public long connectionsOpened() {
		return this.opened.sum();
	}

	/**
	 * Return the frames received since start.
	 * @return the count
	 */
	public long framesReceived() {
		return this.framesReceived.sum();
	}

	/**
	 * Return the frames sent since start.
	 * @return the count
	 */
	public long framesSent() {
		return this.framesSent.sum();
	}

	/**
	 * Return the connections rejected for a reason since start.
	 * @param reason the reason, e.g. {@code max-connections}
	 * @return the count
	 */
	public long rejected(String reason) {
		LongAdder count = this.rejections.get(reason);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Return the errors of a kind since start.
	 * @param kind the kind: {@code handler}, {@code frame}, {@code io} or {@code tls}
	 * @return the count
	 */
	public long errors(String kind) {
		LongAdder count = this.errors.get(kind);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Return the number of live connections.
	 * @return the count
	 */
	public int activeConnections() {
		return this.sessions.size();
	}

}
