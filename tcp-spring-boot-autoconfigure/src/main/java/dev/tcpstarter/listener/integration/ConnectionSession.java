package dev.tcpstarter.listener.integration;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
import dev.tcpstarter.handler.ConnectHandler;
import dev.tcpstarter.handler.ConnectionServiceType;
import dev.tcpstarter.listener.TcpConnectionInfo;
import dev.tcpstarter.listener.TcpHandlerKind;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * One connection of a listener and the connection service serving it: the
 * {@link TcpCaller} that handlers see, and the place where frames, errors and the close
 * reach the user's methods.
 * <p>
 * <b>Locking.</b> Every handler call of a session runs under {@code handlerLock}, so
 * calls never overlap, even when an asynchronous result fails on another thread or the
 * transport delivers frames on several threads. Results are written in arrival order (see
 * {@link ResultQueue}).
 * <p>
 * <b>Close.</b> {@code @OnClose} runs exactly once, after the handler that is running (if
 * any) returns: a handler that closes its own connection runs on the thread holding the
 * lock, so the close is deferred until that handler returns. No handler runs after
 * {@code @OnClose}: frames and failures that arrive later are dropped (and logged at
 * DEBUG).
 */
final class ConnectionSession implements TcpCaller, ConnectionCounters {

	private static final Log logger = LogFactory.getLog(ConnectionSession.class);

	private final SessionContext context;

	private final SessionConnection connection;

	private final String id;

	private final ReentrantLock handlerLock = new ReentrantLock();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final AddressLease address;

	private final long openedNanos = System.nanoTime();

	private final Instant openedAt = Instant.now();

	// written under handlerLock by open(), before any frame is handled
	private @Nullable Object service;

	private @Nullable ConnectionServiceType type;

	private @Nullable Object observation;

	// guarded by handlerLock: a handler closed its own connection
	private boolean closeDeferred;

	// guarded by handlerLock: a graceful stop closed this connection as idle
	private boolean drained;

	// its chain is guarded by handlerLock
	private final ResultQueue results;

	// written under handlerLock; read without it by metrics, which may lag by a frame
	private long framesReceived;

	// called under handlerLock
	private final ObservedHandlers handlers;

	ConnectionSession(SessionContext context, SessionConnection connection, String id) {
		this.context = context;
		this.connection = connection;
		this.id = id;
		this.results = new ResultQueue(this, this::reportUnderLock, this::closeIfDraining);
		this.handlers = new ObservedHandlers(context.observer(), context.statistics());
		this.address = new AddressLease(context.addresses());
	}

	/**
	 * Call {@code @OnConnect}. On success the session serves the connection; otherwise
	 * the rejection is counted and logged, and the caller closes the connection.
	 * @return whether the connection got a connection service
	 */
	boolean open() {
		ConnectHandler handler = this.context.handler();
		this.handlerLock.lock();
		try {
			Object created = this.handlers.call(TcpHandlerKind.ON_CONNECT, this, () -> handler.connect(this));
			if (created != null) {
				this.type = ConnectionServiceType.of(created.getClass());
				this.service = created;
				TcpListenerObserver observer = this.context.observer();
				this.observation = (observer != null) ? observer.connectionOpened(this) : null;
				this.context.statistics().countOpened();
				return true;
			}
			rejected("@OnConnect method " + handler.describe() + " returned null", null);
		}
		catch (Throwable ex) {
			rejected("@OnConnect method " + handler.describe() + " failed: " + ex, ex);
		}
		finally {
			this.handlerLock.unlock();
			if (this.closeDeferred) {
				closed();
			}
		}
		return false;
	}

