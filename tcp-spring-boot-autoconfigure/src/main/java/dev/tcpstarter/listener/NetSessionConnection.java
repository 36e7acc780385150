package dev.tcpstarter.listener;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.framing.FrameInputStream;
import dev.tcpstarter.framing.FrameOutputStream;

/**
 * A {@code TcpNetConnection} that carries its session and replaces the per-message stream handling
 * of Spring Integration with a lighter one: reads go through an unlocked buffer (instead of one
 * socket read per header byte), and responses written on the reader thread are flushed once the
 * buffered input has been handled, just before the next blocking read (instead of a flush per
 * message).
 * <p>
 * The reader thread calls {@code @OnConnect} first, then reads frames, and finally calls
 * {@code @OnClose}, so every handler of a connection runs on that one thread. On a TLS listener it
 * completes the handshake before {@code @OnConnect}, within the handshake timeout.
 * <p>
 * With TLS, the socket that frames go through is an {@code SSLSocket} layered over the accepted
 * {@code transport} socket. Closing an {@code SSLSocket} sends a close_notify alert, which blocks
 * behind a write that the peer does not read; so a connection that must end at once (handshake
 * timeout, stuck write, close during a write) closes the transport socket instead.
 *
 * @author tcp-spring-boot-starter
 */
final class NetSessionConnection extends TcpNetConnection implements SessionConnection {

	private static final int BUFFER_SIZE = 8192;

	private static final int HANDSHAKING = 0;

	private static final int HANDSHAKE_DONE = 1;

	private static final int HANDSHAKE_EXPIRED = 2;

	private final TcpServerListener listener;

	private final Socket socket;

	private final Socket transport;

	private final AtomicInteger handshake;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final ConnectionSession session;

	private @Nullable FrameInputStream input;

	private @Nullable FrameOutputStream output;

	private volatile @Nullable Thread reader;

	// guarded by writeLock; set only by the reader thread
	private boolean flushPending;

	private volatile long writeStartedAt;

	private volatile boolean writeTimedOut;

	private long bytesSent;

	/**
	 * Create a connection.
	 * @param socket the socket to read and write: the accepted socket, or TLS layered over it
	 * @param transport the accepted socket
	 */
	NetSessionConnection(Socket socket, Socket transport, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName, TcpServerListener listener) {
		super(socket, true, lookupHost, publisher, factoryName);
		this.socket = socket;
		this.transport = transport;
		this.handshake = new AtomicInteger((socket instanceof SSLSocket) ? HANDSHAKING : HANDSHAKE_DONE);
		this.listener = listener;
		this.session = new ConnectionSession(listener, this);
	}

	@Override
	public void run() {
		this.reader = Thread.currentThread();
		if (this.socket instanceof SSLSocket tls && !handshake(tls)) {
			close();
			return;
		}
		if (!this.listener.open(this.session)) {
			flushQuietly();
			close();
			return;
		}
		try {
			super.run();
		}
		finally {
			this.session.closed();
		}
	}

