package dev.tcpstarter.integration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpException;

/**
 * A request written (or about to be) and waiting for its answer: the future the caller
 * holds, its correlation key, and its deadline. Completed exactly once, by whichever
 * comes first: the answer (the reader thread), the timeout (the timer thread) or the end
 * of its connection (the thread that closes it); {@link CompletableFuture} lets only the
 * first win, and only the winner counts the outcome.
 */
final class PendingRequest {

	private final CompletableFuture<byte[]> future = new CompletableFuture<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private final @Nullable Object key;

	private final long startNanos;

	private final long deadlineNanos;

	private final ClientStatistics statistics;

	/**
	 * Create a request.
	 * @param key the correlation key, or {@code null} in order mode
	 * @param timeoutNanos the read timeout, 0 for none
	 * @param statistics counts the outcome
	 */
	PendingRequest(@Nullable Object key, long timeoutNanos, ClientStatistics statistics) {
		this.key = key;
		this.startNanos = System.nanoTime();
		this.deadlineNanos = (timeoutNanos > 0) ? this.startNanos + timeoutNanos : Long.MAX_VALUE;
		this.statistics = statistics;
	}

	CompletableFuture<byte[]> future() {
		return this.future;
	}

	@Nullable Object key() {
		return this.key;
	}

	/**
	 * Return the {@link System#nanoTime()} by which the answer must arrive,
	 * {@link Long#MAX_VALUE} for none.
	 */
	long deadlineNanos() {
		return this.deadlineNanos;
	}

	boolean isExpired(long now) {
		return this.deadlineNanos != Long.MAX_VALUE && now - this.deadlineNanos >= 0;
	}

	/**
	 * Complete with the answer.
	 * @param answer the frame
	 */
	void answer(byte[] answer) {
		if (this.ended.compareAndSet(false, true)) {
			this.statistics.requestEnded(0, System.nanoTime() - this.startNanos);
			this.future.complete(answer);
		}
	}

	/**
	 * Fail with a timeout.
	 * @param error the error
	 * @return whether this ended the request (it was not answered first)
	 */
	boolean timedOut(TcpException error) {
		if (this.ended.compareAndSet(false, true)) {
			this.statistics.requestEnded(1, System.nanoTime() - this.startNanos);
			this.statistics.error(ClientErrors.TIMEOUT);
			this.future.completeExceptionally(error);
			return true;
		}
		return false;
	}

	/**
	 * Fail with an error other than a timeout.
	 * @param error the error
	 */
	void fail(TcpException error) {
		if (this.ended.compareAndSet(false, true)) {
			this.statistics.requestEnded(2, System.nanoTime() - this.startNanos);
			this.future.completeExceptionally(error);
		}
	}

}
