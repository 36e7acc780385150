package dev.tcpstarter.client;

import java.io.IOException;
import java.time.Duration;

import dev.tcpstarter.TcpException;

/**
 * The read side of a {@link TcpClient}: reads a frame or an exact number of bytes from
 * the open connection within a timeout, counts what arrived, and turns a failure into the
 * client's error, closing the connection unless the stream is still in step (a timeout
 * before any byte arrived).
 * <p>
 * Not thread-safe: the client lets one thread read at a time.
 */
final class ClientReader {

	private final ClientSettings settings;

	private final TcpClientStatistics statistics;

	private final ClientConnectionHolder connections;

	/**
	 * Create the read side of a client.
	 * @param settings the client's settings
	 * @param statistics the client's counters
	 * @param connections the client's connection, closed when a read fails
	 */
	ClientReader(ClientSettings settings, TcpClientStatistics statistics, ClientConnectionHolder connections) {
		this.settings = settings;
		this.statistics = statistics;
		this.connections = connections;
	}

	/**
	 * Read the next frame under the connection's framing.
	 * @param current the open connection
	 * @param timeout how long to wait in total, zero for no limit
	 * @return the frame payload
	 * @throws TcpException if the read fails or times out
	 */
	byte[] readFrame(ClientConnection current, Duration timeout) {
		return read(current, timeout, "a frame", 1, () -> current.readFrame(timeout.toNanos()));
	}

	/**
	 * Read exactly {@code length} bytes of the stream, whatever the framing, within the
	 * read timeout.
	 * @param current the open connection
	 * @param length the number of bytes, zero or more
	 * @return the bytes
	 * @throws TcpException if the read fails or times out
	 */
	byte[] readExactly(ClientConnection current, int length) {
		Duration timeout = this.settings.readTimeout();
		return read(current, timeout, length + " bytes", 0, () -> current.readExactly(length, timeout.toNanos()));
	}

	private byte[] read(ClientConnection current, Duration timeout, String what, int frames, Read read) {
		long consumedBefore = current.bytesConsumed();
		long receivedBefore = current.bytesReceived();
		try {
			byte[] bytes = read.read();
			this.statistics.received(current.bytesReceived() - receivedBefore, frames);
			return bytes;
		}
		catch (IOException | RuntimeException ex) {
			this.statistics.received(current.bytesReceived() - receivedBefore, 0);
			throw failed(current, ex, consumedBefore, timeout, what);
		}
	}

	private TcpException failed(ClientConnection current, Exception failure, long consumedBefore, Duration timeout,
			String what) {
		TcpException closed = this.connections.closedByClient(current, failure);
		if (closed != null) {
			return closed;
		}
		if (ClientErrors.isTimeout(failure)) {
			String target = this.settings.target();
			long partial = current.bytesConsumed() - consumedBefore;
			if (partial == 0) {
				this.statistics.error(ClientErrors.TIMEOUT);
				return ClientErrors.readTimedOut(target, timeout, timeoutName(timeout), what, failure);
			}
			return this.connections.lost(current, ClientErrors.TIMEOUT,
					ClientErrors.partialRead(target, partial, timeout, timeoutName(timeout), what, failure));
		}
		return this.connections.ioFailed("read", current, failure);
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
