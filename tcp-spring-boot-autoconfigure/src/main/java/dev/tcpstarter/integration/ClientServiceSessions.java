package dev.tcpstarter.integration;

import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionClosedException;
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
 * {@link Session} method on the connection's reader thread; a failed asynchronous result
 * reaches {@code @OnError} from the thread that completed it, under the session's
 * monitor. {@code @OnClose} is the last call. A non-null {@code @OnBytes} result is
 * written back as one frame; results of asynchronous handlers are written in the order of
 * their frames, by the thread that completes them (a blocking write, bounded by the
 * client's {@code write-timeout}); unlike on listeners, their number is not bounded.
 * <p>
 * This is the client side's own session until the listeners' direction-neutral session
 * takes its place behind the same {@link ClientSessions} seam.
 */
final class ClientServiceSessions implements ClientSessions {

	private static final Log logger = LogFactory.getLog(ClientServiceSessions.class);

	private final ConnectHandler handler;

	private final Charset charset;

	ClientServiceSessions(ConnectHandler handler, Charset charset) {
		this.handler = handler;
		this.charset = charset;
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
					.handle((value, failure) -> {
						if (failure != null) {
							failed(ConnectionErrors.handlerFailed("@OnBytes result of", this.type, this.caller.id(),
									ResultQueue.unwrap(failure)));
						}
						else {
							writeResult(value);
						}
						return null;
					});
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
			catch (TcpConnectionClosedException ex) {
				logger.debug("Result not written: " + ex.getMessage());
			}
			catch (TcpException ex) {
				failed(ex);
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
