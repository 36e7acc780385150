package dev.tcpstarter.push;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.autoconfigure.TcpAutoConfiguration;
import dev.tcpstarter.support.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the thread the {@code redis} transport delivers pushes on: the channel's own
 * with a thread per connection, Lettuce's event loop when connections run on virtual
 * threads (Java 21+; on 17 the property changes nothing). Run on JDK 25 by
 * {@code .ci/run} as well.
 */
class RedisPushThreadingTests {

	// one for the class: the tests only publish and receive, none stops it
	private static RedisServer redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void shouldDeliverOnTheChannelsOwnThreadWithAThreadPerConnection() {
		assertThat(deliveringThread(RedisPushTests.runner(redis.port()))).startsWith("tcp-push-redis");
	}

	@Test
	void shouldDeliverOnLettucesEventLoopWhenConnectionsRunOnVirtualThreads() {
		String thread = deliveringThread(
				RedisPushTests.runner(redis.port()).withPropertyValues("spring.threads.virtual.enabled=true"));
		assertThat(thread).startsWith((Runtime.version().feature() >= 21) ? "lettuce-" : "tcp-push-redis");
	}

	@Test
	void shouldDeliverOnTheChannelsOwnThreadWhenAnExecutorBeanReplacesVirtualThreads() {
		// the application's executor may have a thread per connection
		String thread = deliveringThread(RedisPushTests.runner(redis.port())
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean(TcpAutoConfiguration.TASK_EXECUTOR_BEAN_NAME, Executor.class,
					() -> Executors.newCachedThreadPool()));
		assertThat(thread).startsWith("tcp-push-redis");
	}

	private String deliveringThread(ApplicationContextRunner runner) {
		StringBuilder thread = new StringBuilder();
		runner.run((context) -> {
			RedisPushTests.awaitUp(context);
			RecordingMember member = RedisPushTests.member(context, "c-1", "room");
			context.getBean(TcpPush.class).sendToGroup("room", "hello");
			assertThat(member.nextText()).isEqualTo("hello");
			thread.append(member.lastSender());
		});
		return thread.toString();
	}

}
