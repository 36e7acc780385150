package dev.tcpstarter.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.autoconfigure.TcpPushAutoConfiguration;
import dev.tcpstarter.support.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TcpPush} on the {@code redis} transport, with two application contexts
 * (two instances) on one real {@code redis-server}, which the tests stop and start.
 */
class RedisPushTests {

	private RedisServer redis;

	// started by a test, stopped after its contexts closed
	private RedisServer late;

	@BeforeEach
	void startRedis() {
		this.redis = RedisServer.start();
	}

	@AfterEach
	void stopRedis() {
		if (this.redis != null) {
			this.redis.close();
		}
		if (this.late != null) {
			this.late.close();
		}
	}

	static ApplicationContextRunner runner(int port) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TcpPushAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("tcp.push.transport=redis", "tcp.push.heartbeat-interval=200ms",
					"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port);
	}

	@Test
	void shouldDeliverFromOneInstanceToAnotherInOrderAndOnce() {
		ApplicationContextRunner runner = runner(this.redis.port());
		runner.run((a) -> runner.run((b) -> {
			awaitUp(a);
			awaitUp(b);
			RecordingMember onB = member(b, "b-1", "device:42");
			RecordingMember onA = member(a, "a-1", "device:42");
			TcpPush push = a.getBean(TcpPush.class);
			List<String> sent = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				sent.add("command " + i);
				push.sendToGroup("device:42", ("command " + i).getBytes(StandardCharsets.UTF_8));
			}
			push.sendToConnection("b-1", "end".getBytes(StandardCharsets.UTF_8));
			assertThat(received(onB, 501)).containsExactlyElementsOf(withEnd(sent));
			assertThat(received(onA, 500)).containsExactlyElementsOf(sent);
			push.sendToGroup("device:42", "after");
			assertThat(onB.nextText()).as("nothing was delivered twice").isEqualTo("after");
			// counted once the frames are queued, just after the member got them
			MeterRegistry metersB = b.getBean(MeterRegistry.class);
			await().untilAsserted(() -> {
				assertThat(metersB.get("tcp.push.delivered").counter().count()).isEqualTo(502);
				assertThat(metersB.get("tcp.push.delivery").tag("origin", "remote").timer().count()).isEqualTo(502);
				assertThat(
						a.getBean(MeterRegistry.class).get("tcp.push.delivery").tag("origin", "local").timer().count())
					.isEqualTo(501);
			});
			assertThat(a.getBean(TcpPush.class).status().heartbeatRoundTrip()).isNotNull();
		}));
	}

	@Test
	void shouldIgnoreAndCountForeignMessagesOnTheTopic() {
		ApplicationContextRunner runner = runner(this.redis.port()).withPropertyValues("tcp.push.max-frame-size=1KB");
		runner.run((context) -> {
			awaitUp(context);
			RecordingMember member = member(context, "m", "room");
			this.redis.publish("tcp.push", "{\"hello\":\"from someone else\"}".getBytes(StandardCharsets.UTF_8));
			byte[] big = PushEnvelope.encode(PushEnvelope.GROUP, false, 1, 2, 3, "room".getBytes(), new byte[2048]);
			this.redis.publish("tcp.push", big);
			context.getBean(TcpPush.class).sendToGroup("room", "still fine");
			assertThat(member.nextText()).isEqualTo("still fine");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// one subscriber thread, in order: both were counted before the push arrived
			assertThat(meters.get("tcp.push.failed").tag("reason", "malformed").counter().count()).isOne();
			assertThat(meters.get("tcp.push.failed").tag("reason", "oversized").counter().count()).isOne();
		});
	}

	@Test
	void shouldFailAtOnceWhileRedisIsDownAndRecoverWhenItIsBack() {
		ApplicationContextRunner runner = runner(this.redis.port());
		runner.run((a) -> runner.run((b) -> {
			awaitUp(a);
			awaitUp(b);
			RecordingMember onB = member(b, "b-1", "room");
			TcpPush push = a.getBean(TcpPush.class);
			HealthIndicator health = a.getBean("tcpPushHealthIndicator", HealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);

			this.redis.stop();
			MeterRegistry meters = a.getBean(MeterRegistry.class);
			long started = System.nanoTime();
			for (int i = 0; i < 20; i++) {
				try {
					push.sendToGroup("room", "lost");
				}
				catch (TcpException ex) {
					assertThat(ex).hasMessageContaining("'redis'");
				}
			}
			// a push that Lettuce took before it saw the connection reset returned and
			// failed right after; every other one threw at once: all are counted
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.get("tcp.push.failed").tag("reason", "broker").counter().count())
					.isEqualTo(20));
			for (int i = 0; i < 20; i++) {
				assertThatExceptionOfType(TcpException.class).isThrownBy(() -> push.sendToGroup("room", "lost"))
					.withMessageContaining("'redis'");
			}
			// coarse: far below Lettuce's 60 s default command timeout
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			assertThat(meters.get("tcp.push.failed").tag("reason", "broker").counter().count()).isEqualTo(40);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.DOWN));
			assertThat(health.health().getDetails()).containsKey("reason");
			await().atMost(Duration.ofSeconds(10)).until(() -> !b.getBean(TcpPush.class).status().up());

			this.redis.restart();
			awaitUp(a);
			awaitUp(b);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			push.sendToGroup("room", "back");
			assertThat(onB.nextText()).isEqualTo("back");
		}));
	}

	@Test
	void shouldPublishOneAtATimeOnAConnectionFactoryThatIsNotLettuces() {
		LettuceConnectionFactory lettuce = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()));
		lettuce.afterPropertiesSet();
		try {
			// as with Jedis, instance A publishes with a blocking PUBLISH; its own
			// subscription does not work with this stand-in (the listener container runs
			// a
			// factory that is not Lettuce's as a blocking one), so only B subscribes
			ApplicationContextRunner a = runner(this.redis.port()).withBean(RedisConnectionFactory.class,
					() -> new OtherConnectionFactory(lettuce));
			ApplicationContextRunner b = runner(this.redis.port());
			a.run((publishing) -> b.run((subscribing) -> {
				awaitUp(subscribing);
				RecordingMember onB = member(subscribing, "b-1", "room");
				TcpPush push = publishing.getBean(TcpPush.class);
				List<String> sent = new ArrayList<>();
				for (int i = 0; i < 100; i++) {
					sent.add("command " + i);
					push.sendToGroup("room", "command " + i);
				}
				assertThat(received(onB, 100)).containsExactlyElementsOf(sent);
			}));
		}
		finally {
			lettuce.destroy();
		}
	}

	@Test
	void shouldStartWhileRedisIsDownAndSubscribeWhenItComes() {
		int port = RedisServer.freePort();
		runner(port).run((context) -> {
			assertThat(context).hasNotFailed();
			TcpPush push = context.getBean(TcpPush.class);
			assertThat(push.status().up()).isFalse();
			assertThatExceptionOfType(TcpException.class).isThrownBy(() -> push.sendToGroup("room", "x"));
			RecordingMember member = member(context, "m", "room");
			this.late = RedisServer.on(port);
			awaitUp(context);
			push.sendToGroup("room", "hello");
			assertThat(member.nextText()).isEqualTo("hello");
		});
	}

	static void awaitUp(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		TcpPush push = context.getBean(TcpPush.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> push.status().up());
	}

	static RecordingMember member(AssertableApplicationContext context, String id, String group) {
		RecordingMember member = new RecordingMember(id);
		PushRegistry registry = context.getBean(PushRegistry.class);
		registry.opened(member);
		registry.join(group, member);
		return member;
	}

	static List<String> received(RecordingMember member, int count) throws InterruptedException {
		List<String> received = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			received.add(member.nextText());
		}
		return received;
	}

	/**
	 * A connection factory of another client than Lettuce, as far as the push channel can
	 * tell.
	 */
	private record OtherConnectionFactory(RedisConnectionFactory delegate) implements RedisConnectionFactory {

		@Override
		public boolean getConvertPipelineAndTxResults() {
			return this.delegate.getConvertPipelineAndTxResults();
		}

		@Override
		public RedisConnection getConnection() {
			return this.delegate.getConnection();
		}

		@Override
		public RedisClusterConnection getClusterConnection() {
			return this.delegate.getClusterConnection();
		}

		@Override
		public RedisSentinelConnection getSentinelConnection() {
			return this.delegate.getSentinelConnection();
		}

		@Override
		public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
			return this.delegate.translateExceptionIfPossible(ex);
		}

	}

	private static List<String> withEnd(List<String> sent) {
		List<String> expected = new ArrayList<>(sent);
		expected.add("end");
		return expected;
	}

}
