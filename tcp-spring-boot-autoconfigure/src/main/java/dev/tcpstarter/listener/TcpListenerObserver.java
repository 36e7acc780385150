package dev.tcpstarter.listener;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;

/**
 * Observes one listener's connections and handler calls, for metrics and tracing, without
 * the listener depending on either. One observer is created per listener when it starts
 * (see {@link Factory}), so it can hold that listener's meters and needs no lookup per
 * call.
 * <p>
 * Methods run on the connection's thread, around the user's handler: keep them cheap.
 */
public interface TcpListenerObserver {

	/**
	 * A handler is about to run.
	 * @param handler the handler
	 * @param caller the connection
	 * @return a context passed back to {@link #handlerEnded}, or {@code null}
	 */
	default @Nullable Object handlerStarted(TcpHandlerKind handler, TcpCaller caller) {
		return null;
	}

	/**
	 * A handler has returned or thrown.
	 * @param handler the handler
	 * @param context what {@link #handlerStarted} returned
	 * @param startNanos {@link System#nanoTime()} when it started
	 * @param failure what it threw, or {@code null}
	 */
	default void handlerEnded(TcpHandlerKind handler, @Nullable Object context, long startNanos,
			@Nullable Throwable failure) {
	}

	/**
	 * A connection got its connection service.
	 * @param caller the connection
	 * @return a context passed back to {@link #connectionClosed}, or {@code null}
	 */
	default @Nullable Object connectionOpened(TcpCaller caller) {
		return null;
	}

	/**
	 * A connection that had a connection service has closed.
	 * @param context what {@link #connectionOpened} returned
	 * @param openedNanos {@link System#nanoTime()} when it opened
	 */
	default void connectionClosed(@Nullable Object context, long openedNanos) {
	}

	/**
	 * Creates the observer of a listener when it starts.
	 */
	@FunctionalInterface
	interface Factory {

		/**
		 * Create the observer of a listener, just before it binds its port (so that it
		 * sees every connection); its port is not known yet.
		 * @param server the server of the listener
		 * @return the observer, or {@code null} for none
		 */
		@Nullable TcpListenerObserver create(TcpServer server);

	}

}
