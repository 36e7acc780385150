package dev.tcpstarter.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.support.RedisServer;

import static dev.tcpstarter.push.RedisPushTests.awaitUp;
import static dev.tcpstarter.push.RedisPushTests.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the pipelined publishing of the {@code redis} transport: pushes handed to
 * Lettuce without waiting for Redis's answer, at most {@code tcp.push.max-in-flight}
 * unanswered. Two application contexts (two instances) on one real {@code redis-server},
 * which the tests freeze (SIGSTOP: a hung Redis that holds pushes in flight), kill and
 * start again.
 */
class RedisPushPipeliningTests {

	private RedisServer redis;

	@BeforeEach
	void startRedis() {
		this.redis = RedisServer.start();
	}

	@AfterEach
	void stopRedis() {
		if (this.redis != null) {
			this.redis.close();
		}
	}

	/**
	 * Run a test on two instances A and B, both up, with a member of group {@code room}
	 * on B.
	 */
	private void onTwoInstances(String[] properties, TwoInstances test) {
		ApplicationContextRunner runner = RedisPushTests.runner(this.redis.port()).withPropertyValues(properties);
		runner.run((a) -> runner.run((b) -> {
			awaitUp(a);
			awaitUp(b);
			test.run(a, b, member(b, "b-1", "room"), a.getBean(TcpPush.class));
		}));
	}

	@Test
	void shouldKeepEachSendersOrderAndDeliverOnceWithManySendersAndASmallWindow() {
		onTwoInstances(new String[] { "tcp.push.max-in-flight=4" }, (a, b, onB, push) -> {
			int senders = 4;
			int each = 1000;
			ExecutorService executor = Executors.newFixedThreadPool(senders);
			try {
				List<Future<?>> sent = new ArrayList<>();
				for (int s = 0; s < senders; s++) {
					String sender = "s" + s;
					sent.add(executor.submit(() -> {
						for (int i = 0; i < each; i++) {
							push.sendToGroup("room", (sender + " " + i).getBytes(StandardCharsets.US_ASCII));
						}
					}));
				}
				for (Future<?> future : sent) {
					future.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
			}
			Map<String, Integer> next = new HashMap<>();
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < senders * each; i++) {
				String frame = onB.nextText();
				assertThat(seen.add(frame)).as("%s delivered once", frame).isTrue();
				String[] words = frame.split(" ");
				int expected = next.getOrDefault(words[0], 0);
				assertThat(Integer.parseInt(words[1])).as("order of sender %s", words[0]).isEqualTo(expected);
				next.put(words[0], expected + 1);
			}
			push.sendToGroup("room", "after");
			assertThat(onB.nextText()).as("nothing was delivered twice").isEqualTo("after");
			MeterRegistry meters = a.getBean(MeterRegistry.class);
			assertThat(meters.get("tcp.push.published").tag("target", "group").counter().count())
				.isEqualTo(senders * each + 1);
			assertThat(meters.get("tcp.push.failed").tag("reason", "broker").counter().count()).isZero();
		});
	}

	@Test
	void shouldCountPushesInFlightThatTheKillOfRedisFailsAndThenFailAtOnce() {
		// a long send timeout: a call that waited for it would show
		onTwoInstances(new String[] { "tcp.push.send-timeout=30s" }, (a, b, onB, push) -> {
			MeterRegistry meters = a.getBean(MeterRegistry.class);
			this.redis.pause();
			for (int i = 0; i < 10; i++) {
				// accepted: the connection is up, and nothing waits for Redis's answer
				push.sendToGroup("room", "in flight " + i);
			}
			assertThat(brokerFailures(meters)).isZero();
			this.redis.stop();
			// the connection is reset: Lettuce fails the ten pushes in flight
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(brokerFailures(meters)).isEqualTo(10));
			HealthIndicator health = a.getBean("tcpPushHealthIndicator", HealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			long started = System.nanoTime();
			for (int i = 0; i < 20; i++) {
				assertThatExceptionOfType(TcpException.class).isThrownBy(() -> push.sendToGroup("room", "lost"))
					.withMessageContaining("'redis'");
			}
			// coarse: far below the 30 s send timeout
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			assertThat(brokerFailures(meters)).isEqualTo(30);

			this.redis.restart();
			awaitUp(a);
			awaitUp(b);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			push.sendToGroup("room", "back");
			assertThat(onB.nextText()).as("nothing from before the kill").isEqualTo("back");
		});
	}

	@Test
	void shouldWaitForRoomBeyondMaxInFlightAndGoOnWhenRedisAnswers() {
		onTwoInstances(new String[] { "tcp.push.max-in-flight=3", "tcp.push.send-timeout=30s" }, (a, b, onB, push) -> {
			this.redis.pause();
			for (int i = 1; i <= 3; i++) {
				push.sendToGroup("room", "push " + i);
			}
			// the fourth waits for room: parked with a timeout in the push window
			CompletableFuture<Void> fourth = PipelinedPushPublisherTests
				.waitingForRoom(() -> push.sendToGroup("room", "push 4"));
			this.redis.resume();
			fourth.get(10, TimeUnit.SECONDS);
			assertThat(RedisPushTests.received(onB, 4)).containsExactly("push 1", "push 2", "push 3", "push 4");
			assertThat(brokerFailures(a.getBean(MeterRegistry.class))).isZero();
		});
	}

	@Test
	void shouldFailAPushThatFindsNoRoomWithinTheSendTimeout() {
		onTwoInstances(new String[] { "tcp.push.max-in-flight=2", "tcp.push.send-timeout=1s" }, (a, b, onB, push) -> {
			MeterRegistry meters = a.getBean(MeterRegistry.class);
			this.redis.pause();
			push.sendToGroup("room", "slow 1");
			push.sendToGroup("room", "slow 2");
			// no room: the two in flight time out (send timeout) and close publishing, or
			// the wait for room ends first; either way this push fails, and all three
			// count
			assertThatExceptionOfType(TcpException.class).isThrownBy(() -> push.sendToGroup("room", "no room"))
				.withMessageContaining("'redis'");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(brokerFailures(meters)).isEqualTo(3));
			assertThat(push.status().up()).isFalse();
			assertThatExceptionOfType(TcpException.class).isThrownBy(() -> push.sendToGroup("room", "closed"))
				.withMessageContaining("pushes fail at once until a heartbeat gets through");

			this.redis.resume();
			awaitUp(a);
			push.sendToGroup("room", "back");
			// the two that timed out may arrive too: Redis answered them when it woke up
			List<String> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				received.addAll(onB.drainText());
				assertThat(received).endsWith("back");
			});
			assertThat(received).doesNotContain("no room", "closed");
		});
	}

	@FunctionalInterface
	private interface TwoInstances {

		void run(AssertableApplicationContext a, AssertableApplicationContext b, RecordingMember onB, TcpPush push)
				throws Exception;

	}

	private static double brokerFailures(MeterRegistry meters) {
		return meters.get("tcp.push.failed").tag("reason", "broker").counter().count();
	}

}
