package dev.tcpstarter.listener;

/**
 * The counters of one listener, read by metrics. Totals are monotonic and count from the
 * start of the listener.
 */
public interface TcpListenerStatistics {

	/**
	 * Return the connections that got a connection service.
	 * @return the count
	 */
	long connectionsOpened();

	/**
	 * Return the connections that got a connection service and have closed.
	 * @return the count
	 */
	long connectionsClosed();

	/**
	 * Return the open connections, counted from accept.
	 * @return the count
	 */
	int activeConnections();

	/**
	 * Return the frames received.
	 * @return the count
	 */
	long framesReceived();

	/**
	 * Return the frames sent.
	 * @return the count
	 */
	long framesSent();

	/**
	 * Return the bytes received on the wire.
	 * @return the count
	 */
	long bytesReceived();

	/**
	 * Return the bytes sent on the wire.
	 * @return the count
	 */
	long bytesSent();

	/**
	 * Return the connections closed before they reached a connection service.
	 * @param reason why
	 * @return the count
	 */
	long rejected(TcpRejectionReason reason);

	/**
	 * Return the errors of a kind.
	 * @param kind the kind
	 * @return the count
	 */
	long errors(TcpErrorKind kind);

	/**
	 * Return the calls of a handler, counted while the listener is observed (by metrics
	 * or tracing).
	 * @param handler the handler
	 * @param failed {@code true} for the calls that threw
	 * @return the count
	 */
	long handlerCalls(TcpHandlerKind handler, boolean failed);

	/**
	 * Return the time the calls of {@link #handlerCalls} took.
	 * @param handler the handler
	 * @param failed {@code true} for the calls that threw
	 * @return the total time in nanoseconds
	 */
	long handlerNanos(TcpHandlerKind handler, boolean failed);

	/**
	 * Return the connections closed by a timeout.
	 * @param timeout the timeout
	 * @return the count
	 */
	long timedOut(TcpTimeoutKind timeout);

}
