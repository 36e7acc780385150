package dev.tcpstarter.integration;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

/**
 * A deadline for a whole phase of a connection (its PROXY header, its TLS handshake):
 * when it passes, the socket is closed, which ends any read blocked on it. A peer that
 * trickles bytes therefore cannot stretch the phase, as it could a per-read timeout.
 */
final class Deadline {

	private static final int RUNNING = 0;

	private static final int MET = 1;

	private static final int EXPIRED = 2;

	// the phase ends exactly once: met by the
	// connection's thread or expired by the scheduler
	private final AtomicInteger state = new AtomicInteger(RUNNING);

	private final @Nullable ScheduledFuture<?> expiry;

	private Deadline(TaskScheduler scheduler, Duration timeout, Closeable socket, Runnable onExpiry) {
		this.expiry = schedule(scheduler, timeout, () -> {
			if (this.state.compareAndSet(RUNNING, EXPIRED)) {
				// reported before the close, so that
				// whoever sees the close sees it counted
				onExpiry.run();
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing is all we wanted
				}
			}
		});
	}

	private static @Nullable ScheduledFuture<?> schedule(TaskScheduler scheduler, Duration timeout, Runnable task) {
		try {
			return scheduler.schedule(task, Instant.now().plus(timeout));
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the socket's read timeout still bounds each read
			return null;
		}
	}

	/**
	 * Start a deadline that closes {@code socket} after {@code timeout}.
	 * @param scheduler runs the expiry
	 * @param timeout how long the phase may take
	 * @param socket what to close when it expires
	 * @param onExpiry reports the expiry, just before the socket is closed
	 * @return the deadline
	 */
	static Deadline start(TaskScheduler scheduler, Duration timeout, Closeable socket, Runnable onExpiry) {
		return new Deadline(scheduler, timeout, socket, onExpiry);
	}

	/**
	 * End the phase, in time or not: once this returns, the expiry no longer runs.
	 * @return {@code true} if the phase ended before the deadline; {@code false} if the
	 * deadline passed (the expiry was reported and the socket closed)
	 */
	boolean meet() {
		ScheduledFuture<?> scheduled = this.expiry;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
		return this.state.compareAndSet(RUNNING, MET);
	}

}
