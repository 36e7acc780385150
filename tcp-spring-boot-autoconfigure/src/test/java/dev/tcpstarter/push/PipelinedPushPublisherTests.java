package dev.tcpstarter.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.integration.channel.PublishSubscribeChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PipelinedPushPublisher}, the bound and the failure handling of pushes
 * on a {@link PipelinedPushChannel}, over a channel whose answers the test gives.
 */
class PipelinedPushPublisherTests {

	private final AnsweringChannel channel = new AnsweringChannel();

	private final PushLink link = new PushLink("test", "topic", Duration.ofSeconds(1));

	private final AtomicInteger brokerFailures = new AtomicInteger();

	private final TcpPushObserver observer = new TcpPushObserver() {

		@Override
		public void failed(TcpPushFailure reason) {
			if (reason == TcpPushFailure.BROKER) {
				PipelinedPushPublisherTests.this.brokerFailures.incrementAndGet();
			}
		}

	};

	@Test
	void shouldNotWaitForAnswersBelowTheBound() {
		PipelinedPushPublisher publisher = new PipelinedPushPublisher(this.channel, this.link, this.observer, 3,
				60_000);
		publisher.publish(new byte[] { 1 });
		publisher.publish(new byte[] { 2 });
		publisher.publish(new byte[] { 3 });
		assertThat(publisher.inFlight()).isEqualTo(3);
		this.channel.answer(0);
		this.channel.answer(1);
		assertThat(publisher.inFlight()).isOne();
		assertThat(this.link.failure()).isNull();
	}

	@Test
	void shouldWaitForRoomAndGoOnWhenAnAnswerComes() throws Exception {
		PipelinedPushPublisher publisher = new PipelinedPushPublisher(this.channel, this.link, this.observer, 2,
				60_000);
		publisher.publish(new byte[] { 1 });
		publisher.publish(new byte[] { 2 });
		CompletableFuture<Void> third = waitingForRoom(() -> publisher.publish(new byte[] { 3 }));
		assertThat(this.channel.published()).hasSize(2);
		this.channel.answer(0);
		third.get(10, TimeUnit.SECONDS);
		assertThat(this.channel.published()).hasSize(3);
		assertThat(publisher.inFlight()).isEqualTo(2);
	}

	@Test
	void shouldFailWhenNoRoomComesWithinTheTimeoutAndClosePublishing() {
		PipelinedPushPublisher publisher = new PipelinedPushPublisher(this.channel, this.link, this.observer, 1, 50);
		publisher.publish(new byte[] { 1 });
		assertThatIllegalStateException().isThrownBy(() -> publisher.publish(new byte[] { 2 }))
			.withMessageContaining("tcp.push.max-in-flight")
			.withMessageContaining("50 ms");
		assertThat(this.link.failure()).isNotNull();
		assertThat(this.channel.published()).hasSize(1);
		assertThat(publisher.inFlight()).as("the push that failed holds no room").isOne();
	}

	@Test
	void shouldCountAPushThatFailsAfterItWasAcceptedAndClosePublishing() {
		PipelinedPushPublisher publisher = new PipelinedPushPublisher(this.channel, this.link, this.observer, 10,
				60_000);
		publisher.publish(new byte[] { 1 });
		publisher.publish(new byte[] { 2 });
		this.channel.fail(0, new IllegalStateException("Connection disconnected"));
		assertThat(this.brokerFailures).hasValue(1);
		assertThat(this.link.failure()).isNotNull();
		assertThat(this.link.failure().cause()).hasMessage("Connection disconnected");
		this.channel.answer(1);
		assertThat(this.link.failure()).as("an answer to a push accepted before does not reopen publishing")
			.isNotNull();
		assertThat(publisher.inFlight()).isZero();
	}

	@Test
	void shouldFailAPushThatGotRoomAfterPublishingFailed() throws Exception {
		PipelinedPushPublisher publisher = new PipelinedPushPublisher(this.channel, this.link, this.observer, 1,
				60_000);
		publisher.publish(new byte[] { 1 });
		CompletableFuture<Void> second = waitingForRoom(() -> publisher.publish(new byte[] { 2 }));
		this.channel.fail(0, new IllegalStateException("Command timed out"));
		await().until(second::isDone);
		assertThat(second).isCompletedExceptionally();
		assertThat(this.channel.published()).as("not handed to the failing channel").hasSize(1);
		assertThat(publisher.inFlight()).isZero();
	}

	@Test
	void shouldClosePublishingWhenTheChannelRefusesAPush() {
		PipelinedPushPublisher publisher = new PipelinedPushPublisher(this.channel, this.link, this.observer, 1,
				60_000);
		this.channel.refuse = new IllegalStateException("Currently not connected. Commands are rejected.");
		assertThatIllegalStateException().isThrownBy(() -> publisher.publish(new byte[] { 1 }))
			.withMessageContaining("not connected");
		assertThat(this.link.failure()).isNotNull();
		assertThat(publisher.inFlight()).isZero();
	}

	/**
	 * Run a publish on another thread and return once it waits for room: parked with a
	 * timeout in {@link PipelinedPushPublisher}.
	 */
	static CompletableFuture<Void> waitingForRoom(Runnable publish) {
		AtomicReference<Thread> sender = new AtomicReference<>();
		CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
			sender.set(Thread.currentThread());
			publish.run();
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			Thread thread = sender.get();
			return thread != null && thread.getState() == Thread.State.TIMED_WAITING
					&& Arrays.stream(thread.getStackTrace())
						.anyMatch((frame) -> frame.getClassName().equals(PipelinedPushPublisher.class.getName()));
		});
		assertThat(done).isNotDone();
		return done;
	}

	/**
	 * A pipelined channel that keeps each publish's answer for the test to give.
	 */
	static final class AnsweringChannel extends PublishSubscribeChannel implements PipelinedPushChannel {

		private final List<CompletableFuture<Long>> answers = new ArrayList<>();

		private volatile RuntimeException refuse;

		@Override
		public synchronized CompletableFuture<?> publish(byte[] envelope) {
			if (this.refuse != null) {
				throw this.refuse;
			}
			CompletableFuture<Long> answer = new CompletableFuture<>();
			this.answers.add(answer);
			return answer;
		}

		synchronized List<CompletableFuture<Long>> published() {
			return List.copyOf(this.answers);
		}

		void answer(int index) {
			published().get(index).complete(1L);
		}

		void fail(int index, Throwable failure) {
			published().get(index).completeExceptionally(failure);
		}

	}

}
