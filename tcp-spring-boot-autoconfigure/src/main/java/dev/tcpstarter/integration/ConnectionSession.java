package dev.tcpstarter.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.listener.TcpHandlerKind;
import dev.tcpstarter.push.PushRegistry;

/**
 * The handler side of one connection: a state machine that the transport drives in one
 * direction ({@link #open}, {@link #frameDecoded}, {@link #failed}, {@link #closed}), and
 * that reaches back only through the {@link FrameWriter} it was opened with. It does not
 * know which transport it runs on.
 * <p>
 * <b>States</b> ({@link SessionState}): {@code NEW} until {@code @OnConnect} has run,
 * then {@code OPEN}; {@code STOPPED} once a graceful stop found it idle (frames read
 * afterwards are not handled); {@code CLOSED} once the connection ended, after
 * {@code @OnClose}.
 * <p>
 * <b>Locking.</b> Every handler call runs under {@code handlerLock}, so calls never
 * overlap, even when an asynchronous result fails on another thread or the transport
 * delivers frames on several threads. {@code @OnClose} runs exactly once, after the
 * handler that is running (if any) returns: a close reported on the thread holding the
 * lock (a handler closed its own connection) is deferred until that handler returns. No
 * handler runs after {@code @OnClose}. Asynchronous results are bounded by
 * {@code max-pending-results}: {@link #frameDecoded} waits for room before it calls
 * {@code @OnBytes}, which stops the transport from reading.
 */
final class ConnectionSession {

	private static final Log logger = LogFactory.getLog(ConnectionSession.class);

	private final ListenerContext context;

	private final String id;

	private final ReentrantLock handlerLock = new ReentrantLock();

	private final AtomicReference<SessionState> state = new AtomicReference<>(SessionState.NEW);

	private final ResultQueue results = new ResultQueue();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final ObservedHandlers handlers;

	private final long openedNanos = System.nanoTime();

	private final Instant openedAt = Instant.now();

	// written under handlerLock by open(), before any frame is handled
	private @Nullable Object service;

	private @Nullable ConnectionServiceType type;

	private @Nullable SessionCaller caller;

	private @Nullable FrameWriter writer;

	// guarded by handlerLock: the close reported by a handler's own thread
	private @Nullable CloseReason closeDeferred;

	// written under handlerLock; read without it by metrics, which may lag by a frame
	private long framesReceived;

	ConnectionSession(ListenerContext context, String id) {
		this.context = context;
		this.id = id;
		this.handlers = new ObservedHandlers(context.observer(), context.statistics());
	}

	/**
	 * Call {@code @OnConnect}. On success the session serves the connection; otherwise
	 * the rejection is counted and logged, and the transport closes the connection
	 * ({@link CloseReason#REJECTED}).
	 * @param writer writes to the connection and closes it
	 * @param addresses who is on either end
	 * @return whether the connection got a connection service
	 */
	boolean open(FrameWriter writer, ConnectionAddresses addresses) {
		ConnectHandler handler = this.context.handler();
		this.handlerLock.lock();
		try {
			if (this.state.get() != SessionState.NEW) {
				return false;
			}
			PushRegistry push = this.context.pushRegistry();
			SessionCaller caller = new SessionCaller(this.id, this.context.listenerName(),
					this.context.definition().charset(), addresses, writer, this, push);
			this.caller = caller;
			this.writer = writer;
			if (push != null) {
				// before @OnConnect, which may join groups; undone by closed() or a
				// rejection
				push.opened(caller);
			}
			Object created = this.handlers.call(TcpHandlerKind.ON_CONNECT, caller, () -> handler.connect(caller));
			if (created == null) {
				leavePush();
				this.context.rejected(this.id, caller, "@OnConnect method " + handler.describe() + " returned null",
						null);
				return false;
			}
			this.type = ConnectionServiceType.of(created.getClass());
			this.service = created;
			this.handlers.opened(caller);
			this.state.set(SessionState.OPEN);
			return true;
		}
		catch (Throwable ex) {
			leavePush();
			this.context.rejected(this.id, this.caller, "@OnConnect method " + handler.describe() + " failed: " + ex,
					ex);
			return false;
		}
		finally {
			unlock();
		}
	}

