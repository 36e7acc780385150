package dev.tcpstarter.listener;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLSession;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpHandlerException;
import dev.tcpstarter.handler.ConnectionServiceType;

/**
 * One connection of a listener and the connection service serving it: the
 * {@link TcpCaller} that handlers see, and the place where frames, errors and the close
 * reach the user's methods.
 * <p>
 * Handler methods of one session run under one lock, so they never overlap even when an
 * asynchronous result fails on another thread or the transport delivers on several
 * threads. Results are written in arrival order: while an asynchronous result is pending,
 * later results queue behind it.
 *
 * @author tcp-spring-boot-starter
 */
final class ConnectionSession implements TcpCaller {

	private static final Log logger = LogFactory.getLog(ConnectionSession.class);

	private final TcpServerListener listener;

	private final SessionConnection connection;

	private final String id;

	private final ReentrantLock handlerLock = new ReentrantLock();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final long openedNanos = System.nanoTime();

	private final Instant openedAt = Instant.now();

	private @Nullable Object service;

	private @Nullable ConnectionServiceType type;

	private boolean closeDeferred;

	// guarded by handlerLock: set when a graceful stop closes this connection as idle
	private boolean draining;

	private @Nullable CompletableFuture<?> pendingResults;

	private final @Nullable TcpListenerObserver observer;

	private @Nullable Object observation;

	// written under handlerLock; read without it by metrics, which may lag by a frame
	private long framesReceived;

	ConnectionSession(TcpServerListener listener, SessionConnection connection) {
		this.listener = listener;
		this.connection = connection;
		this.id = connection.connection().getConnectionId();
		this.observer = listener.observer();
	}

	/**
	 * Call {@code @OnConnect}. On success the session serves the connection; otherwise
	 * the connection is rejected and closed.
	 * @return whether the connection got a connection service
	 */
	boolean open() {
		this.handlerLock.lock();
		try {
			Object created = invoke(TcpHandlerKind.ON_CONNECT, () -> this.listener.handler().connect(this));
			if (created != null) {
				this.type = ConnectionServiceType.of(created.getClass());
				this.service = created;
				TcpListenerObserver observer = this.observer;
				this.observation = (observer != null) ? observer.connectionOpened(this) : null;
				return true;
			}
			this.listener.rejected(this, "on-connect",
					"@OnConnect method " + this.listener.handler().describe() + " returned null", null);
		}
		catch (Throwable ex) {
			this.listener.rejected(this, "on-connect",
					"@OnConnect method " + this.listener.handler().describe() + " failed: " + ex, ex);
		}
		finally {
			this.handlerLock.unlock();
			if (this.closeDeferred) {
				closed();
			}
		}
		return false;
	}

	/**
	 * Invoke a handler other than {@code @OnBytes}, reporting it to the observer.
	 */
	private @Nullable Object invoke(TcpHandlerKind kind, HandlerCall call) throws Throwable {
		TcpListenerObserver observer = this.observer;
		if (observer == null) {
			return call.run();
		}
		long start = System.nanoTime();
		Object context = observer.handlerStarted(kind, this);
		Throwable failure = null;
		try {
			return call.run();
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			observer.handlerEnded(kind, context, start, failure);
		}
	}

	/**
	 * Hand one decoded frame to {@code @OnBytes} and write its result.
	 */
	void onFrame(byte[] frame) {
		ConnectionServiceType type = this.type;
		Object service = this.service;
		if (type == null || service == null) {
			return;
		}
		this.handlerLock.lock();
		try {
			if (this.draining) {
				// read after a graceful stop closed this connection as idle: not handled,
				// so not answered
				return;
			}
			this.framesReceived++;
			TcpListenerObserver observer = this.observer;
			// inlined rather than through invoke(): no capturing lambda per frame
			long start = (observer != null) ? System.nanoTime() : 0;
			Object context = (observer != null) ? observer.handlerStarted(TcpHandlerKind.ON_BYTES, this) : null;
			Object result;
			try {
				result = type.onBytes(service, frame, this.listener.definition().charset(), this);
			}
			catch (Throwable ex) {
				if (observer != null) {
					observer.handlerEnded(TcpHandlerKind.ON_BYTES, context, start, ex);
				}
				// a failed write already closed the connection: report it as the I/O
				// error it is
				failed((ex instanceof TcpConnectionException io) ? io : new TcpHandlerException(
						"@OnBytes method " + type.describeOnBytes() + " failed on connection " + this.id + ": " + ex,
						ex));
				return;
			}
			if (observer != null) {
				observer.handlerEnded(TcpHandlerKind.ON_BYTES, context, start, null);
			}
			if (result != null) {
				respond(result);
			}
		}
		finally {
			this.handlerLock.unlock();
			if (this.closeDeferred) {
				closed();
			}
		}
	}

