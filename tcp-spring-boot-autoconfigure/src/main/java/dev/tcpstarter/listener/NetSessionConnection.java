package dev.tcpstarter.listener;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.framing.FrameInputStream;
import dev.tcpstarter.framing.FrameOutputStream;
import dev.tcpstarter.proxy.ProxyHeader;
import dev.tcpstarter.proxy.ProxyProtocolReader;

/**
 * A {@code TcpNetConnection} that carries its session and replaces the per-message stream
 * handling of Spring Integration with a lighter one: reads go through an unlocked buffer
 * (instead of one socket read per header byte), and responses written on the reader
 * thread are flushed once the buffered input has been handled, just before the next
 * blocking read (instead of a flush per message).
 * <p>
 * The reader thread calls {@code @OnConnect} first, then reads frames, and finally calls
 * {@code @OnClose}, so every handler of a connection runs on that one thread. Before that
 * it reads the PROXY protocol header and completes the TLS handshake, each within its
 * timeout.
 * <p>
 * With TLS, frames go through an {@code SSLSocket} layered over the accepted socket.
 * Ending the connection closes the accepted socket: an {@code SSLSocket}'s close would
 * send a close_notify alert, which can wait forever behind a write the peer does not
 * read.
 *
 * @author tcp-spring-boot-starter
 */
final class NetSessionConnection extends TcpNetConnection implements SessionConnection {

	// grows when reads fill it (see FrameInputStream)
	private static final int INPUT_BUFFER_SIZE = 2048;

	private static final byte[] NO_BYTES = {};

	private static final int HANDSHAKING = 0;

	private static final int HANDSHAKE_DONE = 1;

	private static final int HANDSHAKE_EXPIRED = 2;

	private final TcpServerListener listener;

	private final Socket socket;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final ConnectionSession session;

	private final AtomicInteger handshake = new AtomicInteger(HANDSHAKING);

	private volatile Socket transport;

	private byte[] pushedBack = NO_BYTES;

	private volatile @Nullable InetSocketAddress proxied;

	private @Nullable FrameInputStream input;

	private @Nullable FrameOutputStream output;

	private volatile @Nullable Thread reader;

	// guarded by writeLock; set only by the reader thread
	private boolean flushPending;

	private volatile long writeStartedAt;

	private volatile boolean writeTimedOut;

	// guarded by writeLock
	private long framesSent;

	private volatile boolean closing;

	NetSessionConnection(Socket socket, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, TcpServerListener listener) {
		super(socket, true, lookupHost, publisher, factoryName);
		this.socket = socket;
		this.transport = socket;
		this.listener = listener;
		this.session = new ConnectionSession(listener, this);
	}

	@Override
	public void run() {
		this.reader = Thread.currentThread();
		if (!establish()) {
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
	 * Before any handler runs: read the PROXY protocol header, then complete the TLS
	 * handshake, each within its timeout. Whatever fails closes this connection only.
	 */
	private boolean establish() {
		TcpListenerDefinition definition = this.listener.definition();
		byte[] consumed = NO_BYTES;
		try {
			int previous = this.socket.getSoTimeout();
			if (definition.proxyProtocol() != TcpProxyProtocol.OFF) {
				this.socket.setSoTimeout(timeout(definition.proxyProtocolTimeout()));
				ProxyHeader header = ProxyProtocolReader.read(this.socket.getInputStream(),
						definition.proxyProtocol() == TcpProxyProtocol.REQUIRED);
				this.proxied = header.source();
				consumed = header.unread();
			}
			TcpListenerSsl ssl = definition.ssl();
			if (ssl != null) {
				SSLSocket tls = TlsSockets.wrap(this.socket, consumed, ssl);
				consumed = NO_BYTES;
				this.transport = tls;
				if (!handshake(tls, ssl)) {
					return false;
				}
			}
			this.socket.setSoTimeout(previous);
			this.pushedBack = consumed;
			return true;
		}
		catch (IOException ex) {
			this.listener.proxyHeaderRejected(this.session, ex);
			return false;
		}
	}

	/**
	 * Complete the TLS handshake. The handshake timeout bounds the whole handshake (a
	 * deadline closes the socket), not only each read, so a client that trickles bytes
	 * cannot hold the connection either.
	 */
	private boolean handshake(SSLSocket tls, TcpListenerSsl ssl) {
		String timedOut = "it did not complete within " + ssl.handshakeTimeout() + " (handshake-timeout)";
		ScheduledFuture<?> deadline = this.listener.schedule(this::handshakeExpired, ssl.handshakeTimeout());
		try {
			this.socket.setSoTimeout(timeout(ssl.handshakeTimeout()));
			tls.startHandshake();
			if (this.handshake.compareAndSet(HANDSHAKING, HANDSHAKE_DONE)) {
				return true;
			}
			this.listener.handshakeFailed(this.session, timedOut, false);
		}
		catch (IOException ex) {
			boolean expired = this.handshake.getAndSet(HANDSHAKE_EXPIRED) == HANDSHAKE_EXPIRED
					|| ex instanceof SocketTimeoutException;
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
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing is all we wanted
			}
		}
	}

	private static int timeout(Duration timeout) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		return (this.transport instanceof SSLSocket tls) ? tls.getSession() : null;
	}