	/**
	 * Hand one decoded frame to {@code @OnBytes} and write its result. Waits first while
	 * {@code max-pending-results} asynchronous results are pending.
	 * @param frame the frame
	 */
	void frameDecoded(byte[] frame) {
		if (this.state.get() != SessionState.OPEN || !awaitRoom()) {
			return;
		}
		this.handlerLock.lock();
		try {
			ConnectionServiceType type = this.type;
			Object service = this.service;
			SessionCaller caller = this.caller;
			if (this.state.get() != SessionState.OPEN || type == null || service == null || caller == null) {
				// read after the connection was stopped
				// or closed: not handled, so not answered
				return;
			}
			this.framesReceived++;
			Object result;
			try {
				result = this.handlers.onBytes(type, service, frame, this.context.definition().charset(), caller);
			}
			catch (Throwable ex) {
				// a failed write already closed the
				// connection: report it as the I/O error it is
				report((ex instanceof TcpConnectionException io) ? io
						: ConnectionErrors.handlerFailed("@OnBytes method", type, this.id, ex));
				return;
			}
			if (result != null) {
				handleResult(result, type);
			}
		}
		finally {
			unlock();
		}
	}

	/**
	 * Wait while {@code max-pending-results} results are pending. Answers this thread has
	 * buffered are written first: the connection stops reading meanwhile.
	 */
	private boolean awaitRoom() {
		int limit = this.context.definition().maxPendingResults();
		if (this.results.isFull(limit)) {
			FrameWriter writer = this.writer;
			if (writer != null) {
				try {
					writer.flushBuffered();
				}
				catch (TcpException ex) {
					failed(ex);
				}
			}
		}
		return this.results.awaitRoom(limit);
	}

	// called under handlerLock
	private void handleResult(Object result, ConnectionServiceType type) {
		if (result instanceof CompletionStage<?> stage) {
			CompletableFuture<?> future = ResultQueue.completed(stage);
			if (future == null || !this.results.isEmpty()) {
				ResultQueue.Slot slot = this.results.reserve();
				stage.whenComplete((value, failure) -> asyncResult(slot, value, failure, type));
				return;
			}
			try {
				result = future.join();
			}
			catch (CompletionException | CancellationException ex) {
				report(asyncFailure(ResultQueue.unwrap(ex), type));
				return;
			}
			if (result == null) {
				return;
			}
		}
		try {
			byte[] frame = ResultQueue.encode(result, this.context.definition().charset());
			if (!this.results.queueBehindPending(frame)) {
				writer().write(frame);
			}
		}
		catch (IllegalArgumentException ex) {
			report(asyncFailure(ex, type));
		}
		catch (TcpConnectionClosedException ex) {
			logger.debug("Result not written: " + ex.getMessage());
		}
		catch (TcpException ex) {
			report(ex);
		}
	}

	/**
	 * An asynchronous result completed, on whatever thread completed it: hand the results
	 * now ready to the writer (which does not block), and report failures on the
	 * listener's executor, never on the completing thread.
	 */
	private void asyncResult(ResultQueue.Slot slot, @Nullable Object value, @Nullable Throwable failure,
			ConnectionServiceType type) {
		List<Throwable> failures = this.results.complete(slot, value,
				(failure != null) ? ResultQueue.unwrap(failure) : null, this.context.definition().charset(), writer());
		if (failures.isEmpty()) {
			return;
		}
		try {
			this.context.executor()
				.execute(() -> failures.forEach((cause) -> reportUnderLock(asyncFailure(cause, type))));
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Not reported to connection " + this.id + ", its listener is stopping: " + failures);
		}
	}

	private TcpException asyncFailure(Throwable cause, ConnectionServiceType type) {
		return ConnectionErrors.handlerFailed("@OnBytes result of", type, this.id, cause);
	}

	private void reportUnderLock(TcpException error) {
		this.handlerLock.lock();
		try {
			report(error);
		}
		finally {
			unlock();
		}
	}

	/**
	 * Report an error of the connection (a bad frame, an I/O error) to {@code @OnError},
	 * or log it at WARN without one.
	 * @param error the error
	 */
	void failed(TcpException error) {
		reportUnderLock(error);
	}

	// called under handlerLock
	private void report(TcpException error) {
		this.context.statistics().countError(ConnectionErrors.kind(error));
		ConnectionServiceType type = this.type;
		Object service = this.service;
		SessionCaller caller = this.caller;
		if (this.state.get() == SessionState.CLOSED || type == null || service == null || caller == null) {
			logger.debug("Not reported to connection " + this.id + ", which has no service: " + error.getMessage());
			return;
		}
		try {
			if (Boolean.TRUE.equals(
					this.handlers.call(TcpHandlerKind.ON_ERROR, caller, () -> type.onError(service, error, caller)))) {
				return;
			}
			this.context.logUnhandled(error);
		}
		catch (Throwable ex) {
			logger.warn("@OnError method of connection " + this.id + " failed while handling " + error, ex);
		}
	}

