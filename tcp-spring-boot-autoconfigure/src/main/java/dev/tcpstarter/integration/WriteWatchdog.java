package dev.tcpstarter.integration;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Enforces a client's write timeout: a blocking socket write cannot be given a timeout,
 * so a periodic check closes the connection under a write that has been blocked for too
 * long, which ends the write with an error
 * ({@link ClientConnection#abortWriteIfStuck(long, long)}).
 * <p>
 * The checks of all clients run on one shared daemon thread.
 */
final class WriteWatchdog {

	private static final ScheduledExecutorService SCHEDULER = createScheduler();

	private final ScheduledFuture<?> task;

	private WriteWatchdog(ScheduledFuture<?> task) {
		this.task = task;
	}

	/**
	 * Start checking the writes on a client's connection.
	 * @param writeTimeout the write timeout
	 * @param connection returns the client's open connection, or {@code null} when it has
	 * none
	 * @return the watchdog, or {@code null} if the write timeout is zero (no limit)
	 */
	static @Nullable WriteWatchdog start(Duration writeTimeout, Supplier<@Nullable ClientConnection> connection) {
		if (writeTimeout.isZero()) {
			return null;
		}
		long limitNanos = writeTimeout.toNanos();
		// a quarter of the timeout apart, within 10ms..1s:
		// soon enough after the timeout, not too often
		long period = Math.max(10, Math.min(1000, writeTimeout.toMillis() / 4));
		ScheduledFuture<?> task = SCHEDULER.scheduleAtFixedRate(() -> {
			ClientConnection current = connection.get();
			if (current != null) {
				current.abortWriteIfStuck(System.nanoTime(), limitNanos);
			}
		}, period, period, TimeUnit.MILLISECONDS);
		return new WriteWatchdog(task);
	}

	/**
	 * Run a task once after a delay on the clients' timeout thread, such as the deadline
	 * of a TLS handshake.
	 * @param task the task
	 * @param delayNanos the delay
	 * @return the scheduled task, to cancel it
	 */
	static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
		return SCHEDULER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Stop checking. A check in progress completes.
	 */
	void cancel() {
		this.task.cancel(false);
	}

	private static ScheduledExecutorService createScheduler() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("tcp-client-timeouts-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

}
