package dev.tcpstarter.listener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.framing.FrameOutputStream;

/**
 * A {@code TcpNioConnection} that carries its session. {@code @OnConnect} runs on the
 * listener's executor (never on the selector thread); frames wait for it. Frames are
 * handed to the session while Spring Integration holds the connection's read lock, which
 * keeps them in stream order although Spring Integration assembles them on several
 * threads.
 *
 * @author tcp-spring-boot-starter
 */
final class NioSessionConnection extends TcpNioConnection implements SessionConnection {

	private static final int READ_BUFFER_SIZE = 16 * 1024;

	private final TcpServerListener listener;

	private @Nullable FrameOutputStream output;

	private final ConnectionSession session;

	private final CompletableFuture<Boolean> opened = new CompletableFuture<>();

	private final ReentrantLock writeLock = new ReentrantLock();

	private volatile long writeStartedAt;

	private volatile boolean closeRequested;

	// guarded by writeLock
	private long bytesSent;

	// guarded by writeLock
	private long framesSent;

	private long bytesReceived;

	NioSessionConnection(SocketChannel channel, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, TcpServerListener listener) {
		super(channel, true, lookupHost, publisher, factoryName);
		this.listener = listener;
		this.session = new ConnectionSession(listener, this);
	}

	/**
	 * Run {@code @OnConnect} on {@code executor}.
	 */
	void open(Executor executor) {
		try {
			executor.execute(() -> {
				boolean accepted = this.listener.open(this.session);
				this.opened.complete(accepted);
				if (!accepted) {
					closeLocally();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.opened.complete(false);
			closeLocally();
		}
	}

	/**
	 * Wait until {@code @OnConnect} has run.
	 * @return whether the connection got a connection service
	 */
	boolean awaitOpen() {
		return this.opened.join();
	}

	void frameDecoded(byte[] frame) {
		this.bytesReceived += frame.length;
		if (awaitOpen()) {
			this.session.onFrame(frame);
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
		if (error != null && awaitOpen()) {
			this.session.failed(error);
			setNoReadErrorOnClose(true);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public void writeFrame(byte[] frame) {
		if (!isOpen()) {
			throw new TcpConnectionClosedException(getConnectionId());
		}
		this.writeLock.lock();
		try {
			FrameOutputStream out = this.output;
			if (out == null) {
				// instead of send(), whose buffer is as large as the socket's send buffer
				// (megabytes)
				out = new FrameOutputStream(getChannelOutputStream());
				this.output = out;
			}
			this.writeStartedAt = System.nanoTime();
			((Serializer<byte[]>) getSerializer()).serialize(frame, out);
			out.flush();
			this.bytesSent += frame.length;
			this.framesSent++;
		}
		catch (IOException ex) {
			closeConnection(true);
			throw new TcpConnectionException("Write failed on connection " + getConnectionId() + ": " + ex.getMessage(),
					ex);
		}
		finally {
			this.writeStartedAt = 0;
			this.writeLock.unlock();
		}
	}

	@Override
	protected ByteBuffer allocate(int length) {
		// Spring Integration asks for a 60 KiB read buffer per connection
		return super.allocate(Math.min(length, READ_BUFFER_SIZE));
	}

	/**
	 * Close because this side asked to, so that the read failure that follows is not an
	 * error.
	 */
	void closeLocally() {
		this.closeRequested = true;
		close();
	}

	@Override
	public void close() {
		super.close();
		this.opened.thenAccept((accepted) -> {
			if (accepted) {
				this.listener.runOffSelector(this.session::closed);
			}
		});
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
		try {
			return inputStream().available() > 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public long bytesReceived() {
		return this.bytesReceived;
	}

	@Override
	public long bytesSent() {
		return this.bytesSent;
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
		closeLocally();
	}

}