	private void rejected(String message, @Nullable Throwable failure) {
		this.context.statistics().countRejection(TcpRejectionReason.ON_CONNECT);
		String text = "TCP listener '" + listenerName() + "' rejected connection " + this.id + " from " + remoteHost()
				+ ": " + message;
		if (failure != null) {
			logger.warn(text, failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(text);
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
			if (this.drained || this.closed.get()) {
				// read after the connection was closed: not handled, so not answered
				return;
			}
			this.framesReceived++;
			Object result;
			try {
				result = this.handlers.onBytes(type, service, frame, this.context.definition().charset(), this);
			}
			catch (Throwable ex) {
				// a failed write already closed the connection: report it as the I/O
				// error it is
				failed((ex instanceof TcpConnectionException io) ? io : new TcpHandlerException(
						"@OnBytes method " + type.describeOnBytes() + " failed on connection " + this.id + ": " + ex,
						ex));
				return;
			}
			if (result != null) {
				this.results.add(result);
			}
			closeIfDraining();
		}
		finally {
			this.handlerLock.unlock();
			if (this.closeDeferred) {
				closed();
			}
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
	 * Report an error to {@code @OnError}, or log it at WARN without one. After
	 * {@code @OnClose} nothing is reported: a late failure is logged at DEBUG.
	 */
	void failed(TcpException error) {
		this.context.statistics().countError(ConnectionErrors.kind(error));
		ConnectionServiceType type = this.type;
		Object service = this.service;
		this.handlerLock.lock();
		try {
			if (this.closed.get()) {
				logger.debug("Not reported to connection " + this.id + ", which has closed: " + error.getMessage());
				return;
			}
			if (type != null && service != null && Boolean.TRUE
				.equals(this.handlers.call(TcpHandlerKind.ON_ERROR, this, () -> type.onError(service, error, this)))) {
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
	 * The connection has ended: call {@code @OnClose} once if it got a connection
	 * service. If a handler of this session is running on the calling thread (it closed
	 * its own connection), {@code @OnClose} runs when that handler returns.
	 */
	void closed() {
		if (this.handlerLock.isHeldByCurrentThread()) {
			this.closeDeferred = true;
			return;
		}
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		ConnectionServiceType type = this.type;
		Object service = this.service;
		try {
			if (type != null && service != null) {
				callOnClose(type, service);
			}
		}
		finally {
			this.context.statistics().retire(this);
			this.ended.complete(null);
		}
	}

	private void callOnClose(ConnectionServiceType type, Object service) {
		this.handlerLock.lock();
		try {
			this.handlers.call(TcpHandlerKind.ON_CLOSE, this, () -> {
				type.onClose(service, this);
				return null;
			});
		}
		catch (Throwable ex) {
			logger.warn("@OnClose method of connection " + this.id + " failed", ex);
		}
		finally {
			this.handlerLock.unlock();
			this.context.statistics().countClosed();
			TcpListenerObserver observer = this.context.observer();
			if (observer != null) {
				observer.connectionClosed(this.observation, this.openedNanos);
			}
		}
	}

	/**
	 * Return the client address this connection is counted for by the listener's address
	 * policies.
	 */
	AddressLease address() {
		return this.address;
	}

	/**
	 * Return a future that completes once the session has ended ({@code @OnClose}
	 * included).
	 */
	CompletableFuture<Void> ended() {
		return this.ended;
	}

	private void closeIfDraining() {
		if (this.context.isDraining()) {
			closeIfIdle();
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
			if (!this.results.isIdle() || this.connection.hasUnreadInput()) {
				return false;
			}
			this.drained = true;
		}
		finally {
			this.handlerLock.unlock();
		}
		this.connection.closeBetweenWrites();
		return true;
	}

	/**
	 * Wait until the results of asynchronous handlers are written, at most
	 * {@code timeout}.
	 */
	void awaitPendingResults(Duration timeout) {
		this.results.awaitWritten(timeout);
	}

	/**
	 * Return a snapshot of this connection, for the actuator endpoint.
	 */
	TcpConnectionInfo info() {
		return new TcpConnectionInfo(this.id, listenerName(), remoteHost() + ":" + remotePort(), this.openedAt,
				bytesReceived(), bytesSent(), sslSession().isPresent());
	}

	SessionConnection connection() {
		return this.connection;
	}

	@Override
	public long framesReceived() {
		return this.framesReceived;
	}

	@Override
	public long onBytesCalls() {
		return this.handlers.onBytesCalls();
	}

	@Override
	public long onBytesNanos() {
		return this.handlers.onBytesNanos();
	}

	@Override
	public long framesSent() {
		return this.connection.framesSent();
	}

	@Override
	public long bytesReceived() {
		return this.connection.bytesReceived();
	}

	@Override
	public long bytesSent() {
		return this.connection.bytesSent();
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String listenerName() {
		return this.context.listenerName();
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
		writeBytes(text.getBytes(this.context.definition().charset()));
	}

	@Override
	public void close() {
		this.connection.closeLocally();
	}

	@Override
	public Optional<SSLSession> sslSession() {
		return Optional.ofNullable(this.connection.connection().getSslSession());
	}

	@Override
	public String toString() {
		return "TcpCaller[" + this.id + "]";
	}

}
