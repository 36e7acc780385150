package dev.tcpstarter.integration;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpHandlerKind;
import dev.tcpstarter.listener.TcpListenerStatistics;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.listener.TcpTimeoutKind;

/**
 * The counters of one listener. Events that happen once per connection are counted in
 * adders; frames and bytes are counted by each connection in plain fields (nothing
 * contended on the per-frame path) and summed here when metrics read them, together with
 * the totals of the connections that have ended.
 */
final class ListenerStatistics implements TcpListenerStatistics {

	private final AtomicInteger open = new AtomicInteger();

	private final LongAdder opened = new LongAdder();

	private final LongAdder closed = new LongAdder();

	// indexed by ordinal
	private final LongAdder[] rejections = adders(TcpRejectionReason.values().length);

	private final LongAdder[] errors = adders(TcpErrorKind.values().length);

	private final LongAdder[] timeouts = adders(TcpTimeoutKind.values().length);

	// handler calls and their time by kind and outcome (index 2 * ordinal +
	// failed), except successful @OnBytes calls, which connections count themselves
	private final LongAdder[] handlerCalls = adders(2 * TcpHandlerKind.values().length);

	private final LongAdder[] handlerNanos = adders(2 * TcpHandlerKind.values().length);

	// guards live and the ended totals, so that a sum never sees a connection twice
	// or not at all while it moves from one to the other: the totals stay monotonic
	private final ReentrantLock lock = new ReentrantLock();

	private final Set<ConnectionCounters> live = new HashSet<>();

	// the totals of ended connections, indexed by Counter
	private final long[] ended = new long[Counter.values().length];

	private static LongAdder[] adders(int count) {
		LongAdder[] adders = new LongAdder[count];
		for (int i = 0; i < count; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

	/**
	 * Count a connection as open, unless {@code limit} connections are open already.
	 * @param limit the most connections open at once
	 * @return whether it was counted
	 */
	boolean tryOpen(int limit) {
		int current;
		do {
			current = this.open.get();
			if (current >= limit) {
				return false;
			}
		}
		while (!this.open.compareAndSet(current, current + 1));
		return true;
	}

	/**
	 * Count an open connection as closed: it no longer takes a slot of
	 * {@code max-connections}.
	 */
	void release() {
		this.open.decrementAndGet();
	}

	/**
	 * Start summing the frames and bytes of a connection.
	 */
	void track(ConnectionCounters counters) {
		this.lock.lock();
		try {
			this.live.add(counters);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Move the frames and bytes of a connection that has ended into the totals.
	 */
	void retire(ConnectionCounters counters) {
		this.lock.lock();
		try {
			if (this.live.remove(counters)) {
				for (Counter counter : Counter.values()) {
					this.ended[counter.ordinal()] += counter.read(counters);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	void countOpened() {
		this.opened.increment();
	}

	void countClosed() {
		this.closed.increment();
	}

	void countRejection(TcpRejectionReason reason) {
		this.rejections[reason.ordinal()].increment();
	}

	void countError(TcpErrorKind kind) {
		this.errors[kind.ordinal()].increment();
	}

	void countTimeout(TcpTimeoutKind timeout) {
		this.timeouts[timeout.ordinal()].increment();
	}

	/**
	 * Count a handler call and its time (not for successful {@code @OnBytes} calls, which
	 * their connection counts).
	 */
	void recordHandler(TcpHandlerKind handler, boolean failed, long nanos) {
		int index = 2 * handler.ordinal() + (failed ? 1 : 0);
		this.handlerCalls[index].increment();
		this.handlerNanos[index].add(nanos);
	}

	@Override
	public long handlerCalls(TcpHandlerKind handler, boolean failed) {
		if (handler == TcpHandlerKind.ON_BYTES && !failed) {
			return sum(Counter.ON_BYTES_CALLS);
		}
		return this.handlerCalls[2 * handler.ordinal() + (failed ? 1 : 0)].sum();
	}

	@Override
	public long handlerNanos(TcpHandlerKind handler, boolean failed) {
		if (handler == TcpHandlerKind.ON_BYTES && !failed) {
			return sum(Counter.ON_BYTES_NANOS);
		}
		return this.handlerNanos[2 * handler.ordinal() + (failed ? 1 : 0)].sum();
	}

	@Override
	public long connectionsOpened() {
		return this.opened.sum();
	}

	@Override
	public long connectionsClosed() {
		return this.closed.sum();
	}

	@Override
	public int activeConnections() {
		return this.open.get();
	}

	@Override
	public long framesReceived() {
		return sum(Counter.FRAMES_RECEIVED);
	}

	@Override
	public long framesSent() {
		return sum(Counter.FRAMES_SENT);
	}

	@Override
	public long bytesReceived() {
		return sum(Counter.BYTES_RECEIVED);
	}

	@Override
	public long bytesSent() {
		return sum(Counter.BYTES_SENT);
	}

	private long sum(Counter counter) {
		this.lock.lock();
		try {
			long total = this.ended[counter.ordinal()];
			for (ConnectionCounters connection : this.live) {
				total += counter.read(connection);
			}
			return total;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long rejected(TcpRejectionReason reason) {
		return this.rejections[reason.ordinal()].sum();
	}

	@Override
	public long errors(TcpErrorKind kind) {
		return this.errors[kind.ordinal()].sum();
	}

	@Override
	public long timedOut(TcpTimeoutKind timeout) {
		return this.timeouts[timeout.ordinal()].sum();
	}

	/**
	 * The per-connection counters that are summed.
	 */
	private enum Counter {

		FRAMES_RECEIVED(ConnectionCounters::framesReceived), FRAMES_SENT(ConnectionCounters::framesSent),
		BYTES_RECEIVED(ConnectionCounters::bytesReceived), BYTES_SENT(ConnectionCounters::bytesSent),
		ON_BYTES_CALLS(ConnectionCounters::onBytesCalls), ON_BYTES_NANOS(ConnectionCounters::onBytesNanos);

		private final ToLongFunction<ConnectionCounters> reader;

		Counter(ToLongFunction<ConnectionCounters> reader) {
			this.reader = reader;
		}

		long read(ConnectionCounters counters) {
			return this.reader.applyAsLong(counters);
		}

	}

}
