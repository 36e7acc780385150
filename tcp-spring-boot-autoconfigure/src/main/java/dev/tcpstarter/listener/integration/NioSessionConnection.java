package dev.tcpstarter.listener.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.listener.TcpTimeoutKind;

/**
 * A {@code TcpNioConnection} that carries its session. {@code @OnConnect} runs on the
 * listener's executor (never on the selector thread), and frames wait for it. Frames are
 * handed to the session while Spring Integration holds the connection's read lock, which
 * keeps them in stream order although Spring Integration assembles them on several
 * threads.
 * <p>
 * <b>Half-close.</b> Spring Integration closes a connection as soon as a read sees the
 * peer's FIN, while frames received before it may still wait to be assembled. Here the
 * close is deferred: the reading thread marks the input as ended and waits (at most
 * {@code write-timeout}) until the frames already received have been handled and
 * answered, and until no assembler is still in a frame (see {@link InputEnd}); then the
 * connection closes and {@code @OnClose} runs.
 */
final class NioSessionConnection extends TcpNioConnection implements SessionConnection {

	// Spring Integration asks for a 60 KiB read buffer per connection
	private static final int READ_BUFFER_SIZE = 16 * 1024;

	private final SocketChannel channel;

	private final SessionContext context;

	private final Executor executor;

	private final ConnectionSession session;

	private final ConnectionWriter writer;

	private final CompletableFuture<Boolean> opened = new CompletableFuture<>();

	private final InputEnd inputEnd;

	// the thread in readPacket(): only one reads a connection at a time, while the
	// assembler runs on others
	private volatile @Nullable Thread reader;

	private @Nullable Throwable readError;

	private volatile boolean closeRequested;

	private volatile boolean refused;

	// written by the assembler holding Spring Integration's read lock
	private long bytesReceived;

	NioSessionConnection(SocketChannel channel, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, SessionContext context, Executor executor) {
		super(channel, true, lookupHost, publisher, factoryName);
		this.channel = channel;
		this.context = context;
		this.executor = executor;
		this.session = new ConnectionSession(context, this, getConnectionId());
		this.inputEnd = new InputEnd(inputStream());
		this.writer = new ConnectionWriter(getConnectionId(), context.definition().writeTimeout());
		// instead of send(), whose buffer is as large as the socket's send buffer
		// (megabytes)
		this.writer.attach(getChannelOutputStream());
	}

	/**
	 * Run {@code @OnConnect} on the listener's executor.
	 */
	@Override
	public void admitted() {
		try {
			this.executor.execute(() -> {
				boolean accepted = this.session.open();
				this.opened.complete(accepted);
				if (!accepted) {
					closeLocally();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.context.statistics().countRejection(TcpRejectionReason.RESOURCES);
			this.opened.complete(false);
			closeLocally();
		}
	}

	/**
	 * Hand a decoded frame to the session, once {@code @OnConnect} has run. Called by the
	 * assembler while Spring Integration holds the connection's read lock.
	 */
	void frameDecoded(byte[] frame) {
		this.bytesReceived += frame.length;
		if (!this.opened.join()) {
			return;
		}
		this.inputEnd.dispatchStarted();
		try {
			this.session.onFrame(frame);
		}
		finally {
			this.inputEnd.dispatchEnded();
		}
	}

	/**
	 * Report the failure that ends reading, unless this side closed the connection.
	 */
	void readFailed(Throwable failure) {
		if (this.closeRequested) {
			return;
		}
		TcpException error = ConnectionErrors.classify(failure, getConnectionId());
		if (error != null && this.opened.join()) {
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
			super.closeConnection(true);
		}
	}

	/**
	 * A read saw the peer's FIN (a read error would have been published first): defer the
	 * close until the frames already received are handled (see {@link #readPacket()}).
	 */
	@Override
	protected void closeConnection(boolean isException) {
		if (isReading() && this.readError == null && !this.closeRequested) {
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
			// what is queued stays readable; a frame cut off by the FIN then fails as
			// truncated
			inputStream().close();
		}
		catch (IOException ex) {
			// the input is ended either way
		}
	}

	/**
	 * Read errors of the socket (not of the codec, which reach {@link #readFailed} from
	 * the mapper) and idle timeouts arrive here, before Spring Integration closes the
	 * connection.
	 */
	@Override
	public void publishConnectionExceptionEvent(Throwable cause) {
		if (ConnectionErrors.isTimeout(cause)) {
			this.context.statistics().countTimeout(TcpTimeoutKind.IDLE);
		}
		else if (isReading()) {
			this.readError = cause;
			readFailed(cause);
		}
		super.publishConnectionExceptionEvent(cause);
	}

	@Override
	@SuppressWarnings("unchecked")
	public void writeFrame(byte[] frame) {
		if (!isOpen()) {
			throw new TcpConnectionClosedException(getConnectionId());
		}
		try {
			this.writer.write(frame, (Serializer<byte[]>) getSerializer());
		}
		catch (TcpConnectionException ex) {
			closeLocally();
			throw ex;
		}
	}

	@Override
	protected ByteBuffer allocate(int length) {
		return super.allocate(Math.min(length, READ_BUFFER_SIZE));
	}

	/**
	 * Close because this side asked to, also after the peer's FIN (a handler closing a
	 * half-closed connection): the read failure that follows is not an error.
	 */
	@Override
	public void closeLocally() {
		this.closeRequested = true;
		close();
	}

	/**
	 * Close the connection. Unless the peer's FIN ended the input (a frame it cut off is
	 * then still to be reported), this side is closing it, from a handler, a timeout or
	 * the listener's stop: a read it interrupts is not an error.
	 */
	@Override
	public void close() {
		if (!this.inputEnd.hasPeerEnded()) {
			this.closeRequested = true;
		}
		super.close();
		this.inputEnd.closed();
		// @OnClose after @OnConnect, and never on the selector thread
		this.opened.whenComplete((accepted, failure) -> runOffSelector(this.session::closed));
	}

	private void runOffSelector(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// the listener is shutting down: run it here
			task.run();
		}
	}

	@Override
	public void refuse() {
		this.refused = true;
		this.opened.complete(false);
		try {
			// closing now would make Spring Integration fail to register the channel and
			// log an
			// error: end both directions instead, and the selector closes it on its next
			// pass
			this.channel.shutdownInput();
			this.channel.shutdownOutput();
		}
		catch (IOException ex) {
			closeLocally();
		}
	}

	@Override
	public InetAddress peerAddress() {
		return this.channel.socket().getInetAddress();
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
		return this.inputEnd.unassembled() > 0;
	}

	@Override
	public long bytesReceived() {
		return this.bytesReceived;
	}

	@Override
	public ConnectionWriter writer() {
		return this.writer;
	}

	@Override
	public void abortWrite() {
		this.writer.timedOut();
		this.context.statistics().countTimeout(TcpTimeoutKind.WRITE);
		closeLocally();
	}

}