	private void respond(Object result) {
		CompletableFuture<?> pending = this.pendingResults;
		if (result instanceof CompletionStage<?> stage) {
			CompletableFuture<?> previous = (pending != null) ? pending : CompletableFuture.completedFuture(null);
			this.pendingResults = previous.thenCompose((ignored) -> stage).handle(this::completed);
		}
		else if (pending != null && !pending.isDone()) {
			this.pendingResults = pending.thenRun(() -> writeResult(result));
		}
		else {
			this.pendingResults = null;
			writeResult(result);
		}
	}

	private @Nullable Void completed(@Nullable Object value, @Nullable Throwable failure) {
		if (failure != null) {
			Throwable cause = ConnectionErrors.unwrap(failure);
			reportUnderLock(
					new TcpHandlerException("@OnBytes result of connection " + this.id + " failed: " + cause, cause));
		}
		else if (value != null) {
			writeResult(value);
		}
		return null;
	}

	private void writeResult(Object result) {
		try {
			if (result instanceof byte[] bytes) {
				writeBytes(bytes);
			}
			else if (result instanceof String text) {
				write(text);
			}
			else if (result instanceof ByteBuffer buffer) {
				ByteBuffer source = buffer.duplicate();
				byte[] bytes = new byte[source.remaining()];
				source.get(bytes);
				writeBytes(bytes);
			}
			else {
				reportUnderLock(new TcpHandlerException(
						"@OnBytes of connection " + this.id + " produced a " + result.getClass().getName()
								+ "; expected byte[], String or ByteBuffer",
						new IllegalStateException("Unsupported result type")));
			}
		}
		catch (TcpConnectionClosedException ex) {
			logger.debug("Result not written: " + ex.getMessage());
		}
		catch (TcpException ex) {
			reportUnderLock(ex);
		}
	}

	private void reportUnderLock(TcpException error) {
		this.handlerLock.lock();
		try {
			failed(error);
		}
		finally {
			this.handlerLock.unlock();
		}
	}

	/**
	 * Report an error to {@code @OnError}, or log it at WARN without one.
	 */
	void failed(TcpException error) {
		this.listener.errorOccurred(ConnectionErrors.kind(error));
		ConnectionServiceType type = this.type;
		Object service = this.service;
		this.handlerLock.lock();
		try {
			if (type != null && service != null
					&& Boolean.TRUE.equals(invoke(TcpHandlerKind.ON_ERROR, () -> type.onError(service, error, this)))) {
				return;
			}
			// the message names the connection
			if (error instanceof TcpHandlerException) {
				logger.warn("TCP listener '" + listenerName() + "': " + error.getMessage(), error.getCause());
			}
			else {
				logger.warn("TCP listener '" + listenerName() + "': " + error.getMessage());
			}
		}
		catch (Throwable ex) {
			logger.warn("@OnError method of connection " + this.id + " failed while handling " + error, ex);
		}
		finally {
			this.handlerLock.unlock();
		}
	}

