package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.listener.TcpConnectionInfo;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.listener.TcpTimeoutKind;

/**
 * A connection of an {@code nio} listener: a {@code TcpNioConnection} that drives its
 * {@link ConnectionSession}. {@code @OnConnect} runs on the listener's executor (never on
 * the selector thread), and frames wait for it. Frames are handed to the session while
 * Spring Integration holds the connection's read lock, which keeps them in stream order
 * although Spring Integration assembles them on several threads.
 * <p>
 * <b>Half-close.</b> Spring Integration closes a connection as soon as a read sees the
 * peer's FIN, while frames received before it may still wait to be assembled. Here the
 * close is deferred: the reading thread marks the input as ended and waits (at most
 * {@code write-timeout}) until the frames already received have been handled and
 * answered, and until no assembler is still in a frame (see {@link InputEnd}); then the
 * connection closes and {@code @OnClose} runs.
 */
final class NioServerConnection extends TcpNioConnection implements ServerConnection {

	// Spring Integration asks for a 60 KiB read buffer per connection and keeps it for
	// the connection's life once it has read. 16 KiB put an idle connection at 20.4 KiB
	// of heap in the soak (target 20); a read takes at most this much, and Spring
	// Integration copies each read into an array of its own anyway
	private static final int READ_BUFFER_SIZE = 8 * 1024;

	private final SocketChannel channel;

	private final ListenerContext context;

	private final ConnectionSession session;

	private final ConnectionWriter writer;

	private final AddressLease lease;

	private final CompletableFuture<Boolean> opened = new CompletableFuture<>();

	private final InputEnd inputEnd;

	private final AtomicReference<@Nullable CloseReason> closeReason = new AtomicReference<>();

	// the thread in readPacket(): only one reads a connection
	// at a time, while the assembler runs on others
	private volatile @Nullable Thread reader;

	private @Nullable Throwable readError;

	// written by the assembler holding Spring Integration's read lock
	private long bytesReceived;

	NioServerConnection(SocketChannel channel, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, ListenerContext context) {
		super(channel, true, lookupHost, publisher, factoryName);
		this.channel = channel;
		this.context = context;
		this.session = new ConnectionSession(context, getConnectionId());
		this.inputEnd = new InputEnd(inputStream());
		this.writer = new ConnectionWriter(getConnectionId(), context.definition().writeTimeout(), context.serializer(),
				context.executor(), this::closeChannel);
		this.lease = new AddressLease(context.addresses());
		// instead of send(), whose buffer is as large as the socket's send buffer
		// (megabytes); no thread reads this connection alone, so every write is flushed
		this.writer.attach(getChannelOutputStream(), null);
		this.writer.afterQueueWritten(this::closeIfDraining);
	}

	/**
	 * Run {@code @OnConnect} on the listener's executor.
	 */
	@Override
	public void admitted() {
		try {
			this.context.executor().execute(() -> {
				boolean accepted = this.session.open(this.writer, addresses());
				this.opened.complete(accepted);
				if (!accepted) {
					close(CloseReason.REJECTED);
				}
			});
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			this.context.statistics().countRejection(TcpRejectionReason.RESOURCES);
			logger.warn("TCP listener '" + this.context.listenerName() + "' closed connection " + getConnectionId()
					+ ": no thread to serve it (" + ex + ")");
			// refused like a connection over a limit: Spring Integration has not
			// registered the channel yet
			close(CloseReason.REFUSED);
		}
	}

