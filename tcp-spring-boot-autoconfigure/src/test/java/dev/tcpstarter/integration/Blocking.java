package dev.tcpstarter.integration;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call made on a thread of its own, for tests that check that it blocks (the thread
 * parks, waiting for a lock or a monitor) and what releases it.
 *
 * @param <T> the result type
 */
final class Blocking<T> {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final CompletableFuture<T> result = new CompletableFuture<>();

	private final Thread thread;

	private Blocking(String name, Callable<T> call) {
		this.thread = new Thread(() -> {
			try {
				this.result.complete(call.call());
			}
			catch (Throwable ex) {
				this.result.completeExceptionally(ex);
			}
		}, name);
		this.thread.setDaemon(true);
	}

	/**
	 * Start {@code call} on a new thread and wait until that thread parks.
	 * @param name the thread's name
	 * @param call the call that should block
	 * @param <T> the result type
	 * @return the blocked call
	 */
	static <T> Blocking<T> start(String name, Callable<T> call) {
		Blocking<T> blocking = new Blocking<>(name, call);
		blocking.thread.start();
		await().atMost(WAIT).until(() -> blocking.isParked() || blocking.result.isDone());
		assertThat(blocking.result).as("call on %s returned instead of blocking", name).isNotDone();
		return blocking;
	}

	/**
	 * Start {@code call} on a new thread and wait until that thread parks.
	 * @param name the thread's name
	 * @param call the call that should block
	 * @return the blocked call
	 */
	static Blocking<Void> run(String name, Runnable call) {
		return start(name, () -> {
			call.run();
			return null;
		});
	}

	boolean isParked() {
		Thread.State state = this.thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
	}

	boolean isDone() {
		return this.result.isDone();
	}

	/**
	 * Wait for the call to return once released.
	 * @return its result
	 */
	T join() throws InterruptedException, ExecutionException, TimeoutException {
		return this.result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	Thread thread() {
		return this.thread;
	}

}
