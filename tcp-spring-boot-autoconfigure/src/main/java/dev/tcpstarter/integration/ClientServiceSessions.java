package dev.tcpstarter.integration;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;
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
 * {@link Session} method on the connection's reader thread, so the handler calls of a
 * connection are serial and in order without a lock here; {@code @OnClose} is the last
 * call. A non-null {@code @OnBytes} result is written back as one frame; results of
 * asynchronous handlers are written in arrival order, by the thread that completes them.
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
	 * One connection and its connection service.
	 */
	private static final class ServiceSession implements Session {

		private final Object service;

		private final ConnectionServiceType type;

		private final TcpCaller caller;

		private final Charset charset;

		// the last asynchronous result's write: the next one is written after it
		private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

		private boolean closed;

		ServiceSession(Object service, ConnectionServiceType type, TcpCaller caller, Charset charset) {
			this.service = service;
			this.type = type;
			this.caller = caller;
			this.charset = charset;
		}

		@Override
		public void frameDecoded(byte[] frame) {
			if (this.closed) {
				return;
			}
			Object result;
			try {
				result = this.type.onBytes(this.service, frame, this.charset, this.caller);
			}
			catch (Throwable ex) {
				failed((ex instanceof TcpConnectionException io) ? io : new TcpHandlerException("@OnBytes method "
						+ this.type.describeOnBytes() + " failed on connection " + this.caller.id() + ": " + ex, ex));
				return;
			}
			if (result instanceof CompletionStage<?> stage) {
				this.lastWrite = this.lastWrite.thenCombine(stage, (previous, value) -> value)
					.thenAccept(this::writeResult)
					.exceptionally((ex) -> {
						logger.warn("Asynchronous @OnBytes result of connection " + this.caller.id() + " not written: "
								+ ex.getMessage());
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
			if (result instanceof byte[] bytes) {
				this.caller.writeBytes(bytes);
			}
			else if (result instanceof String text) {
				this.caller.writeBytes(text.getBytes(this.charset));
			}
			else if (result instanceof ByteBuffer buffer) {
				byte[] bytes = new byte[buffer.remaining()];
				buffer.duplicate().get(bytes);
				this.caller.writeBytes(bytes);
			}
		}

		@Override
		public void failed(TcpException error) {
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
		public void closed() {
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
