package dev.tcpstarter.integration;

import java.io.ByteArrayOutputStream;
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

/**
 * The socket of one client connection, as a Spring Integration {@code TcpNetConnection}
 * that is read by {@link ClientChannel} (on its reader thread, or on the caller's thread
 * for the blocking reads) instead of by Spring Integration: Spring Integration creates,
 * configures and tracks it; frames are read with the connection's deserializer through a
 * {@link FrameInputStream}, each read bounded by a deadline
 * ({@link DeadlineInputStream}), and held to {@code max-frame-size} whatever the codec;
 * frames are encoded with its serializer into a buffer first, so that a frame the codec
 * refuses never reaches the socket, then written through a {@link FrameOutputStream}.
 * Both streams count the bytes that pass.
 * <p>
 * Reads and writes are not synchronized here: {@link ClientChannel} allows one reader and
 * one writer at a time. {@link #abort()} may be called from any thread and never blocks:
 * it closes the plain socket under a TLS socket, which ends a blocked read, write or
 * handshake at once (closing the TLS socket itself would wait for the lock of a blocked
 * write).
 */
final class ClientConnection extends TcpNetConnection {

	private static final int BUFFER_SIZE = 8192;

	private final Socket socket;

	// the socket under the TLS socket; closing it ends a handshake at once
	private final Socket plainSocket;

	private final ClientStatistics statistics;

	private final int maxFrameSize;

	// used under the write lock of the channel's ClientWriter only
	private final EncodeBuffer encoded = new EncodeBuffer();

	private final AtomicBoolean closed = new AtomicBoolean();

	private @Nullable DeadlineInputStream deadlineInput;

	private @Nullable FrameInputStream input;

	private @Nullable FrameOutputStream output;

	// the socket's stream under the buffer, created with it; read by WriteWatchdog
	private volatile @Nullable TimedOutputStream socketOutput;

	ClientConnection(Socket socket, Socket plainSocket, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, ClientStatistics statistics, int maxFrameSize) {
		super(socket, false, false, publisher, factoryName);
		this.socket = socket;
		this.plainSocket = plainSocket;
		this.statistics = statistics;
		this.maxFrameSize = maxFrameSize;
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
	 * Return the socket (the TLS socket with TLS).
	 */
	Socket socket() {
		return this.socket;
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
	 * Read one frame with the connection's deserializer, held to the max frame size (a
	 * codec bean's own limit may be larger).
	 * @param timeoutNanos how long to wait in total, 0 for no limit
	 * @return the frame payload
	 */
	@SuppressWarnings("unchecked")
	byte[] readFrame(long timeoutNanos) throws IOException {
		FrameInputStream in = input(timeoutNanos);
		byte[] frame = ((Deserializer<byte[]>) getDeserializer()).deserialize(in);
		if (frame.length > this.maxFrameSize) {
			throw FramingException.tooLarge(frame.length, this.maxFrameSize);
		}
		return frame;
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
	 * Encode one frame with the connection's serializer into the connection's buffer,
	 * without writing it.
	 * @param frame the frame payload
	 * @return the number of encoded bytes, written by {@link #writeEncoded()}
	 * @throws IOException if the codec refuses the frame; nothing reached the socket
	 */
	@SuppressWarnings("unchecked")
	int encode(byte[] frame) throws IOException {
		this.encoded.reset();
		((Serializer<byte[]>) getSerializer()).serialize(frame, this.encoded);
		return this.encoded.size();
	}

	/**
	 * Write the frame {@link #encode(byte[])} encoded last, and flush it.
	 */
	void writeEncoded() throws IOException {
		FrameOutputStream out = this.output;
		if (out == null) {
			TimedOutputStream timed = new TimedOutputStream(this.socket.getOutputStream());
			this.socketOutput = timed;
			out = new FrameOutputStream(timed);
			this.output = out;
		}
		this.encoded.writeTo(out);
		out.flush();
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
		TimedOutputStream timed = this.socketOutput;
		if (timed != null && timed.expire(now, limitNanos)) {
			abort();
		}
	}

	/**
	 * End every blocked read, write and handshake of this connection at once, without
	 * waiting: close the plain socket (under a TLS socket, the TLS socket's own close
	 * would wait for a blocked write's lock). Safe on a timer thread. {@link #close()}
	 * follows on the thread that sees the failure.
	 */
	void abort() {
		closeQuietly(this.plainSocket);
	}

	/**
	 * Return whether a write was aborted by the write timeout.
	 */
	boolean isWriteTimedOut() {
		TimedOutputStream timed = this.socketOutput;
		return timed != null && timed.isTimedOut();
	}

	@Override
	public void close() {
		super.close();
		if (this.closed.compareAndSet(false, true)) {
			this.statistics.connectionClosed();
		}
	}

	/**
	 * The bytes of one encoded frame, reused for every frame of the connection.
	 */
	private static final class EncodeBuffer extends ByteArrayOutputStream {

		EncodeBuffer() {
			super(256);
		}

		@Override
		public void reset() {
			super.reset();
			// do not keep a large frame's buffer for the rest of the connection
			if (this.buf.length > 64 * 1024) {
				this.buf = new byte[256];
			}
		}

	}

}
