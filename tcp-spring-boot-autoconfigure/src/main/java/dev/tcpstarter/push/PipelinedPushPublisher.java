package dev.tcpstarter.push;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * Publishes the pushes of a {@link TcpPush} on a {@link PipelinedPushChannel}: each is
 * handed to the channel without waiting for the broker's answer, and at most
 * {@code maxInFlight} are unanswered at once.
 * <p>
 * <b>The bound waits.</b> A push beyond it waits for answers to free room, at most
 * {@code timeoutMillis}, then fails; a burst from a loop thus slows down to the broker's
 * pace instead of failing, and the memory held by pushes in flight stays bounded. The
 * waiting pushes go on together once half the window is free ({@link PushWindow}), not
 * one per answer. Room freed because publishing failed does not let a waiting push
 * through: it fails as every {@code sendTo…} does while publishing is closed.
 * <p>
 * <b>Failures.</b> A push the channel does not accept, or that finds no room in time,
 * throws; one that fails after it was accepted (the connection was lost before the broker
 * answered, or no answer came in time) is counted as
 * {@code tcp.push.failed{reason=broker}} when its answer comes, on the client's thread.
 * Either closes publishing ({@link PushLink#publishFailed}) until a heartbeat gets
 * through; answers to pushes accepted before the failure do not reopen it.
 */
final class PipelinedPushPublisher {

	private final PipelinedPushChannel channel;

	private final PushLink link;

	private final TcpPushObserver observer;

	private final int maxInFlight;

	private final long timeoutMillis;

	// room for one push taken before the publish, given back with its answer
	private final PushWindow window;

	private final BiConsumer<@Nullable Object, @Nullable Throwable> answered = this::answered;

	PipelinedPushPublisher(PipelinedPushChannel channel, PushLink link, TcpPushObserver observer, int maxInFlight,
			long timeoutMillis) {
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("maxInFlight must be at least 1, but was " + maxInFlight);
		}
		this.channel = channel;
		this.link = link;
		this.observer = observer;
		this.maxInFlight = maxInFlight;
		this.timeoutMillis = timeoutMillis;
		this.window = new PushWindow(maxInFlight);
	}

	/**
	 * Hand a push to the channel, waiting only for room among the pushes in flight.
	 * @param message the envelope
	 * @throws RuntimeException if the push was not accepted; publishing is closed then
	 */
	void publish(byte[] message) {
		acquire();
		PushLink.Failure failure = this.link.failure();
		if (failure != null) {
			this.window.release();
			throw new IllegalStateException(
					"publishing failed while this push waited for room (" + failure.cause() + ")");
		}
		try {
			this.channel.publish(message).whenComplete(this.answered);
		}
		catch (RuntimeException ex) {
			this.window.release();
			this.link.publishFailed(ex);
			throw ex;
		}
	}

	/**
	 * Return how many pushes wait for the broker's answer.
	 * @return the pushes in flight
	 */
	int inFlight() {
		return this.window.inFlight();
	}

	private void acquire() {
		try {
			if (this.window.take(TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis))) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for room among the " + this.maxInFlight
					+ " pushes in flight (tcp.push.max-in-flight)", ex);
		}
		IllegalStateException ex = new IllegalStateException(this.maxInFlight
				+ " pushes were waiting for the broker's answer (tcp.push.max-in-flight) and no room came free within "
				+ this.timeoutMillis + " ms");
		this.link.publishFailed(ex);
		throw ex;
	}

	private void answered(@Nullable Object result, @Nullable Throwable failure) {
		if (failure != null) {
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			// closed before the room is given back, so that a push waiting for it fails
			this.link.publishFailed(cause);
			this.observer.failed(TcpPushFailure.BROKER);
		}
		this.window.release();
	}

}