	private ConnectionAddresses addresses() {
		java.net.Socket socket = this.channel.socket();
		return new ConnectionAddresses((InetSocketAddress) socket.getRemoteSocketAddress(), null,
				new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort()), null);
	}

	@Override
	public void frameDecoded(byte[] frame) {
		this.bytesReceived += frame.length;
		if (!this.opened.join()) {
			return;
		}
		this.inputEnd.dispatchStarted();
		try {
			this.session.frameDecoded(frame);
		}
		finally {
			this.inputEnd.dispatchEnded();
		}
		closeIfDraining();
	}

	@Override
	public void decodeFailed(RuntimeException failure) {
		readFailed(failure);
	}

	/**
	 * Report the failure that ends reading, unless this side closed the connection.
	 */
	private void readFailed(Throwable failure) {
		CloseReason closing = this.closeReason.get();
		if (closing != null && closing.isLocal()) {
			return;
		}
		TcpException error = ConnectionErrors.classify(failure, getConnectionId());
		if (error != null && this.opened.join()) {
			this.closeReason.compareAndSet(null, CloseReason.of(error));
			this.session.failed(error);
			setNoReadErrorOnClose(true);
		}
	}

	@Override
	public void readPacket() {
		this.reader = Thread.currentThread();
		this.readError = null;
		try {
			super.readPacket();
		}
		finally {
			this.reader = null;
		}
		if (this.inputEnd.hasPeerEnded() && isOpen()) {
			if (!this.inputEnd.await(this.context.definition().writeTimeout())) {
				logger.debug("Frames of connection " + getConnectionId() + " not all handled before it closed");
			}
			close(CloseReason.PEER_CLOSED);
		}
	}

	/**
	 * A read saw the peer's FIN (a read error would have been published first): defer the
	 * close until the frames already received are handled (see {@link #readPacket()}).
	 */
	@Override
	protected void closeConnection(boolean isException) {
		if (isReading() && this.readError == null && this.closeReason.get() == null) {
			this.inputEnd.peerEnded();
			closeInput();
			return;
		}
		super.closeConnection(isException);
	}

	/**
	 * Assemble frames (Spring Integration runs this on the executor while data is
	 * available), counting the assemblers so that a half-close waits for them.
	 */
	@Override
	public void run() {
		if (this.closeReason.get() == CloseReason.REFUSED) {
			return;
		}
		this.inputEnd.assemblerStarted();
		try {
			super.run();
		}
		finally {
			this.inputEnd.assemblerEnded();
		}
	}

	private boolean isReading() {
		return this.reader == Thread.currentThread();
	}

	private void closeInput() {
		try {
			// what is queued stays readable; a frame cut
			// off by the FIN then fails as truncated
			inputStream().close();
		}
		catch (IOException ex) {
			// the input is ended either way
		}
	}

	/**
	 * Read errors of the socket (not of the codec, which reach {@link #decodeFailed} from
	 * the mapper) and idle timeouts arrive here, before Spring Integration closes the
	 * connection.
	 */
	@Override
	public void publishConnectionExceptionEvent(Throwable cause) {
		if (ConnectionErrors.isTimeout(cause)) {
			this.context.statistics().countTimeout(TcpTimeoutKind.IDLE);
			this.closeReason.compareAndSet(null, CloseReason.IDLE_TIMEOUT);
		}
		else if (isReading()) {
			this.readError = cause;
			readFailed(cause);
		}
		super.publishConnectionExceptionEvent(cause);
	}

	@Override
	protected ByteBuffer allocate(int length) {
		return super.allocate(Math.min(length, READ_BUFFER_SIZE));
	}

	@Override
	public void close(CloseReason reason) {
		this.closeReason.compareAndSet(null, reason);
		if (reason == CloseReason.REFUSED) {
			refuse();
			return;
		}
		if (reason == CloseReason.WRITE_TIMEOUT) {
			// the writer is blocked on the channel: close it under the writer
			closeChannel(reason);
		}
		this.writer.close(reason);
	}

	/**
	 * Closing now would make Spring Integration fail to register the channel and log an
	 * error: end both directions instead, and the selector closes it on its next pass.
	 */
	private void refuse() {
		this.opened.complete(false);
		try {
			this.channel.shutdownInput();
			this.channel.shutdownOutput();
		}
		catch (IOException ex) {
			closeChannel(CloseReason.REFUSED);
		}
		this.session.closed(CloseReason.REFUSED);
	}

	/**
	 * Spring Integration's close: after a read ended, when its factory stops, or from
	 * {@link #closeChannel}. Unless the peer's FIN ended the input (a frame it cut off is
	 * then still to be reported), this side is closing it: a read it interrupts is not an
	 * error.
	 */
	@Override
	public void close() {
		CloseReason reason = this.context.isClosed() ? CloseReason.SHUTDOWN
				: this.inputEnd.hasPeerEnded() ? CloseReason.PEER_CLOSED : CloseReason.LOCAL;
		close(reason);
	}

	/**
	 * Close the channel: the writer's way to close, between writes.
	 */
	private void closeChannel(CloseReason reason) {
		this.closeReason.compareAndSet(null, reason);
		this.context.closing(reason);
		super.close();
		this.session.closing();
		this.inputEnd.closed();
		// @OnClose after @OnConnect, and never on the selector thread
		this.opened.whenComplete((accepted, failure) -> runOffSelector(this::ended));
	}

	private void ended() {
		CloseReason reason = this.closeReason.get();
		this.session.closed((reason != null) ? reason : CloseReason.PEER_CLOSED);
		this.context.statistics().retire(this);
	}

	private void runOffSelector(Runnable task) {
		try {
			this.context.executor().execute(task);
		}
		catch (RuntimeException ex) {
			// the listener is shutting down, or its executor refuses work: run it here
			task.run();
		}
	}

	@Override
	public boolean closeIfIdle() {
		if (this.inputEnd.unassembled() > 0 || !this.session.stopIfIdle()) {
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

	@Override
	public void checkDeadlines(long now) {
		if (this.closeReason.get() == CloseReason.REFUSED && isOpen()) {
			// refused after it was admitted (no thread for it): Spring Integration has
			// registered the channel by now, and no read may come to close it
			closeChannel(CloseReason.REFUSED);
			return;
		}
		if (this.writer.expireWrite(now)) {
			this.context.logTimeout(getConnectionId(), "a write", this.context.definition().writeTimeout(),
					"write-timeout");
			this.context.statistics().countTimeout(TcpTimeoutKind.WRITE);
			close(CloseReason.WRITE_TIMEOUT);
		}
	}

	@Override
	public String id() {
		return getConnectionId();
	}

	@Override
	public InetAddress peerAddress() {
		return this.channel.socket().getInetAddress();
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
		return new TcpConnectionInfo(getConnectionId(), this.context.listenerName(), getHostAddress() + ":" + getPort(),
				this.session.openedAt(), this.bytesReceived, bytesSent(), false);
	}

	@Override
	public long framesSent() {
		return this.writer.framesSent();
	}

	@Override
	public long bytesReceived() {
		return this.bytesReceived;
	}

	@Override
	public long bytesSent() {
		return this.writer.bytesSent();
	}

}