	/**
	 * Complete the TLS handshake before any handler runs. The handshake timeout bounds the whole
	 * handshake (a deadline closes the transport socket), not only each read, so a client that
	 * trickles bytes cannot hold the connection either.
	 */
	private boolean handshake(SSLSocket tls) {
		TcpListenerSsl ssl = this.listener.definition().ssl();
		if (ssl == null) {
			this.handshake.set(HANDSHAKE_DONE);
			return true;
		}
		String timedOut = "it did not complete within " + ssl.handshakeTimeout() + " (handshake-timeout)";
		ScheduledFuture<?> deadline = this.listener.schedule(this::handshakeExpired, ssl.handshakeTimeout());
		try {
			int previous = tls.getSoTimeout();
			tls.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, ssl.handshakeTimeout().toMillis())));
			tls.startHandshake();
			tls.setSoTimeout(previous);
			if (this.handshake.compareAndSet(HANDSHAKING, HANDSHAKE_DONE)) {
				return true;
			}
			this.listener.handshakeFailed(this.session, timedOut, false);
		}
		catch (IOException ex) {
			boolean expired = this.handshake.get() == HANDSHAKE_EXPIRED || ex instanceof SocketTimeoutException;
			this.handshake.set(HANDSHAKE_EXPIRED);
			this.listener.handshakeFailed(this.session, expired ? timedOut : String.valueOf(ex.getMessage()),
					!expired && ConnectionErrors.isEndOfStream(ex));
		}
		finally {
			if (deadline != null) {
				deadline.cancel(false);
			}
		}
		return false;
	}

	private void handshakeExpired() {
		if (this.handshake.compareAndSet(HANDSHAKING, HANDSHAKE_EXPIRED)) {
			closeTransport();
		}
	}

	private void closeTransport() {
		try {
			this.transport.close();
		}
		catch (IOException ex) {
			// closing is all we wanted
		}
	}

	@Override
	protected InputStream inputStream() throws IOException {
		FrameInputStream in = this.input;
		if (in == null) {
			in = new FrameInputStream(this.socket.getInputStream(), BUFFER_SIZE, this::flushQuietly);
			this.input = in;
		}
		return in;
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		// responses to frames handled before the end of input still go out (half-close)
		flushQuietly();
		if (!isNoReadErrorOnClose()) {
			TcpException error = ConnectionErrors.classify(exception, getConnectionId());
			if (error != null) {
				this.session.failed(error);
			}
		}
		return super.handleReadException(exception);
	}

	@Override
	@SuppressWarnings("unchecked")
	public void writeFrame(byte[] frame) {
		this.writeLock.lock();
		try {
			FrameOutputStream out = output();
			this.writeStartedAt = System.nanoTime();
			((Serializer<byte[]>) getSerializer()).serialize(frame, out);
			if (Thread.currentThread() == this.reader) {
				this.flushPending = true;
			}
			else {
				out.flush();
			}
			this.writeStartedAt = 0;
			this.listener.frameSent();
		}
		catch (IOException ex) {
			this.writeStartedAt = 0;
			throw writeFailed(ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private TcpException writeFailed(IOException ex) {
		TcpException error = this.writeTimedOut
				? new TcpConnectionException("Write on connection " + getConnectionId() + " did not complete within "
						+ this.listener.definition().writeTimeout() + " (write-timeout); the peer is not reading", ex)
				: new TcpConnectionException("Write failed on connection " + getConnectionId() + ": " + ex.getMessage(),
						ex);
		closeConnection(true);
		return error;
	}

	private FrameOutputStream output() throws IOException {
		FrameOutputStream out = this.output;
		if (out == null) {
			out = new FrameOutputStream(new CountingStream(this.socket.getOutputStream()), BUFFER_SIZE);
			this.output = out;
		}
		return out;
	}

	/**
	 * Flush what the reader thread has written, before it blocks for more input.
	 */
	private void flushQuietly() {
		if (!this.flushPending) {
			return;
		}
		this.writeLock.lock();
		try {
			this.flushPending = false;
			FrameOutputStream out = this.output;
			if (out != null) {
				this.writeStartedAt = System.nanoTime();
				out.flush();
			}
		}
		catch (IOException ex) {
			this.session.failed(writeFailed(ex));
		}
		finally {
			this.writeStartedAt = 0;
			this.writeLock.unlock();
		}
	}

	@Override
	public void close() {
		if (this.handshake.get() != HANDSHAKE_DONE) {
			// no handshake, no close_notify: never wait for a peer that may not be there
			closeTransport();
		}
		else if (this.writeLock.tryLock()) {
			try {
				FrameOutputStream out = this.output;
				if (out != null && out.hasBuffered() && !this.socket.isClosed()) {
					out.flush();
				}
			}
			catch (IOException ex) {
				// the peer is gone; nothing more to deliver
			}
			finally {
				this.writeLock.unlock();
			}
		}
		else if (this.transport != this.socket) {
			// another thread is writing: a close_notify would wait behind it
			closeTransport();
		}
		super.close();
	}

	@Override
	public ConnectionSession session() {
		return this.session;
	}

	@Override
	public TcpConnectionSupport connection() {
		return this;
	}

	@Override
	public boolean hasUnreadInput() {
		FrameInputStream in = this.input;
		return in != null && in.available() > 0;
	}

	@Override
	public long bytesReceived() {
		FrameInputStream in = this.input;
		return (in != null) ? in.bytesRead() : 0;
	}

	@Override
	public long bytesSent() {
		return this.bytesSent;
	}

	@Override
	public long writeStartedAt() {
		return this.writeStartedAt;
	}

	@Override
	public void abortWrite() {
		this.writeTimedOut = true;
		closeTransport();
	}

	/**
	 * Counts the bytes that reach the socket.
	 */
	private final class CountingStream extends java.io.FilterOutputStream {

		CountingStream(java.io.OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
			NetSessionConnection.this.bytesSent += length;
		}

	}

}
