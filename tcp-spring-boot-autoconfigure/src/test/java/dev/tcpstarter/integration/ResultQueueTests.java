package dev.tcpstarter.integration;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The pending {@code @OnBytes} results of a connection: handed to the writer in arrival
 * order whatever order they complete in, failures returned instead of written, and the
 * bound that stops the reader.
 */
class ResultQueueTests {

	private static final Charset UTF_8 = StandardCharsets.UTF_8;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final RecordingWriter writer = new RecordingWriter();

	private final ResultQueue queue = new ResultQueue();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void shouldSendResultsInArrivalOrderWhenTheyCompleteOutOfOrder() {
		ResultQueue.Slot first = this.queue.reserve();
		ResultQueue.Slot second = this.queue.reserve();
		assertThat(this.queue.queueBehindPending(text("sync 3"))).isTrue();
		ResultQueue.Slot fourth = this.queue.reserve();
		assertThat(this.queue.queueBehindPending(text("sync 5"))).isTrue();
		assertThat(this.queue.size()).isEqualTo(5);
		assertThat(complete(fourth, "async 4")).isEmpty();
		assertThat(complete(second, "async 2")).isEmpty();
		assertThat(this.writer.sent()).isEmpty();
		assertThat(complete(first, "async 1")).isEmpty();
		assertThat(this.writer.sent()).containsExactly("async 1", "async 2", "sync 3", "async 4", "sync 5");
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.writer.written).isEmpty();
	}

	@Test
	void shouldLetTheCallerWriteAReadyResultWhenNothingIsPending() {
		assertThat(this.queue.queueBehindPending(text("now"))).isFalse();
		assertThat(this.queue.isEmpty()).isTrue();
		ResultQueue.Slot slot = this.queue.reserve();
		complete(slot, "done");
		assertThat(this.queue.queueBehindPending(text("now again"))).isFalse();
	}

	@Test
	void shouldReturnFailuresToReportInsteadOfWritingThem() {
		ResultQueue.Slot first = this.queue.reserve();
		ResultQueue.Slot second = this.queue.reserve();
		ResultQueue.Slot third = this.queue.reserve();
		IllegalStateException failure = new IllegalStateException("second failed");
		assertThat(this.queue.complete(second, null, failure, UTF_8, this.writer)).isEmpty();
		// an unsupported result type is a failure too
		assertThat(this.queue.complete(third, 42, null, UTF_8, this.writer)).isEmpty();
		List<Throwable> failures = complete(first, "first");
		assertThat(failures).hasSize(2);
		assertThat(failures.get(0)).isSameAs(failure);
		assertThat(failures.get(1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("java.lang.Integer");
		assertThat(this.writer.sent()).containsExactly("first");
	}

	@Test
	void shouldWriteNothingForANullResult() {
		ResultQueue.Slot first = this.queue.reserve();
		this.queue.queueBehindPending(text("after"));
		assertThat(this.queue.complete(first, null, null, UTF_8, this.writer)).isEmpty();
		assertThat(this.writer.sent()).containsExactly("after");
	}

	@Test
	void shouldNeverReorderResultsCompletedOnManyThreads() throws Exception {
		int count = 2000;
		List<ResultQueue.Slot> slots = new ArrayList<>();
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (i % 5 == 4) {
				this.queue.queueBehindPending(text("r" + i));
			}
			else {
				slots.add(this.queue.reserve());
				order.add(i);
			}
		}
		List<Integer> shuffled = new ArrayList<>();
		for (int i = 0; i < slots.size(); i++) {
			shuffled.add(i);
		}
		Collections.shuffle(shuffled, new Random(19));
		List<CompletableFuture<Void>> completions = new ArrayList<>();
		int perThread = shuffled.size() / 4;
		for (int t = 0; t < 4; t++) {
			List<Integer> mine = shuffled.subList(t * perThread, (t + 1) * perThread);
			completions.add(CompletableFuture.runAsync(
					() -> mine.forEach((index) -> complete(slots.get(index), "r" + order.get(index))), this.threads));
		}
		CompletableFuture.allOf(completions.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			expected.add("r" + i);
		}
		assertThat(this.writer.sent()).containsExactlyElementsOf(expected);
	}

	@Test
	void shouldWaitForRoomAtTheLimitUntilAResultCompletes() throws Exception {
		ResultQueue.Slot first = this.queue.reserve();
		this.queue.reserve();
		assertThat(this.queue.awaitRoom(3)).isTrue();
		Blocking<Boolean> waiting = Blocking.start("reader", () -> this.queue.awaitRoom(2));
		complete(first, "first");
		assertThat(waiting.join()).isTrue();
	}

	@Test
	void shouldCountReadyResultsHeldBehindAPendingOneAgainstTheLimit() throws Exception {
		ResultQueue.Slot first = this.queue.reserve();
		this.queue.queueBehindPending(text("ready"));
		Blocking<Boolean> waiting = Blocking.start("reader", () -> this.queue.awaitRoom(2));
		complete(first, "first");
		assertThat(waiting.join()).isTrue();
		assertThat(this.writer.sent()).containsExactly("first", "ready");
	}

	@Test
	void shouldReleaseAReaderWaitingForRoomWhenClosed() throws Exception {
		this.queue.reserve();
		Blocking<Boolean> waiting = Blocking.start("reader", () -> this.queue.awaitRoom(1));
		this.queue.close();
		assertThat(waiting.join()).isFalse();
		assertThat(this.queue.awaitRoom(5)).isFalse();
	}

	@Test
	void shouldDropResultsThatCompleteAfterTheClose() {
		ResultQueue.Slot first = this.queue.reserve();
		ResultQueue.Slot second = this.queue.reserve();
		complete(first, "before");
		this.queue.close();
		IllegalStateException failure = new IllegalStateException("late failure");
		assertThat(complete(second, "after")).isEmpty();
		assertThat(this.writer.sent()).containsExactly("before");
		ResultQueue.Slot third = this.queue.reserve();
		assertThat(this.queue.complete(third, null, failure, UTF_8, this.writer)).containsExactly(failure);
		assertThat(this.writer.sent()).containsExactly("before");
	}

	@Test
	void shouldWaitUntilEveryResultIsHandedToTheWriter() throws Exception {
		assertThat(this.queue.awaitEmpty(Duration.ZERO)).isTrue();
		ResultQueue.Slot slot = this.queue.reserve();
		assertThat(this.queue.awaitEmpty(Duration.ofMillis(1))).isFalse();
		Blocking<Boolean> waiting = Blocking.start("half-close", () -> this.queue.awaitEmpty(Duration.ofSeconds(30)));
		complete(slot, "done");
		assertThat(waiting.join()).isTrue();
	}

	@Test
	void shouldStopWaitingForResultsWhenClosed() throws Exception {
		this.queue.reserve();
		Blocking<Boolean> waiting = Blocking.start("half-close", () -> this.queue.awaitEmpty(Duration.ofSeconds(30)));
		this.queue.close();
		assertThat(waiting.join()).isFalse();
	}

	@Test
	void shouldEncodeBytesAsThey() {
		byte[] bytes = { 1, 2, 3 };
		assertThat(ResultQueue.encode(bytes, UTF_8)).isSameAs(bytes);
	}

	@Test
	void shouldEncodeTextWithTheListenersCharset() {
		assertThat(ResultQueue.encode("é", UTF_8)).containsExactly(0xc3, 0xa9);
		assertThat(ResultQueue.encode("é", StandardCharsets.ISO_8859_1)).containsExactly(0xe9);
	}

	@Test
	void shouldEncodeTheRemainingBytesOfABufferWithoutConsumingThem() {
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 9, 1, 2, 3, 9 }, 1, 3);
		assertThat(ResultQueue.encode(buffer, UTF_8)).containsExactly(1, 2, 3);
		assertThat(buffer.position()).isEqualTo(1);
		assertThat(buffer.remaining()).isEqualTo(3);
		ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) 7).put((byte) 8).flip();
		assertThat(ResultQueue.encode(direct, UTF_8)).containsExactly(7, 8);
	}

	@Test
	void shouldRefuseAnotherResultTypeNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> ResultQueue.encode(List.of("a"), UTF_8))
			.withMessage("@OnBytes produced a " + List.of("a").getClass().getName()
					+ "; expected byte[], String or ByteBuffer");
	}

	private List<Throwable> complete(ResultQueue.Slot slot, String value) {
		return this.queue.complete(slot, value, null, UTF_8, this.writer);
	}

	private static byte[] text(String text) {
		return text.getBytes(UTF_8);
	}

	/**
	 * A writer that records what it is given.
	 */
	static final class RecordingWriter implements FrameWriter {

		final List<byte[]> written = new CopyOnWriteArrayList<>();

		final List<byte[]> sent = new CopyOnWriteArrayList<>();

		final List<CloseReason> closes = new CopyOnWriteArrayList<>();

		@Override
		public void write(byte[] frame) {
			this.written.add(frame);
		}

		@Override
		public void send(byte[] frame) {
			this.sent.add(frame);
		}

		@Override
		public void flushBuffered() {
		}

		@Override
		public void close(CloseReason reason) {
			this.closes.add(reason);
		}

		@Override
		public boolean isOpen() {
			return this.closes.isEmpty();
		}

		List<String> sent() {
			return this.sent.stream().map((frame) -> new String(frame, UTF_8)).toList();
		}

	}

}
