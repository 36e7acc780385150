package dev.tcpstarter.integration;

import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpFrameException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpHandlerException;

/**
 * Runs a {@code @TcpService(clients = ...)} service on a client's connections: its
 * {@code @OnConnect} for each connection the client opens, then the connection service's
 * {@code @OnBytes} for each frame that answers no request, {@code @OnError} for errors
 * and {@code @OnClose} once at the end.
 * <p>
 * The client calls {@link #open(TcpCaller)} on the connecting thread and every
 * {@link Session} method on the connection's reader thread. {@code @OnClose} is the last
 * call. A non-null {@code @OnBytes} result is written back as one frame. Asynchronous
 * results are written, and their failures reported, on a thread of the client services'
 * own pool, never on the thread that completed them: that may be the clients' shared
 * timer (a request timeout), whose blocking would stop every client's timeouts, or a
 * thread holding the client's write lock. They are written in the order of their frames
 * (a synchronous result does not wait for them) and, unlike on listeners, their number is
 * not bounded.
 * <p>
 * This is the client side's own session until the listeners' direction-neutral session
 * takes its place behind the same {@link ClientSessions} seam.
 */
final class ClientServiceSessions implements ClientSessions {

	private static final Log logger = LogFactory.getLog(ClientServiceSessions.class);

	// writes asynchronous results and reports their failures: a blocking write or a wait
	// for the session's monitor must not hold the thread that completed the result
	private static final Executor RESULTS = Executors.newCachedThreadPool(daemonThreads());

	private final ConnectHandler handler;

	private final Charset charset;

	ClientServiceSessions(ConnectHandler handler, Charset charset) {
		this.handler = handler;
		this.charset = charset;
	}

	private static ThreadFactory daemonThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("tcp-client-results-");
		threads.setDaemon(true);
		return threads;
	}

	@Override
	public Session open(TcpCaller caller) {
		Object service;
		try {
			service = this.handler.connect(caller);
		}
		catch (Throwable ex) {
			throw new TcpHandlerException("@OnConnect method " + this.handler.describe() + " failed on connection "
					+ caller.id() + " of client '" + caller.listenerName() + "': " + ex, ex);
		}
		if (service == null) {
			throw new IllegalStateException("@OnConnect method " + this.handler.describe()
					+ " returned null for connection " + caller.id() + " of client '" + caller.listenerName() + "'");
		}
		return new ServiceSession(service, ConnectionServiceType.of(service.getClass()), caller, this.charset);
	}

	/**
	 * One connection and its connection service. Handler calls run under the session's
	 * monitor, so they never overlap (the reader thread's {@code @OnBytes}, the
	 * {@code @OnError} of a result that failed on another thread) and none runs after
	 * {@code @OnClose}. Results are encoded and reported as on listeners (one wording,
	 * {@link ResultQueue#encode}); they are written outside the monitor.
	 */
	private static final class ServiceSession implements Session {

		private final Object service;

		private final ConnectionServiceType type;

		private final TcpCaller caller;

		private final Charset charset;

		// only on the reader thread: the last asynchronous result's write, which the next
		// one follows
		private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

		// guarded by this
		private boolean closed;

		ServiceSession(Object service, ConnectionServiceType type, TcpCaller caller, Charset charset) {
			this.service = service;
			this.type = type;
			this.caller = caller;
			this.charset = charset;
		}

		@Override
		public void frameDecoded(byte[] frame) {
			Object result;
			synchronized (this) {
				if (this.closed) {
					return;
				}
				try {
					result = this.type.onBytes(this.service, frame, this.charset, this.caller);
				}
				catch (Throwable ex) {
					report((ex instanceof TcpConnectionException io) ? io
							: ConnectionErrors.handlerFailed("@OnBytes method", this.type, this.caller.id(), ex));
					return;
				}
			}
			if (result instanceof CompletionStage<?> stage) {
				this.lastWrite = this.lastWrite.thenCombine(stage, (previous, value) -> value)
					.handleAsync((value, failure) -> {
						if (failure != null) {
							failed(ConnectionErrors.handlerFailed("@OnBytes result of", this.type, this.caller.id(),
									ResultQueue.unwrap(failure)));
						}
						else {
							writeResult(value);
						}
						return null;
					}, RESULTS);
			}
			else {
				writeResult(result);
			}
		}

		private void writeResult(@Nullable Object result) {
			if (result == null || !this.caller.isOpen()) {
				return;
			}
			try {
				this.caller.writeBytes(ResultQueue.encode(result, this.charset));
			}
			catch (IllegalArgumentException ex) {
				failed(ConnectionErrors.handlerFailed("@OnBytes result of", this.type, this.caller.id(), ex));
			}
			catch (TcpFrameException ex) {
				// refused by the codec: nothing was written, the connection stays open
				failed(ex);
			}
			catch (TcpException ex) {
				// the write failed and closed the connection, which reports it
				logger.debug("Result not written: " + ex.getMessage());
			}
		}

		@Override
		public synchronized void failed(TcpException error) {
			report(error);
		}

		// called under this
		private void report(TcpException error) {
			if (this.closed) {
				return;
			}
			try {
				if (this.type.onError(this.service, error, this.caller)) {
					return;
				}
			}
			catch (Throwable ex) {
				logger.warn("@OnError method of connection " + this.caller.id() + " failed while handling " + error,
						ex);
				return;
			}
			logger.warn("TCP client '" + this.caller.listenerName() + "', connection " + this.caller.id() + ": "
					+ error.getMessage());
		}

		@Override
		public synchronized void closed() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				this.type.onClose(this.service, this.caller);
			}
			catch (Throwable ex) {
				logger.warn("@OnClose method of connection " + this.caller.id() + " failed", ex);
			}
		}

	}

}
