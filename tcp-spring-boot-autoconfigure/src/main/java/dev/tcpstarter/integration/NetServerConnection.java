package dev.tcpstarter.integration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.listener.TcpConnectionInfo;
import dev.tcpstarter.listener.TcpTimeoutKind;

/**
 * A connection of a {@code net} listener: a {@code TcpNetConnection} whose thread
 * establishes the connection (PROXY header, TLS handshake; see
 * {@link ConnectionEstablisher}), opens its {@link ConnectionSession}, reads frames
 * through an unlocked buffer (instead of one socket read per header byte) and hands them
 * to the session, and finally reports the close, so every handler of a connection runs on
 * that one thread.
 * <p>
 * Responses written on this thread are flushed once the buffered input has been handled,
 * just before the next blocking read ({@link ConnectionWriter#flushIfReadComplete()}).
 * With TLS, frames go through an {@code SSLSocket} layered over the accepted socket.
 * Ending the connection closes the accepted socket: an {@code SSLSocket}'s close would
 * send a close_notify alert, which can wait forever behind a write the peer does not
 * read.
 */
final class NetServerConnection extends TcpNetConnection implements ServerConnection {

	// grows when reads fill it, and shrinks back
	// when they stop doing so (see FrameInputStream)
	private static final int INPUT_BUFFER_SIZE = 2048;

	private final Socket socket;

	private final ListenerContext context;

	private final ConnectionEstablisher establisher;

	private final ConnectionSession session;

	private final ConnectionWriter writer;

	private final AddressLease lease;

	// the first reason the connection was closed for
	private final AtomicReference<@Nullable CloseReason> closeReason = new AtomicReference<>();

	// taken by the reader thread when it starts, or by a close
	// that comes first: whoever takes it ends the session
	private final AtomicBoolean started = new AtomicBoolean();

	// written by the reader thread before the first frame, read by any thread afterwards
	private volatile Socket transport;

	private volatile @Nullable ConnectionAddresses addresses;

	private byte[] pushedBack = {};

	// created by the reader thread before its first read;
	// read by other threads for counters and deadlines
	private volatile @Nullable FrameInputStream input;

	NetServerConnection(Socket socket, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, ListenerContext context, ConnectionEstablisher establisher) {
		super(socket, true, lookupHost, publisher, factoryName);
		this.socket = socket;
		this.transport = socket;
		this.context = context;
		this.establisher = establisher;
		this.session = new ConnectionSession(context, getConnectionId());
		this.writer = new ConnectionWriter(getConnectionId(), context.definition().writeTimeout(), context.serializer(),
				context.executor(), this::closeSocket);
		this.lease = new AddressLease(context.addresses());
		this.writer.afterQueueWritten(this::closeIfDraining);
	}

	@Override
	public void run() {
		if (!this.started.compareAndSet(false, true)) {
			// closed before it got its thread
			return;
		}
		try {
			ConnectionEstablisher.Established established = this.establisher.establish(this.socket, this.lease,
					getConnectionId(), this::close);
			if (established == null) {
				close(CloseReason.REFUSED);
				return;
			}
			this.transport = established.transport();
			this.pushedBack = established.unread();
			ConnectionAddresses addresses = addressesOf(established);
			this.addresses = addresses;
			this.writer.attach(this.transport.getOutputStream(), Thread.currentThread());
			if (!this.session.open(this.writer, addresses)) {
				close(CloseReason.REJECTED);
				return;
			}
			super.run();
		}
		catch (IOException ex) {
			logger.debug("Connection " + getConnectionId() + " failed before its handler: " + ex);
			close(CloseReason.IO_ERROR);
		}
		finally {
			flushAtReadComplete();
			close();
			this.session.closed(reason());
			this.context.statistics().retire(this);
		}
	}

