package dev.tcpstarter.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PushWindow}.
 */
class PushWindowTests {

	@Test
	void shouldTakeRoomUpToTheBoundWithoutWaiting() throws Exception {
		PushWindow window = full(3);
		assertThat(window.take(0)).as("full").isFalse();
		assertThat(window.take(TimeUnit.MILLISECONDS.toNanos(20))).as("no answer came").isFalse();
		assertThat(window.inFlight()).isEqualTo(3);
	}

	@Test
	void shouldLetWaitingPushesGoOnOnceHalfTheWindowIsFree() {
		PushWindow window = full(4);
		List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			waiting.add(CompletableFuture.supplyAsync(() -> take(window, Duration.ofSeconds(30)),
					PushWindowTests::onNewThread));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> window.waiting() == 2);
		window.release();
		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(5))
			.until(() -> window.inFlight() == 3 && waiting.stream().noneMatch(CompletableFuture::isDone));
		window.release();
		await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream().allMatch(CompletableFuture::isDone));
		assertThat(waiting).allSatisfy((push) -> assertThat(push.join()).isTrue());
		assertThat(window.inFlight()).isEqualTo(4);
	}

	@Test
	void shouldWakeAWaitingPushOfAWindowOfOne() {
		PushWindow window = new PushWindow(1);
		assertThat(takeNow(window)).isTrue();
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> take(window, Duration.ofSeconds(30)),
				PushWindowTests::onNewThread);
		await().atMost(Duration.ofSeconds(10)).until(() -> window.waiting() == 1);
		window.release();
		assertThat(waiting.orTimeout(10, TimeUnit.SECONDS).join()).isTrue();
		assertThat(window.inFlight()).isOne();
	}

	@Test
	void shouldTakeRoomThatCameFreeWhenItsWaitEnds() throws Exception {
		PushWindow window = full(4);
		assertThat(takeNow(window)).as("full: the window closes").isFalse();
		window.release();
		// closed until half of it is free, but a push whose wait ends takes the room
		assertThat(window.take(TimeUnit.MILLISECONDS.toNanos(20))).isTrue();
		assertThat(window.inFlight()).isEqualTo(4);
	}

	@Test
	void shouldLetPushesTakeRoomAtOnceOnceTheWindowOpened() {
		PushWindow window = full(6);
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> take(window, Duration.ofSeconds(30)),
				PushWindowTests::onNewThread);
		await().atMost(Duration.ofSeconds(10)).until(() -> window.waiting() == 1);
		for (int i = 0; i < 3; i++) {
			window.release();
		}
		assertThat(waiting.orTimeout(10, TimeUnit.SECONDS).join()).isTrue();
		assertThat(takeNow(window)).as("open: room is taken without waiting").isTrue();
		assertThat(takeNow(window)).isTrue();
		assertThat(window.inFlight()).isEqualTo(6);
	}

	@Test
	void shouldNeverHoldMoreThanTheBoundUnderContention() throws Exception {
		PushWindow window = new PushWindow(2);
		AtomicInteger held = new AtomicInteger();
		AtomicInteger mostHeld = new AtomicInteger();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 6; t++) {
			Thread thread = new Thread(() -> {
				try {
					for (int i = 0; i < 20_000; i++) {
						if (!window.take(TimeUnit.SECONDS.toNanos(30))) {
							throw new AssertionError("no room within 30 s");
						}
						mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
						Thread.onSpinWait();
						held.decrementAndGet();
						window.release();
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(60));
			assertThat(thread.isAlive()).as("a taker is stuck").isFalse();
		}
		assertThat(failures).isEmpty();
		assertThat(mostHeld.get()).isBetween(1, 2);
		assertThat(window.inFlight()).isZero();
		assertThat(window.waiting()).isZero();
	}

	// a window whose room is all taken, without waiting
	private static PushWindow full(int max) {
		PushWindow window = new PushWindow(max);
		for (int i = 0; i < max; i++) {
			assertThat(takeNow(window)).isTrue();
		}
		return window;
	}

	// a thread of its own for each push that waits
	private static void onNewThread(Runnable task) {
		new Thread(task).start();
	}

	private static boolean takeNow(PushWindow window) {
		return take(window, Duration.ZERO);
	}

	private static boolean take(PushWindow window, Duration timeout) {
		try {
			return window.take(timeout.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
