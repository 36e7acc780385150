package dev.tcpstarter.client;

import java.io.IOException;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.framing.FramingException;

/**
 * The write side of a {@link TcpClient}: writes a frame to the open connection, counts
 * what was sent, and turns a failure into the client's error, closing the connection
 * unless the frame was refused before any of it was written. A write blocked longer than
 * the write timeout is ended by the {@link WriteWatchdog}.
 * <p>
 * Not thread-safe: the client lets one thread write at a time.
 */
final class ClientWriter {

	private final ClientSettings settings;

	private final TcpClientStatistics statistics;

	private final ClientConnectionHolder connections;

	/**
	 * Create the write side of a client.
	 * @param settings the client's settings
	 * @param statistics the client's counters
	 * @param connections the client's connection, closed when a write fails
	 */
	ClientWriter(ClientSettings settings, TcpClientStatistics statistics, ClientConnectionHolder connections) {
		this.settings = settings;
		this.statistics = statistics;
		this.connections = connections;
	}

	/**
	 * Write one frame, encoded with the connection's framing, and flush it.
	 * @param current the open connection
	 * @param frame the frame payload
	 * @throws TcpException if the write fails or times out
	 */
	void writeFrame(ClientConnection current, byte[] frame) {
		long sentBefore = current.bytesSent();
		try {
			current.writeFrame(frame);
			this.statistics.sent(current.bytesSent() - sentBefore, 1);
		}
		catch (IOException | RuntimeException ex) {
			this.statistics.sent(current.bytesSent() - sentBefore, 0);
			throw failed(current, ex, sentBefore);
		}
	}

	private TcpException failed(ClientConnection current, Exception failure, long sentBefore) {
		if (current.isWriteTimedOut()) {
			return this.connections.lost(current, ClientErrors.TIMEOUT,
					ClientErrors.writeTimedOut(this.settings.target(), this.settings.writeTimeout(), failure));
		}
		// refused by the serializer with nothing written: the stream is still in step
		if (ClientErrors.unwrap(failure) instanceof FramingException framing && !current.wroteSince(sentBefore)) {
			this.statistics.error(ClientErrors.FRAME);
			return ClientErrors.frameNotWritten(this.settings.target(), framing);
		}
		TcpException closed = this.connections.closedByClient(current, failure);
		if (closed != null) {
			return closed;
		}
		return this.connections.ioFailed("write", current, failure);
	}

}
