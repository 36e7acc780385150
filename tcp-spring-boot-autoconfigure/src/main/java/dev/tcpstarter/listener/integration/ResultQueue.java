package dev.tcpstarter.listener.integration;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpHandlerException;

/**
 * Writes the results of one connection's {@code @OnBytes} calls in arrival order, also
 * when some are asynchronous: while a result is pending, later ones (synchronous or not)
 * queue behind it in a chain of futures.
 * <p>
 * {@link #add} is called under the session's handler lock, which guards the chain;
 * results complete and are written on whatever thread completes their future.
 */
final class ResultQueue {

	private static final Log logger = LogFactory.getLog(ResultQueue.class);

	private final TcpCaller caller;

	private final Consumer<TcpException> failures;

	private final Runnable afterAsyncResult;

	// guarded by the session's handler lock
	private @Nullable CompletableFuture<?> pending;

	/**
	 * Create the queue of a connection.
	 * @param caller writes the results
	 * @param failures reports a failed result or write (under the handler lock)
	 * @param afterAsyncResult runs once an asynchronous result has been handled
	 */
	ResultQueue(TcpCaller caller, Consumer<TcpException> failures, Runnable afterAsyncResult) {
		this.caller = caller;
		this.failures = failures;
		this.afterAsyncResult = afterAsyncResult;
	}

	/**
	 * Write a result once the results before it are written.
	 * @param result a {@code byte[]}, {@code String}, {@code ByteBuffer}, or a
	 * {@code CompletionStage} of one of those
	 */
	void add(Object result) {
		CompletableFuture<?> previous = this.pending;
		if (result instanceof CompletionStage<?> stage) {
			CompletableFuture<?> after = (previous != null) ? previous : CompletableFuture.completedFuture(null);
			this.pending = after.thenCompose((ignored) -> stage).handle(this::completed);
		}
		else if (previous != null && !previous.isDone()) {
			this.pending = previous.thenRun(() -> write(result));
		}
		else {
			this.pending = null;
			write(result);
		}
	}

	private @Nullable Void completed(@Nullable Object value, @Nullable Throwable failure) {
		if (failure != null) {
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			this.failures.accept(new TcpHandlerException(
					"@OnBytes result of connection " + this.caller.id() + " failed: " + cause, cause));
		}
		else if (value != null) {
			write(value);
		}
		this.afterAsyncResult.run();
		return null;
	}

	private void write(Object result) {
		try {
			if (result instanceof byte[] bytes) {
				this.caller.writeBytes(bytes);
			}
			else if (result instanceof String text) {
				this.caller.write(text);
			}
			else if (result instanceof ByteBuffer buffer) {
				ByteBuffer source = buffer.duplicate();
				byte[] bytes = new byte[source.remaining()];
				source.get(bytes);
				this.caller.writeBytes(bytes);
			}
			else {
				this.failures.accept(new TcpHandlerException(
						"@OnBytes of connection " + this.caller.id() + " produced a " + result.getClass().getName()
								+ "; expected byte[], String or ByteBuffer",
						new IllegalStateException("Unsupported result type")));
			}
		}
		catch (TcpConnectionClosedException ex) {
			logger.debug("Result not written: " + ex.getMessage());
		}
		catch (TcpException ex) {
			this.failures.accept(ex);
		}
	}

	/**
	 * Return whether every result has been written.
	 */
	boolean isIdle() {
		CompletableFuture<?> previous = this.pending;
		return previous == null || previous.isDone();
	}

	/**
	 * Wait until every result has been written, at most {@code timeout}.
	 */
	void awaitWritten(Duration timeout) {
		CompletableFuture<?> previous = this.pending;
		if (previous == null || previous.isDone()) {
			return;
		}
		try {
			previous.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Results of connection " + this.caller.id() + " not written before it closed: " + ex);
		}
	}

}
