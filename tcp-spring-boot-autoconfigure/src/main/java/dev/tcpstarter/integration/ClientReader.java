package dev.tcpstarter.integration;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;

/**
 * The blocking reads of a {@code TcpClient} on one channel: a frame or an exact number of
 * bytes, within a timeout. Before the channel pipelines, they read the socket on the
 * caller's thread, one at a time (waiting for another read at most their own timeout);
 * afterwards a frame comes from the channel's {@link ReadQueue} of unsolicited frames,
 * and reading bytes of the stream is no longer possible (the reader thread owns it).
 * <p>
 * A timeout before any byte of what is read arrived leaves the connection open (the
 * stream is still in step); one after part of it arrived, or any other failure, closes
 * it.
 */
final class ClientReader {

	private final ClientChannel channel;

	private final ClientSettings settings;

	private final ClientStatistics statistics;

	ClientReader(ClientChannel channel, ClientSettings settings, ClientStatistics statistics) {
		this.channel = channel;
		this.settings = settings;
		this.statistics = statistics;
	}

	/**
	 * Read the next frame under the connection's framing, or, once the connection
	 * pipelines, the next frame that answered no request.
	 * @param timeout how long to wait in total, zero for no limit
	 * @return the frame payload
	 * @throws TcpException if the read fails or times out
	 * @throws IllegalStateException if the client's service receives the frames
	 */
	byte[] readFrame(Duration timeout) {
		if (this.channel.hasSession()) {
			throw new IllegalStateException("TCP client '" + this.settings.name()
					+ "' hands the frames that answer no request to its service's @OnBytes; read them there");
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		if (!this.channel.isPipelined() && lockStream(timeout)) {
			try {
				if (!this.channel.isPipelined()) {
					ClientConnection connection = this.channel.connection();
					return read(timeout, "a frame", 1, () -> connection.readFrame(remaining(timeout, deadline)));
				}
			}
			finally {
				this.channel.streamLock().unlock();
			}
		}
		return takeQueued(timeout, deadline);
	}

	/**
	 * Read exactly {@code length} bytes of the stream, whatever the framing, within the
	 * read timeout.
	 * @param length the number of bytes, zero or more
	 * @return the bytes
	 * @throws TcpException if the read fails or times out
	 * @throws IllegalStateException once the connection pipelines requests
	 */
	byte[] readExactly(int length) {
		Duration timeout = this.settings.readTimeout();
		long deadline = System.nanoTime() + timeout.toNanos();
		if (!this.channel.isPipelined() && lockStream(timeout)) {
			try {
				if (!this.channel.isPipelined()) {
					ClientConnection connection = this.channel.connection();
					return read(timeout, length + " bytes", 0,
							() -> connection.readExactly(length, remaining(timeout, deadline)));
				}
			}
			finally {
				this.channel.streamLock().unlock();
			}
		}
		if (!this.channel.isPipelined()) {
			throw timedOut(timeout, length + " bytes", null);
		}
		throw new IllegalStateException("readBytes(int) reads the stream, which the reader thread of TCP client '"
				+ this.settings.name() + "' owns since the connection carried a request; use readBytes() for frames");
	}

	private static long remaining(Duration timeout, long deadline) {
		return timeout.isZero() ? 0 : Math.max(1, deadline - System.nanoTime());
	}

	private boolean lockStream(Duration timeout) {
		try {
			if (timeout.isZero()) {
				this.channel.streamLock().lockInterruptibly();
				return true;
			}
			return this.channel.streamLock().tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TcpConnectionException("Interrupted while reading from " + this.settings.target(), ex);
		}
	}

	private byte[] takeQueued(Duration timeout, long deadline) {
		byte[] frame;
		try {
			frame = this.channel.unsolicited().take(remaining(timeout, deadline));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TcpConnectionException("Interrupted while reading from " + this.settings.target(), ex);
		}
		// a TcpException thrown by take() is the one the connection ended with: the read
		// reports it as its own
		if (frame == null) {
			throw timedOut(timeout, "a frame", null);
		}
		return frame;
	}

	private byte[] read(Duration timeout, String what, int frames, Read read) {
		ClientConnection connection = this.channel.connection();
		long consumedBefore = connection.bytesConsumed();
		long receivedBefore = connection.bytesReceived();
		try {
			byte[] bytes = read.read();
			this.statistics.received(connection.bytesReceived() - receivedBefore, frames);
			return bytes;
		}
		catch (IOException | RuntimeException ex) {
			this.statistics.received(connection.bytesReceived() - receivedBefore, 0);
			if (ClientErrors.isTimeout(ex) && this.channel.isOpen()) {
				long partial = connection.bytesConsumed() - consumedBefore;
				if (partial == 0) {
					throw timedOut(timeout, what, ex);
				}
				this.statistics.error(ClientErrors.TIMEOUT);
				TcpException error = ClientErrors.partialRead(this.settings.target(), partial, timeout,
						timeoutName(timeout), what, ex);
				this.channel.close(error, true);
				throw error;
			}
			throw this.channel.fail("read", ex);
		}
	}

	private TcpException timedOut(Duration timeout, String what, @Nullable Throwable failure) {
		this.statistics.error(ClientErrors.TIMEOUT);
		return ClientErrors.readTimedOut(this.settings.target(), timeout, timeoutName(timeout), what, failure);
	}

	private String timeoutName(Duration timeout) {
		return timeout.equals(this.settings.readTimeout()) ? "read-timeout" : "the timeout given to read";
	}

	/**
	 * One blocking read of the connection.
	 */
	@FunctionalInterface
	private interface Read {

		byte[] read() throws IOException;

	}

}
