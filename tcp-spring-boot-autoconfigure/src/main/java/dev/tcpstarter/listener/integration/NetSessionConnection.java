package dev.tcpstarter.listener.integration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

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
import dev.tcpstarter.listener.TcpTimeoutKind;

/**
 * A {@code TcpNetConnection} that carries its session and runs its read loop with lighter
 * stream handling than Spring Integration's: reads go through an unlocked buffer (instead
 * of one socket read per header byte), and responses written on the reader thread are
 * flushed once the buffered input has been handled, just before the next blocking read
 * (see {@link ConnectionWriter}).
 * <p>
 * The reader thread establishes the connection (PROXY header, TLS handshake; see
 * {@link ConnectionEstablisher}), calls {@code @OnConnect}, reads frames, and finally
 * calls {@code @OnClose}, so every handler of a connection runs on that one thread.
 * <p>
 * With TLS, frames go through an {@code SSLSocket} layered over the accepted socket.
 * Ending the connection closes the accepted socket: an {@code SSLSocket}'s close would
 * send a close_notify alert, which can wait forever behind a write the peer does not
 * read.
 */
final class NetSessionConnection extends TcpNetConnection implements SessionConnection {

	// grows when reads fill it (see FrameInputStream)
	private static final int INPUT_BUFFER_SIZE = 2048;

	private final Socket socket;

	private final SessionContext context;

	private final ConnectionEstablisher establisher;

	private final ConnectionSession session;

	private final ConnectionWriter writer;

	// written by the reader thread before the first frame, read by any thread afterwards
	private volatile Socket transport;

	private volatile @Nullable InetSocketAddress proxied;

	private byte[] pushedBack = {};

	// the reader thread's alone
	private @Nullable FrameInputStream input;

	private volatile boolean closing;

	private volatile boolean refused;

	NetSessionConnection(Socket socket, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, SessionContext context, ConnectionEstablisher establisher) {
		super(socket, true, lookupHost, publisher, factoryName);
		this.socket = socket;
		this.transport = socket;
		this.context = context;
		this.establisher = establisher;
		this.session = new ConnectionSession(context, this, getConnectionId());
		this.writer = new ConnectionWriter(getConnectionId(), context.definition().writeTimeout());
	}

	@Override
	public void run() {
		this.writer.deferFlushOnCurrentThread();
		try {
			ConnectionEstablisher.Established established = this.establisher.establish(this.socket, this.session);
			if (established == null) {
				return;
			}
			this.transport = established.transport();
			this.proxied = established.proxied();
			this.pushedBack = established.unread();
			this.writer.attach(this.transport.getOutputStream());
			if (this.session.open()) {
				super.run();
			}
		}
		catch (IOException ex) {
			logger.debug("Connection " + getConnectionId() + " failed before its handler: " + ex);
		}
		finally {
			flushQuietly();
			close();
			this.session.closed();
		}
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
				this.session.awaitPendingResults(this.context.definition().writeTimeout());
			}
			else if (ConnectionErrors.isTimeout(exception)) {
				this.context.statistics().countTimeout(TcpTimeoutKind.IDLE);
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
		try {
			this.writer.write(frame, (Serializer<byte[]>) getSerializer());
		}
		catch (TcpConnectionException ex) {
			closeConnection(true);
			throw ex;
		}
	}

	/**
	 * Flush what the reader thread has written, before it blocks for more input.
	 */
	private void flushQuietly() {
		try {
			this.writer.flushDeferred();
		}
		catch (TcpConnectionException ex) {
			closeConnection(true);
			this.session.failed(ex);
		}
	}

	@Override
	public void close() {
		this.closing = true;
		if (!this.socket.isClosed()) {
			this.writer.flushBeforeClose();
		}
		super.close();
	}

	@Override
	public void closeLocally() {
		// a read this interrupts ends quietly: close() marks the connection as closing
		close();
	}

	@Override
	public void refuse() {
		this.refused = true;
		close();
		this.session.closed();
	}

	@Override
	public InetAddress peerAddress() {
		return this.socket.getInetAddress();
	}

	@Override
	public boolean isRefused() {
		return this.refused;
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
	public ConnectionWriter writer() {
		return this.writer;
	}

	@Override
	public void abortWrite() {
		this.writer.timedOut();
		this.context.statistics().countTimeout(TcpTimeoutKind.WRITE);
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing is all we wanted
		}
	}

}
