package dev.tcpstarter.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;

import dev.tcpstarter.framing.FrameInputStream;
import dev.tcpstarter.framing.FrameOutputStream;

/**
 * A client {@code TcpNetConnection} that is read by the caller instead of by a reader
 * thread: Spring Integration creates, configures and tracks it, {@link ClientReader}
 * reads frames from it with the connection's deserializer through a
 * {@link FrameInputStream}, each read bounded by a deadline
 * ({@link DeadlineInputStream}), and {@link ClientWriter} writes frames with its
 * serializer through a {@link FrameOutputStream}. Both streams count the bytes that pass.
 * <p>
 * Reads and writes are not synchronized here: {@link TcpClient} allows one reader and one
 * writer at a time.
 */
final class ClientConnection extends TcpNetConnection {

	private static final int BUFFER_SIZE = 8192;

	private final Socket socket;

	// the socket under the TLS socket; closing it ends a handshake at once
	private final Socket plainSocket;

	private final TcpClientStatistics statistics;

	private final AtomicBoolean closed = new AtomicBoolean();

	private @Nullable DeadlineInputStream deadlineInput;

	private @Nullable FrameInputStream input;

	private @Nullable FrameOutputStream output;

	private volatile long writeStartedAt;

	private volatile boolean writeTimedOut;

	private volatile boolean closedByClient;

	ClientConnection(Socket socket, Socket plainSocket, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, TcpClientStatistics statistics) {
		super(socket, false, false, publisher, factoryName);
		this.socket = socket;
		this.plainSocket = plainSocket;
		this.statistics = statistics;
	}

	/**
	 * Runs on the connecting thread (the factory's executor runs tasks in place): there
	 * is no read loop, only the open event Spring Integration publishes from its reader.
	 */
	@Override
	public void run() {
		publishConnectionOpenEvent();
	}

	/**
	 * Complete the TLS handshake, if this is a TLS connection, within the given time.
	 * @param timeoutNanos the handshake timeout, 0 for none
	 */
	void handshake(long timeoutNanos) throws IOException {
		if (!(this.socket instanceof SSLSocket tls)) {
			return;
		}
		this.socket.setSoTimeout(DeadlineInputStream.soTimeout(timeoutNanos));
		// a deadline for the whole handshake: a server
		// that trickles bytes cannot stretch it
		AtomicBoolean expired = new AtomicBoolean();
		ScheduledFuture<?> deadline = (timeoutNanos > 0) ? WriteWatchdog.schedule(() -> {
			expired.set(true);
			closeQuietly(this.plainSocket);
		}, timeoutNanos) : null;
		try {
			tls.startHandshake();
		}
		catch (IOException ex) {
			if (expired.get()) {
				SocketTimeoutException timeout = new SocketTimeoutException("TLS handshake timed out");
				timeout.initCause(ex);
				throw timeout;
			}
			throw ex;
		}
		finally {
			if (deadline != null) {
				deadline.cancel(false);
			}
		}
		if (expired.get()) {
			throw new SocketTimeoutException("TLS handshake timed out");
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing is all we wanted
		}
	}

	/**
	 * Read one frame with the connection's deserializer.
	 * @param timeoutNanos how long to wait in total, 0 for no limit
	 * @return the frame payload
	 */
	@SuppressWarnings("unchecked")
	byte[] readFrame(long timeoutNanos) throws IOException {
		FrameInputStream in = input(timeoutNanos);
		return ((Deserializer<byte[]>) getDeserializer()).deserialize(in);
	}

	/**
	 * Read exactly {@code length} bytes of the stream, whatever the framing.
	 * @param length the number of bytes
	 * @param timeoutNanos how long to wait in total, 0 for no limit
	 * @return the bytes
	 */
	byte[] readExactly(int length, long timeoutNanos) throws IOException {
		FrameInputStream in = input(timeoutNanos);
		byte[] bytes = new byte[length];
		int read = in.readFully(bytes, 0, length);
		if (read < length) {
			throw new EOFException("Stream ended after " + read + " of " + length + " bytes");
		}
		return bytes;
	}

	/**
	 * Return the number of bytes consumed from the stream so far: read from the socket
	 * and no longer buffered.
	 */
	long bytesConsumed() {
		FrameInputStream in = this.input;
		return (in != null) ? in.bytesRead() - in.available() : 0;
	}

	/**
	 * Return the number of bytes read from the socket so far.
	 */
	long bytesReceived() {
		FrameInputStream in = this.input;
		return (in != null) ? in.bytesRead() : 0;
	}

	private FrameInputStream input(long timeoutNanos) throws IOException {
		FrameInputStream in = this.input;
		DeadlineInputStream deadline = this.deadlineInput;
		if (in == null || deadline == null) {
			deadline = new DeadlineInputStream(this.socket, this.socket.getInputStream());
			in = new FrameInputStream(deadline, BUFFER_SIZE, null);
			this.deadlineInput = deadline;
			this.input = in;
		}
		deadline.expireAfter(timeoutNanos);
		return in;
	}

	/**
	 * Write one frame with the connection's serializer and flush it.
	 * @param frame the frame payload
	 */
	@SuppressWarnings("unchecked")
	void writeFrame(byte[] frame) throws IOException {
		FrameOutputStream out = this.output;
		if (out == null) {
			out = new FrameOutputStream(this.socket.getOutputStream());
			this.output = out;
		}
		this.writeStartedAt = System.nanoTime();
		try {
			((Serializer<byte[]>) getSerializer()).serialize(frame, out);
			out.flush();
		}
		finally {
			this.writeStartedAt = 0;
		}
	}

	/**
	 * Return whether bytes of a failed write may have reached the stream, so that the
	 * peer would see a partial frame.
	 * @param sentBefore {@link #bytesSent()} before the write
	 */
	boolean wroteSince(long sentBefore) {
		FrameOutputStream out = this.output;
		return bytesSent() != sentBefore || (out != null && out.hasBuffered());
	}

	/**
	 * Return the number of bytes written to the socket so far.
	 */
	long bytesSent() {
		FrameOutputStream out = this.output;
		return (out != null) ? out.bytesWritten() : 0;
	}

	/**
	 * Close the socket if a write has been blocked for longer than {@code limitNanos}.
	 * @param now the current {@link System#nanoTime()}
	 * @param limitNanos the write timeout
	 */
	void abortWriteIfStuck(long now, long limitNanos) {
		long started = this.writeStartedAt;
		if (started != 0 && now - started > limitNanos) {
			this.writeTimedOut = true;
			close();
		}
	}

	/**
	 * Return whether a write was aborted by the write timeout.
	 */
	boolean isWriteTimedOut() {
		return this.writeTimedOut;
	}

	/**
	 * Close the connection on behalf of {@link TcpClient#close()}.
	 */
	void closeByClient() {
		this.closedByClient = true;
		close();
	}

	/**
	 * Return whether {@link TcpClient#close()} closed this connection.
	 */
	boolean isClosedByClient() {
		return this.closedByClient;
	}

	@Override
	public void close() {
		super.close();
		if (this.closed.compareAndSet(false, true)) {
			this.statistics.connectionClosed();
		}
	}

}