	/**
	 * The connection is closing: a reader waiting for room for more results stops
	 * waiting, and results that complete from now on are dropped (they could not be
	 * written). {@link #closed} follows once the transport has finished.
	 */
	void closing() {
		this.results.close();
	}

	/**
	 * The connection has ended: call {@code @OnClose} once if it got a connection
	 * service. Reported on the thread holding the handler lock (a handler closed its own
	 * connection), {@code @OnClose} runs when that handler returns.
	 * @param reason why it ended
	 */
	void closed(CloseReason reason) {
		if (this.handlerLock.isHeldByCurrentThread()) {
			this.closeDeferred = reason;
			return;
		}
		// releases a reader waiting for room, which holds no lock
		this.results.close();
		SessionState previous = SessionState.CLOSED;
		this.handlerLock.lock();
		try {
			previous = this.state.getAndSet(SessionState.CLOSED);
			if (previous != SessionState.CLOSED && previous != SessionState.NEW) {
				callOnClose();
			}
		}
		finally {
			this.handlerLock.unlock();
			if (previous != SessionState.CLOSED) {
				// after @OnClose, which may still read caller.groups()
				leavePush();
				this.ended.complete(null);
			}
		}
	}

	/**
	 * Forget the connection for push: it leaves every group.
	 */
	private void leavePush() {
		PushRegistry push = this.context.pushRegistry();
		SessionCaller caller = this.caller;
		if (push != null && caller != null) {
			push.closed(caller);
		}
	}

	// called under handlerLock
	private void callOnClose() {
		ConnectionServiceType type = this.type;
		Object service = this.service;
		SessionCaller caller = this.caller;
		if (type == null || service == null || caller == null) {
			return;
		}
		try {
			this.handlers.call(TcpHandlerKind.ON_CLOSE, caller, () -> {
				type.onClose(service, caller);
				return null;
			});
		}
		catch (Throwable ex) {
			logger.warn("@OnClose method of connection " + this.id + " failed", ex);
		}
		finally {
			this.handlers.closed(this.openedNanos);
		}
	}

	/**
	 * Release the handler lock, then run a close that a handler reported on its own
	 * thread.
	 */
	private void unlock() {
		CloseReason deferred = this.closeDeferred;
		this.closeDeferred = null;
		this.handlerLock.unlock();
		if (deferred != null) {
			closed(deferred);
		}
	}

	/**
	 * During a graceful stop: stop handling frames if no handler is running and no result
	 * is pending, so that every request is either answered or not handled at all. The
	 * transport then closes the connection.
	 * @return whether the session is stopped (or was never opened)
	 */
	boolean stopIfIdle() {
		if (!this.handlerLock.tryLock()) {
			return false;
		}
		try {
			if (!this.results.isEmpty()) {
				return false;
			}
			SessionState current = this.state.get();
			return current == SessionState.STOPPED || current == SessionState.CLOSED
					|| this.state.compareAndSet(current, SessionState.STOPPED);
		}
		finally {
			unlock();
		}
	}

	/**
	 * Wait until the asynchronous results received so far are handed to the writer, at
	 * most {@code timeout}: the peer shut down its output, and answers to what it sent
	 * still go out.
	 * @param timeout how long to wait at most
	 */
	void awaitResults(Duration timeout) {
		if (!this.results.awaitEmpty(timeout)) {
			logger.debug("Results of connection " + this.id + " not all written before it closed");
		}
	}

	/**
	 * Return whether the connection has ended for the session: handlers see it closed
	 * from then on.
	 */
	boolean isClosed() {
		return this.state.get() == SessionState.CLOSED;
	}

	/**
	 * Return a future that completes once the session has ended ({@code @OnClose}
	 * included).
	 */
	CompletableFuture<Void> ended() {
		return this.ended;
	}

	String id() {
		return this.id;
	}

	Instant openedAt() {
		return this.openedAt;
	}

	long framesReceived() {
		return this.framesReceived;
	}

	long onBytesCalls() {
		return this.handlers.onBytesCalls();
	}

	long onBytesNanos() {
		return this.handlers.onBytesNanos();
	}

	private FrameWriter writer() {
		FrameWriter writer = this.writer;
		if (writer == null) {
			throw new TcpConnectionClosedException(this.id);
		}
		return writer;
	}

}