	private ConnectionAddresses addressesOf(ConnectionEstablisher.Established established) {
		InetSocketAddress peer = (InetSocketAddress) this.socket.getRemoteSocketAddress();
		InetSocketAddress proxied = established.proxied();
		InetSocketAddress local = new InetSocketAddress(this.socket.getLocalAddress(), this.socket.getLocalPort());
		SSLSession ssl = (this.transport instanceof SSLSocket tls) ? tls.getSession() : null;
		return (proxied != null) ? new ConnectionAddresses(proxied, peer, local, ssl)
				: new ConnectionAddresses(peer, null, local, ssl);
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		ConnectionAddresses current = this.addresses;
		return (current != null) ? current.sslSession() : null;
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
			in = new FrameInputStream(source, INPUT_BUFFER_SIZE, this::flushAtReadComplete,
					this.context.definition().frameTimeout() != null);
			this.input = in;
		}
		return in;
	}

	@Override
	public void frameDecoded(byte[] frame) {
		FrameInputStream in = this.input;
		if (in != null) {
			in.frameEnded();
		}
		this.session.frameDecoded(frame);
		if (this.context.isDraining()) {
			closeIfIdle();
		}
	}

	@Override
	public void decodeFailed(RuntimeException failure) {
		// reported by handleReadException, which Spring Integration calls next
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		CloseReason closing = this.closeReason.get();
		if (closing != null && closing.isLocal()) {
			// this side closed the connection: the read it interrupted is no error
			setNoReadErrorOnClose(true);
		}
		else if (!isNoReadErrorOnClose()) {
			if (ConnectionErrors.isEndOfStream(exception)) {
				// the peer shut down its output (half-close):
				// answers to what it sent still go out
				this.session.awaitResults(this.context.definition().writeTimeout());
				this.closeReason.compareAndSet(null, CloseReason.PEER_CLOSED);
			}
			else if (ConnectionErrors.isTimeout(exception)) {
				this.context.statistics().countTimeout(TcpTimeoutKind.IDLE);
				this.closeReason.compareAndSet(null, CloseReason.IDLE_TIMEOUT);
			}
			else {
				TcpException error = ConnectionErrors.classify(exception, getConnectionId());
				if (error != null) {
					this.closeReason.compareAndSet(null, CloseReason.of(error));
					this.session.failed(error);
					// reported once, through @OnError or its WARN:
					// Spring Integration need not log it again
					setNoReadErrorOnClose(true);
				}
			}
		}
		flushAtReadComplete();
		return super.handleReadException(exception);
	}

	/**
	 * Flush what this thread has written and what was queued, before it blocks for more
	 * input.
	 */
	private void flushAtReadComplete() {
		try {
			this.writer.flushIfReadComplete();
		}
		catch (TcpConnectionException ex) {
			this.session.failed(ex);
		}
	}

	@Override
	public void close(CloseReason reason) {
		this.closeReason.compareAndSet(null, reason);
		if (reason == CloseReason.WRITE_TIMEOUT || reason == CloseReason.FRAME_TIMEOUT) {
			// the writer or the reader is blocked on the socket: close it under them
			closeSocket(reason);
		}
		this.writer.close(reason);
	}

	/**
	 * Spring Integration's close: after a read ended, when its factory stops, or from
	 * {@link #closeSocket}.
	 */
	@Override
	public void close() {
		close(this.context.isClosed() ? CloseReason.SHUTDOWN : CloseReason.PEER_CLOSED);
	}

	/**
	 * Close the accepted socket: the writer's way to close, between writes.
	 */
	private void closeSocket(CloseReason reason) {
		this.closeReason.compareAndSet(null, reason);
		this.context.closing(reason);
		super.close();
		this.session.closing();
		if (this.started.compareAndSet(false, true)) {
			// closed before its reader thread started (refused at accept, no
			// thread for it, the listener stopped): its session ends here
			this.session.closed(reason);
			this.context.statistics().retire(this);
		}
	}

	private CloseReason reason() {
		CloseReason reason = this.closeReason.get();
		return (reason != null) ? reason : CloseReason.PEER_CLOSED;
	}

	@Override
	public boolean closeIfIdle() {
		if (hasUnreadInput() || !this.session.stopIfIdle()) {
			return false;
		}
		close(CloseReason.DRAINED);
		return true;
	}

	private void closeIfDraining() {
		if (this.context.isDraining()) {
			closeIfIdle();
		}
	}

	private boolean hasUnreadInput() {
		FrameInputStream in = this.input;
		try {
			// buffered, or received by the kernel but not read yet
			return in != null && !this.socket.isClosed() && in.arrived() > 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void checkDeadlines(long now) {
		if (this.writer.expireWrite(now)) {
			this.context.logTimeout(getConnectionId(), "a write", this.context.definition().writeTimeout(),
					"write-timeout");
			this.context.statistics().countTimeout(TcpTimeoutKind.WRITE);
			close(CloseReason.WRITE_TIMEOUT);
			return;
		}
		FrameInputStream in = this.input;
		Duration frameTimeout = this.context.definition().frameTimeout();
		long frameStarted = (in != null) ? in.frameStartedAt() : 0;
		if (frameTimeout != null && frameStarted != 0 && now - frameStarted > frameTimeout.toNanos()) {
			this.context.logTimeout(getConnectionId(), "a frame", frameTimeout, "frame-timeout");
			this.context.statistics().countTimeout(TcpTimeoutKind.FRAME);
			close(CloseReason.FRAME_TIMEOUT);
		}
	}

	@Override
	public void admitted() {
		// served on its own reader thread, which Spring Integration starts next
	}

	@Override
	public String id() {
		return getConnectionId();
	}

	@Override
	public InetAddress peerAddress() {
		return this.socket.getInetAddress();
	}

	@Override
	public AddressLease lease() {
		return this.lease;
	}

	@Override
	public ConnectionSession session() {
		return this.session;
	}

	@Override
	public TcpConnectionInfo info() {
		ConnectionAddresses current = this.addresses;
		String remote = (current != null) ? current.remoteHost() + ":" + current.remote().getPort()
				: this.socket.getInetAddress().getHostAddress() + ":" + this.socket.getPort();
		return new TcpConnectionInfo(getConnectionId(), this.context.listenerName(), remote, this.session.openedAt(),
				bytesReceived(), bytesSent(), current != null && current.sslSession() != null);
	}

	@Override
	public long framesSent() {
		return this.writer.framesSent();
	}

	@Override
	public long bytesReceived() {
		FrameInputStream in = this.input;
		return (in != null) ? in.bytesRead() : 0;
	}

	@Override
	public long bytesSent() {
		return this.writer.bytesSent();
	}

}
