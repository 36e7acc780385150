package dev.tcpstarter.integration;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The {@code @OnBytes} results of one connection that are not written yet, in arrival
 * order: an asynchronous result that has not completed holds back every result after it,
 * synchronous or not. A completed prefix is handed to the connection's
 * {@link FrameWriter#send} (which never blocks), so results are written by the connection
 * and never on the thread that completed a future.
 * <p>
 * The queue is bounded by the session: it stops reading (see {@link #awaitRoom}) while
 * {@code max-pending-results} results wait.
 * <p>
 * The monitor of this object guards the slots and the closed flag; the only call made
 * while holding it is {@link FrameWriter#send}, so that two completing threads cannot
 * reorder their results. Nothing here calls a handler.
 */
final class ResultQueue {

	private final ArrayDeque<Slot> slots = new ArrayDeque<>();

	private boolean closed;

	/**
	 * Reserve the place of an asynchronous result that has not completed.
	 * @return its slot, to {@link #complete} later
	 */
	synchronized Slot reserve() {
		Slot slot = new Slot();
		this.slots.add(slot);
		return slot;
	}

	/**
	 * Queue a result that is ready, if results before it are still pending.
	 * @param frame the encoded result
	 * @return {@code false} if nothing is pending: the caller writes it now
	 */
	synchronized boolean queueBehindPending(byte[] frame) {
		if (this.slots.isEmpty()) {
			return false;
		}
		Slot slot = new Slot();
		slot.frame = frame;
		slot.done = true;
		this.slots.add(slot);
		return true;
	}

	/**
	 * Record the outcome of an asynchronous result and send every result that is now
	 * ready, in order.
	 * @param slot the result's slot
	 * @param value the result, or {@code null} for none
	 * @param failure why the result failed, or {@code null}
	 * @param charset encodes {@code String} results
	 * @param writer sends the ready results
	 * @return the failures among the results that became ready (usually empty), to report
	 */
	List<Throwable> complete(Slot slot, @Nullable Object value, @Nullable Throwable failure, Charset charset,
			FrameWriter writer) {
		synchronized (this) {
			try {
				return completeLocked(slot, value, failure, charset, writer);
			}
			finally {
				// a reader may wait for room
				notifyAll();
			}
		}
	}

	// called holding the monitor
	private List<Throwable> completeLocked(Slot slot, @Nullable Object value, @Nullable Throwable failure,
			Charset charset, FrameWriter writer) {
		slot.failure = failure;
		if (failure == null && value != null) {
			try {
				slot.frame = encode(value, charset);
			}
			catch (IllegalArgumentException ex) {
				slot.failure = ex;
			}
		}
		slot.done = true;
		List<Throwable> failures = List.of();
		Slot head;
		while ((head = this.slots.peek()) != null && head.done) {
			this.slots.poll();
			if (head.failure != null) {
				failures = (failures.isEmpty()) ? new ArrayList<>() : failures;
				failures.add(head.failure);
			}
			else if (head.frame != null && !this.closed) {
				writer.send(head.frame);
			}
		}
		return failures;
	}

	/**
	 * Return whether {@code limit} or more results are pending.
	 */
	synchronized boolean isFull(int limit) {
		return this.slots.size() >= limit;
	}

	/**
	 * Wait while {@code limit} or more results are pending, or until the queue is closed.
	 * @param limit the most results that may wait
	 * @return {@code false} if the queue was closed
	 */
	synchronized boolean awaitRoom(int limit) {
		while (this.slots.size() >= limit && !this.closed) {
			try {
				wait();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return !this.closed;
	}

	/**
	 * Return whether every result has been handed to the writer.
	 */
	synchronized boolean isEmpty() {
		return this.slots.isEmpty();
	}

	/**
	 * Return the number of results not handed to the writer yet.
	 */
	synchronized int size() {
		return this.slots.size();
	}

	/**
	 * Wait until every result has been handed to the writer, at most {@code timeout}.
	 * @return whether the queue is empty
	 */
	synchronized boolean awaitEmpty(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.slots.isEmpty() && !this.closed) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				wait(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return this.slots.isEmpty();
	}

	/**
	 * The connection has closed: results completing from now on are dropped, and a reader
	 * waiting for room is released.
	 */
	synchronized void close() {
		this.closed = true;
		notifyAll();
	}

	/**
	 * Encode a handler result as a frame.
	 * @param result a {@code byte[]}, {@code String} or {@code ByteBuffer}
	 * @param charset encodes a {@code String}
	 * @return the frame
	 * @throws IllegalArgumentException for another type
	 */
	static byte[] encode(Object result, Charset charset) {
		if (result instanceof byte[] bytes) {
			return bytes;
		}
		if (result instanceof String text) {
			return text.getBytes(charset);
		}
		if (result instanceof ByteBuffer buffer) {
			ByteBuffer source = buffer.duplicate();
			byte[] bytes = new byte[source.remaining()];
			source.get(bytes);
			return bytes;
		}
		throw new IllegalArgumentException(
				"@OnBytes produced a " + result.getClass().getName() + "; expected byte[], String or ByteBuffer");
	}

	/**
	 * Return the stage as a completed future, or {@code null} if it has not completed (or
	 * is not a {@code CompletableFuture} view).
	 * @param stage a handler's result
	 * @return the completed future or {@code null}
	 */
	static @Nullable CompletableFuture<?> completed(CompletionStage<?> stage) {
		try {
			CompletableFuture<?> future = stage.toCompletableFuture();
			return future.isDone() ? future : null;
		}
		catch (UnsupportedOperationException ex) {
			return null;
		}
	}

	/**
	 * Return what made a stage fail, without the {@link CompletionException} around it.
	 * @param failure what the stage reported
	 * @return the cause
	 */
	static Throwable unwrap(Throwable failure) {
		return ((failure instanceof CompletionException) && failure.getCause() != null) ? failure.getCause() : failure;
	}

	/**
	 * The place of one result; its fields are guarded by the queue's monitor.
	 */
	static final class Slot {

		private byte @Nullable [] frame;

		private @Nullable Throwable failure;

		private boolean done;

	}

}
