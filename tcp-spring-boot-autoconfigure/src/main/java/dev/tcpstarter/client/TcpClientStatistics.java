package dev.tcpstarter.client;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one {@link TcpClient}, read by metrics. Totals are monotonic and cover
 * every connection the client has opened.
 * <p>
 * Several connections (a pool, a reconnect racing the old connection's last read) update
 * them at once, so they are {@link LongAdder}s: an uncontended add is a plain write to a
 * cell. Readers see a sum that may lag by a frame.
 */
public final class TcpClientStatistics {

	/**
	 * Kinds of errors, as counted by {@link #errors(String)}: {@code connect} (refused,
	 * unknown host), {@code tls} (handshake or certificate failures), {@code timeout}
	 * (connect, read, request or write timeout), {@code closed} (closed or reset by the
	 * peer), {@code frame} (a frame that could not be decoded or encoded) and {@code io}
	 * (other I/O errors).
	 */
	public static final List<String> ERROR_KINDS = List.of("connect", "tls", "timeout", "closed", "frame", "io");

	/**
	 * Outcomes of requests, as counted by {@link #requests(String)}: {@code success} (an
	 * answer arrived), {@code timeout} (none within the read timeout) and {@code error}
	 * (the request was refused, or its connection failed or closed first).
	 */
	public static final List<String> REQUEST_OUTCOMES = List.of("success", "timeout", "error");

	private final LongAdder connectionsOpened = new LongAdder();

	private final LongAdder connectionsClosed = new LongAdder();

	private final AtomicLongArray errors = new AtomicLongArray(ERROR_KINDS.size());

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder framesSent = new LongAdder();

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder framesReceived = new LongAdder();

	private final LongAdder framesUnsolicited = new LongAdder();

	private final LongAdder[] requests = adders(REQUEST_OUTCOMES.size());

	private final LongAdder[] requestNanos = adders(REQUEST_OUTCOMES.size());

	private final LongAdder reconnectsSucceeded = new LongAdder();

	private final LongAdder reconnectsFailed = new LongAdder();

	TcpClientStatistics() {
	}

	private static LongAdder[] adders(int count) {
		LongAdder[] adders = new LongAdder[count];
		for (int i = 0; i < count; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

	/**
	 * Return the connections opened (connected, and past the TLS handshake) since the
	 * client was built.
	 * @return the count
	 */
	public long connectionsOpened() {
		return this.connectionsOpened.sum();
	}

	/**
	 * Return the connections closed since the client was built, whoever closed them.
	 * @return the count
	 */
	public long connectionsClosed() {
		return this.connectionsClosed.sum();
	}

	/**
	 * Return the bytes written to the network.
	 * @return the count
	 */
	public long bytesSent() {
		return this.bytesSent.sum();
	}

	/**
	 * Return the bytes read from the network.
	 * @return the count
	 */
	public long bytesReceived() {
		return this.bytesReceived.sum();
	}

	/**
	 * Return the frames written.
	 * @return the count
	 */
	public long framesSent() {
		return this.framesSent.sum();
	}

	/**
	 * Return the frames read: answers, frames read by {@link TcpClient#readBytes()} and
	 * unsolicited frames; {@link TcpClient#readBytes(int)} counts bytes only.
	 * @return the count
	 */
	public long framesReceived() {
		return this.framesReceived.sum();
	}

	/**
	 * Return the frames that answered no pending request: server push, late answers, keys
	 * that matched no request.
	 * @return the count
	 */
	public long framesUnsolicited() {
		return this.framesUnsolicited.sum();
	}

	/**
	 * Return the requests that ended with an outcome.
	 * @param outcome one of {@link #REQUEST_OUTCOMES}
	 * @return the count, 0 for an unknown outcome
	 */
	public long requests(String outcome) {
		int index = REQUEST_OUTCOMES.indexOf(outcome);
		return (index >= 0) ? this.requests[index].sum() : 0;
	}

	/**
	 * Return the total time of the requests that ended with an outcome, from
	 * {@code requestAsync} to the end.
	 * @param outcome one of {@link #REQUEST_OUTCOMES}
	 * @param unit the unit of the result
	 * @return the total time, 0 for an unknown outcome
	 */
	public double requestTime(String outcome, TimeUnit unit) {
		int index = REQUEST_OUTCOMES.indexOf(outcome);
		return (index >= 0) ? (double) this.requestNanos[index].sum() / unit.toNanos(1) : 0;
	}

	/**
	 * Return the connections opened again in the background after one was lost.
	 * @param succeeded {@code true} for attempts that connected, {@code false} for those
	 * that failed
	 * @return the count
	 */
	public long reconnects(boolean succeeded) {
		return succeeded ? this.reconnectsSucceeded.sum() : this.reconnectsFailed.sum();
	}

	/**
	 * Return the errors of a kind.
	 * @param kind one of {@link #ERROR_KINDS}
	 * @return the count, 0 for an unknown kind
	 */
	public long errors(String kind) {
		int index = ERROR_KINDS.indexOf(kind);
		return (index >= 0) ? this.errors.get(index) : 0;
	}

	void connectionOpened() {
		this.connectionsOpened.increment();
	}

	void connectionClosed() {
		this.connectionsClosed.increment();
	}

	void sent(long bytes, int frames) {
		this.bytesSent.add(bytes);
		if (frames != 0) {
			this.framesSent.add(frames);
		}
	}

	void received(long bytes, int frames) {
		this.bytesReceived.add(bytes);
		if (frames != 0) {
			this.framesReceived.add(frames);
		}
	}

	void unsolicited() {
		this.framesUnsolicited.increment();
	}

	void requestEnded(int outcome, long nanos) {
		this.requests[outcome].increment();
		this.requestNanos[outcome].add(nanos);
	}

	void reconnected(boolean succeeded) {
		(succeeded ? this.reconnectsSucceeded : this.reconnectsFailed).increment();
	}

	void error(String kind) {
		this.errors.incrementAndGet(ERROR_KINDS.indexOf(kind));
	}

	@Override
	public String toString() {
		return "TcpClientStatistics[opened=" + connectionsOpened() + ", closed=" + connectionsClosed() + ", sent="
				+ bytesSent() + "B/" + framesSent() + " frames, received=" + bytesReceived() + "B/" + framesReceived()
				+ " frames, requests=" + requests("success") + "/" + requests("timeout") + "/" + requests("error")
				+ "]";
	}

}
