package dev.tcpstarter.integration;

import java.nio.charset.Charset;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.listener.TcpHandlerKind;
import dev.tcpstarter.listener.TcpListenerObserver;

/**
 * Calls the handlers of one connection, timing each call and reporting it to the
 * listener's observer when there is one. Without an observer a call is made directly,
 * with no clock read.
 * <p>
 * Every method is called under the session's handler lock, which also guards the
 * {@code @OnBytes} counters; metrics read them without it and may lag by a frame.
 */
final class ObservedHandlers {

	private final @Nullable TcpListenerObserver observer;

	private final ListenerStatistics statistics;

	// the hot path's counters: successful @OnBytes calls and their
	// time, summed by ListenerStatistics when metrics read them
	private long onBytesCalls;

	private long onBytesNanos;

	// the observer's context for the connection, from opened() to closed()
	private @Nullable Object observation;

	ObservedHandlers(@Nullable TcpListenerObserver observer, ListenerStatistics statistics) {
		this.observer = observer;
		this.statistics = statistics;
	}

	/**
	 * The connection got its connection service: count it, and start its observation.
	 * @param caller the connection's caller
	 */
	void opened(TcpCaller caller) {
		// counted once the observer took it: an observer that throws rejects the
		// connection, which is then neither opened nor closed in the counts
		this.observation = (this.observer != null) ? this.observer.connectionOpened(caller) : null;
		this.statistics.countOpened();
	}

	/**
	 * The connection ended after {@code @OnClose}: count it, and end its observation.
	 * @param openedNanos {@link System#nanoTime()} when it was accepted
	 */
	void closed(long openedNanos) {
		this.statistics.countClosed();
		if (this.observer != null) {
			this.observer.connectionClosed(this.observation, openedNanos);
		}
	}

	/**
	 * Call {@code @OnBytes}.
	 * @return what the handler returned
	 * @throws Throwable what the handler threw
	 */
	@Nullable Object onBytes(ConnectionServiceType type, Object service, byte[] frame, Charset charset, TcpCaller caller)
			throws Throwable {
		TcpListenerObserver observer = this.observer;
		if (observer == null) {
			return type.onBytes(service, frame, charset, caller);
		}
		// inlined rather than through call(): no capturing lambda per frame
		long start = System.nanoTime();
		Object observed = observer.handlerStarted(TcpHandlerKind.ON_BYTES, caller);
		Object result;
		try {
			result = type.onBytes(service, frame, charset, caller);
		}
		catch (Throwable ex) {
			this.statistics.recordHandler(TcpHandlerKind.ON_BYTES, true, System.nanoTime() - start);
			observer.handlerEnded(TcpHandlerKind.ON_BYTES, observed, start, ex);
			throw ex;
		}
		this.onBytesCalls++;
		this.onBytesNanos += System.nanoTime() - start;
		observer.handlerEnded(TcpHandlerKind.ON_BYTES, observed, start, null);
		return result;
	}

	/**
	 * Call a handler other than {@code @OnBytes}.
	 * @return what the handler returned
	 * @throws Throwable what the handler threw
	 */
	@Nullable Object call(TcpHandlerKind kind, TcpCaller caller, HandlerCall call) throws Throwable {
		TcpListenerObserver observer = this.observer;
		if (observer == null) {
			return call.run();
		}
		long start = System.nanoTime();
		Object observed = observer.handlerStarted(kind, caller);
		Throwable failure = null;
		try {
			return call.run();
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			this.statistics.recordHandler(kind, failure != null, System.nanoTime() - start);
			observer.handlerEnded(kind, observed, start, failure);
		}
	}

	long onBytesCalls() {
		return this.onBytesCalls;
	}

	long onBytesNanos() {
		return this.onBytesNanos;
	}

	/**
	 * A handler invocation.
	 */
	@FunctionalInterface
	interface HandlerCall {

		@Nullable Object run() throws Throwable;

	}

}