	/**
	 * The connection has ended: call {@code @OnClose} once. If a handler of this session
	 * is running on the calling thread (it closed its own connection), {@code @OnClose}
	 * runs when that handler returns.
	 */
	void closed() {
		if (this.handlerLock.isHeldByCurrentThread()) {
			this.closeDeferred = true;
			return;
		}
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.listener.sessionClosed(this);
		ConnectionServiceType type = this.type;
		Object service = this.service;
		if (type == null || service == null) {
			return;
		}
		this.handlerLock.lock();
		try {
			invoke(TcpHandlerKind.ON_CLOSE, () -> {
				type.onClose(service, this);
				return null;
			});
		}
		catch (Throwable ex) {
			logger.warn("@OnClose method of connection " + this.id + " failed", ex);
		}
		finally {
			this.handlerLock.unlock();
			TcpListenerObserver observer = this.observer;
			if (observer != null) {
				observer.connectionClosed(this.observation, this.openedNanos);
			}
		}
	}

	/**
	 * During a graceful stop: close the connection if it has handled all it received (no
	 * handler running, no asynchronous result pending, no input waiting). The check and
	 * the decision happen under the handler lock, and frames read afterwards are not
	 * handled, so every request is either answered or not handled at all.
	 * @return whether the connection was closed
	 */
	boolean closeIfIdle() {
		if (!this.handlerLock.tryLock()) {
			return false;
		}
		try {
			CompletableFuture<?> pending = this.pendingResults;
			if ((pending != null && !pending.isDone()) || this.connection.hasUnreadInput()) {
				return false;
			}
			this.draining = true;
		}
		finally {
			this.handlerLock.unlock();
		}
		close();
		return true;
	}

	/**
	 * Wait until the results of asynchronous handlers are written, at most
	 * {@code timeout}.
	 */
	void awaitPendingResults(java.time.Duration timeout) {
		CompletableFuture<?> pending = this.pendingResults;
		if (pending == null || pending.isDone()) {
			return;
		}
		try {
			pending.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			logger.debug("Results of connection " + this.id + " not written before it closed: " + ex);
		}
	}

	long framesReceived() {
		return this.framesReceived;
	}

	SessionConnection connection() {
		return this.connection;
	}

	long openedNanos() {
		return this.openedNanos;
	}

	Instant openedAt() {
		return this.openedAt;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String listenerName() {
		return this.listener.definition().name();
	}

	@Override
	public String remoteHost() {
		InetSocketAddress proxied = this.connection.proxiedSource();
		return (proxied != null) ? proxied.getAddress().getHostAddress()
				: this.connection.connection().getHostAddress();
	}

	@Override
	public int remotePort() {
		InetSocketAddress proxied = this.connection.proxiedSource();
		return (proxied != null) ? proxied.getPort() : this.connection.connection().getPort();
	}

	@Override
	public Optional<InetSocketAddress> proxyAddress() {
		if (this.connection.proxiedSource() == null) {
			return Optional.empty();
		}
		TcpConnectionSupport direct = this.connection.connection();
		return Optional.of(new InetSocketAddress(direct.getHostAddress(), direct.getPort()));
	}

	@Override
	public String localHost() {
		var info = this.connection.connection().getSocketInfo();
		return (info != null && info.getLocalAddress() != null) ? info.getLocalAddress().getHostAddress() : "";
	}

	@Override
	public int localPort() {
		var info = this.connection.connection().getSocketInfo();
		return (info != null) ? info.getLocalPort() : -1;
	}

	@Override
	public boolean isOpen() {
		return !this.closed.get() && this.connection.connection().isOpen();
	}

	@Override
	public void writeBytes(byte[] data) {
		if (this.closed.get()) {
			throw new TcpConnectionClosedException(this.id);
		}
		this.connection.writeFrame(data);
	}

	@Override
	public void write(String text) {
		writeBytes(text.getBytes(this.listener.definition().charset()));
	}

	@Override
	public void close() {
		this.connection.connection().close();
	}

	@Override
	public Optional<SSLSession> sslSession() {
		return Optional.ofNullable(this.connection.connection().getSslSession());
	}

	/**
	 * A handler invocation.
	 */
	@FunctionalInterface
	private interface HandlerCall {

		@Nullable Object run() throws Throwable;

	}

	@Override
	public String toString() {
		return "TcpCaller[" + this.id + "]";
	}

}
