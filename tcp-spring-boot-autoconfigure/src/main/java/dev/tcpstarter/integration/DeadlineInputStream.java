package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A socket's input stream whose reads all end by one deadline: each read of the socket
 * waits at most the time left, through {@code SO_TIMEOUT}, so that a frame or a run of
 * bytes that takes several reads is bounded as a whole. Not thread-safe: one reader at a
 * time.
 */
final class DeadlineInputStream extends InputStream {

	private final Socket socket;

	private final InputStream in;

	private long deadline;

	private boolean bounded;

	private int appliedSoTimeout = -1;

	/**
	 * Create a stream over a socket's input.
	 * @param socket the socket, whose {@code SO_TIMEOUT} is set before each read
	 * @param in the socket's input stream
	 */
	DeadlineInputStream(Socket socket, InputStream in) {
		this.socket = socket;
		this.in = in;
	}

	/**
	 * Set the deadline of the reads that follow.
	 * @param timeoutNanos how long from now, 0 for no limit
	 */
	void expireAfter(long timeoutNanos) {
		this.bounded = timeoutNanos > 0;
		this.deadline = System.nanoTime() + timeoutNanos;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		int timeout = 0;
		if (this.bounded) {
			long remaining = this.deadline - System.nanoTime();
			if (remaining <= 0) {
				throw new SocketTimeoutException("Read timed out");
			}
			timeout = soTimeout(remaining);
		}
		if (timeout != this.appliedSoTimeout) {
			this.socket.setSoTimeout(timeout);
			this.appliedSoTimeout = timeout;
		}
		return this.in.read(bytes, offset, length);
	}

	@Override
	public int available() throws IOException {
		return this.in.available();
	}

	/**
	 * Convert a timeout to an {@code SO_TIMEOUT} value, rounding up so that a timeout of
	 * less than a millisecond does not become 0, which means no limit.
	 * @param nanos the timeout, 0 or less for none
	 * @return the timeout in milliseconds, 0 for none
	 */
	static int soTimeout(long nanos) {
		if (nanos <= 0) {
			return 0;
		}
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
	}

}
