package dev.tcpstarter.integration;

/**
 * The per-connection counters behind a listener's frame and byte totals. Each is written
 * by the connection's own threads only, as a plain field; other threads may read a value
 * that lags by a frame.
 */
interface ConnectionCounters {

	/**
	 * Return the frames received.
	 */
	long framesReceived();

	/**
	 * Return the frames written.
	 */
	long framesSent();

	/**
	 * Return the bytes received.
	 */
	long bytesReceived();

	/**
	 * Return the bytes written.
	 */
	long bytesSent();

	/**
	 * Return the successful {@code @OnBytes} calls that were timed.
	 */
	long onBytesCalls();

	/**
	 * Return the time those calls took, in nanoseconds.
	 */
	long onBytesNanos();

}
