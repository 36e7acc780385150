package dev.tcpstarter.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The platform threads of a listener: reused while idle ones are few, ended with their
 * connection otherwise.
 */
class ConnectionThreadsTests {

	private static final Duration EXIT_INTERVAL = Duration.ofMillis(2);

	@Test
	void shouldReuseAnIdleThread() throws InterruptedException {
		ConnectionThreads threads = new ConnectionThreads("test-", 4, Duration.ofSeconds(60), EXIT_INTERVAL);
		List<Thread> used = new CopyOnWriteArrayList<>();
		CountDownLatch first = new CountDownLatch(1);
		threads.execute(() -> {
			used.add(Thread.currentThread());
			first.countDown();
		});
		assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
		// the thread parks as idle after its task
		await().atMost(Duration.ofSeconds(5)).until(() -> used.get(0).getState() == Thread.State.TIMED_WAITING);
		CountDownLatch second = new CountDownLatch(1);
		threads.execute(() -> {
			used.add(Thread.currentThread());
			second.countDown();
		});
		assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(used.get(1)).isSameAs(used.get(0));
		threads.shutdown();
		await().atMost(Duration.ofSeconds(5)).until(() -> !used.get(0).isAlive());
	}

	@Test
	void shouldEndSurplusThreadsWithTheirTask() throws InterruptedException {
		ConnectionThreads threads = new ConnectionThreads("test-", 1, Duration.ofSeconds(60), EXIT_INTERVAL);
		List<Thread> used = new CopyOnWriteArrayList<>();
		CountDownLatch running = new CountDownLatch(5);
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 5; i++) {
			threads.execute(() -> {
				used.add(Thread.currentThread());
				running.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		release.countDown();
		// one thread stays for reuse, the other four end one after another
		await().atMost(Duration.ofSeconds(5)).until(() -> used.stream().filter(Thread::isAlive).count() == 1);
		threads.shutdown();
		await().atMost(Duration.ofSeconds(5)).until(() -> used.stream().noneMatch(Thread::isAlive));
	}

	@Test
	void shouldEndIdleThreadsAfterTheKeepAlive() throws InterruptedException {
		ConnectionThreads threads = new ConnectionThreads("test-", 4, Duration.ofMillis(100), EXIT_INTERVAL);
		List<Thread> used = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(1);
		threads.execute(() -> {
			used.add(Thread.currentThread());
			done.countDown();
		});
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> !used.get(0).isAlive());
	}

	@Test
	void shouldEndThreadsOneAfterAnotherUntilShutDown() throws InterruptedException {
		ConnectionThreads threads = new ConnectionThreads("test-", 0, Duration.ofSeconds(60), Duration.ofHours(1));
		List<Thread> used = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(3);
		for (int i = 0; i < 3; i++) {
			threads.execute(() -> {
				used.add(Thread.currentThread());
				done.countDown();
			});
		}
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		// the first to end waits out the interval, the other two wait for the one before
		await().atMost(Duration.ofSeconds(5))
			.until(() -> used.stream().map(Thread::getState).filter(ConnectionThreadsTests::isWaiting).count() == 3);
		threads.shutdown();
		await().atMost(Duration.ofSeconds(5)).until(() -> used.stream().noneMatch(Thread::isAlive));
	}

	@Test
	void shouldGiveANewTaskToAThreadWaitingForItsTurnToEnd() throws InterruptedException {
		ConnectionThreads threads = new ConnectionThreads("test-", 0, Duration.ofSeconds(60), Duration.ofHours(1));
		List<Thread> used = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			threads.execute(() -> {
				used.add(Thread.currentThread());
				done.countDown();
			});
		}
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> used.stream().map(Thread::getState).filter(ConnectionThreadsTests::isWaiting).count() == 2);
		// one of the two waits out the interval, the other waits for its turn and is idle
		CountDownLatch reused = new CountDownLatch(1);
		threads.execute(() -> {
			used.add(Thread.currentThread());
			reused.countDown();
		});
		assertThat(reused.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(used.subList(0, 2)).contains(used.get(2));
		threads.shutdown();
		await().atMost(Duration.ofSeconds(5)).until(() -> used.stream().noneMatch(Thread::isAlive));
	}

	@Test
	void shouldRunEveryTaskWhileIdleThreadsExpire() throws InterruptedException {
		// keep-alives so short that idle threads expire while tasks are handed to them
		ConnectionThreads threads = new ConnectionThreads("test-", 4, Duration.ofNanos(20_000), EXIT_INTERVAL);
		int tasks = 20_000;
		CountDownLatch ran = new CountDownLatch(tasks);
		for (int i = 0; i < tasks; i++) {
			threads.execute(ran::countDown);
		}
		assertThat(ran.await(60, TimeUnit.SECONDS)).as("tasks not run: %d", ran.getCount()).isTrue();
		threads.shutdown();
	}

	private static boolean isWaiting(Thread.State state) {
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
	}

	@Test
	void shouldRefuseTasksOnceShutDown() {
		ConnectionThreads threads = new ConnectionThreads("test-", 4, Duration.ofSeconds(60), EXIT_INTERVAL);
		threads.shutdown();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> threads.execute(() -> {
		}));
	}

}