	@Override
	public @Nullable InetSocketAddress proxiedSource() {
		return this.proxied;
	}

	@Override
	protected InputStream inputStream() throws IOException {
		FrameInputStream in = this.input;
		if (in == null) {
			InputStream source = this.transport.getInputStream();
			if (this.pushedBack.length > 0) {
				// bytes read while looking for a PROXY header that was not there
				source = new SequenceInputStream(new ByteArrayInputStream(this.pushedBack), source);
			}
			in = new FrameInputStream(source, INPUT_BUFFER_SIZE, this::flushQuietly);
			this.input = in;
		}
		return in;
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		if (!isNoReadErrorOnClose()) {
			if (ConnectionErrors.isEndOfStream(exception)) {
				// the peer shut down its output (half-close): answers to what it sent
				// still go out
				this.session.awaitPendingResults(this.listener.definition().writeTimeout());
			}
			else if (ConnectionErrors.isTimeout(exception)) {
				this.listener.timedOut("idle");
			}
			else {
				TcpException error = ConnectionErrors.classify(exception, getConnectionId());
				if (error != null) {
					this.session.failed(error);
					// reported once, through @OnError or its WARN: Spring Integration
					// need not log it again
					setNoReadErrorOnClose(true);
				}
			}
		}
		flushQuietly();
		return super.handleReadException(exception);
	}

	@Override
	@SuppressWarnings("unchecked")
	public void writeFrame(byte[] frame) {
		if (this.closing) {
			throw new TcpConnectionClosedException(getConnectionId());
		}
		this.writeLock.lock();
		try {
			FrameOutputStream out = output();
			((Serializer<byte[]>) getSerializer()).serialize(frame, out);
			if (Thread.currentThread() == this.reader) {
				this.flushPending = true;
			}
			else {
				out.flush();
			}
			this.framesSent++;
		}
		catch (IOException ex) {
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
			out = new FrameOutputStream(new WriteTimingStream(this.transport.getOutputStream()));
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
				out.flush();
			}
		}
		catch (IOException ex) {
			this.session.failed(writeFailed(ex));
		}
		finally {
			this.writeLock.unlock();
		}
	}

	@Override
	public void close() {
		this.closing = true;
		if (this.writeLock.tryLock()) {
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
		if (in != null && in.available() > 0) {
			return true;
		}
		try {
			// received by the kernel but not read yet
			return !this.socket.isClosed() && this.transport.getInputStream().available() > 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public long bytesReceived() {
		FrameInputStream in = this.input;
		return (in != null) ? in.bytesRead() : 0;
	}

	@Override
	public long bytesSent() {
		FrameOutputStream out = this.output;
		return (out != null) ? out.bytesWritten() : 0;
	}

	@Override
	public long framesSent() {
		return this.framesSent;
	}

	@Override
	public long writeStartedAt() {
		return this.writeStartedAt;
	}

	@Override
	public void abortWrite() {
		this.writeTimedOut = true;
		this.listener.timedOut("write");
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing is all we wanted
		}
	}

	/**
	 * Marks when a write to the socket starts, for the write-timeout.
	 */
	private final class WriteTimingStream extends java.io.FilterOutputStream {

		WriteTimingStream(java.io.OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			// only writes that reach the socket can block: they are what the
			// write-timeout watches
			NetSessionConnection.this.writeStartedAt = System.nanoTime();
			try {
				this.out.write(bytes, offset, length);
			}
			finally {
				NetSessionConnection.this.writeStartedAt = 0;
			}
		}

	}

}
