package dev.tcpstarter.integration;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The socket's output stream, recording when a write to it starts, so that a periodic
 * check can end a write that has been blocked longer than the write timeout (a peer that
 * does not read): a blocking socket write cannot be given a timeout of its own. The one
 * implementation of that rule for both directions: a listener's {@link ConnectionWriter}
 * is checked by the listener's housekeeping, a client's {@link ClientConnection} by
 * {@link WriteWatchdog}. Whoever finds a write expired closes the socket under it, which
 * ends the write with an error; {@link #isTimedOut()} then says why.
 * <p>
 * Writes come from one thread at a time (the writer's lock); the check runs on another,
 * hence the volatile fields.
 */
final class TimedOutputStream extends FilterOutputStream {

	// System.nanoTime() when the write in progress started, 0 between writes
	private volatile long startedAt;

	private volatile boolean timedOut;

	TimedOutputStream(OutputStream out) {
		super(out);
	}

	@Override
	public void write(int value) throws IOException {
		this.startedAt = System.nanoTime();
		try {
			this.out.write(value);
		}
		finally {
			this.startedAt = 0;
		}
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		this.startedAt = System.nanoTime();
		try {
			this.out.write(bytes, offset, length);
		}
		finally {
			this.startedAt = 0;
		}
	}

	/**
	 * Return whether the write in progress has been blocked for longer than
	 * {@code limitNanos}; if so, it is marked timed out, and the caller closes the socket
	 * under it.
	 * @param now {@link System#nanoTime()}
	 * @param limitNanos the write timeout
	 * @return whether the write in progress expired
	 */
	boolean expire(long now, long limitNanos) {
		long started = this.startedAt;
		if (started != 0 && now - started > limitNanos) {
			this.timedOut = true;
			return true;
		}
		return false;
	}

	/**
	 * Return whether a write is in progress.
	 */
	boolean isWriting() {
		return this.startedAt != 0;
	}

	/**
	 * Return whether a write expired: the failure of the write in progress is then a
	 * write timeout.
	 */
	boolean isTimedOut() {
		return this.timedOut;
	}

}
