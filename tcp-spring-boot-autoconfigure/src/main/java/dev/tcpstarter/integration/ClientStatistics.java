package dev.tcpstarter.integration;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import dev.tcpstarter.client.TcpClientStatistics;

/**
 * The counters of one {@code TcpClient}: its connections count into them, metrics read
 * them as {@link TcpClientStatistics}.
 * <p>
 * Several connections (a pool, a reconnect racing the old connection's last read) update
 * them at once, so they are {@link LongAdder}s: an uncontended add is a plain write to a
 * cell. Readers see a sum that may lag by a frame.
 */
final class ClientStatistics implements TcpClientStatistics {

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

	ClientStatistics() {
	}

	private static LongAdder[] adders(int count) {
		LongAdder[] adders = new LongAdder[count];
		for (int i = 0; i < count; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

	@Override
	public long connectionsOpened() {
		return this.connectionsOpened.sum();
	}

	@Override
	public long connectionsClosed() {
		return this.connectionsClosed.sum();
	}

	@Override
	public long bytesSent() {
		return this.bytesSent.sum();
	}

	@Override
	public long bytesReceived() {
		return this.bytesReceived.sum();
	}

	@Override
	public long framesSent() {
		return this.framesSent.sum();
	}

	@Override
	public long framesReceived() {
		return this.framesReceived.sum();
	}

	@Override
	public long framesUnsolicited() {
		return this.framesUnsolicited.sum();
	}

	@Override
	public long requests(String outcome) {
		int index = REQUEST_OUTCOMES.indexOf(outcome);
		return (index >= 0) ? this.requests[index].sum() : 0;
	}

	@Override
	public double requestTime(String outcome, TimeUnit unit) {
		int index = REQUEST_OUTCOMES.indexOf(outcome);
		return (index >= 0) ? (double) this.requestNanos[index].sum() / unit.toNanos(1) : 0;
	}

	@Override
	public long reconnects(boolean succeeded) {
		return succeeded ? this.reconnectsSucceeded.sum() : this.reconnectsFailed.sum();
	}

	@Override
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
