package dev.tcpstarter.autoconfigure;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.kafka.channel.PublishSubscribeKafkaChannel;
import org.springframework.integration.redis.channel.SubscribableRedisChannel;
import org.springframework.messaging.SubscribableChannel;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.actuate.TcpPushHealthIndicator;
import dev.tcpstarter.metrics.TcpPushMetrics;
import dev.tcpstarter.push.PipelinedPushChannel;
import dev.tcpstarter.push.PushRegistry;
import dev.tcpstarter.push.TcpPush;
import dev.tcpstarter.push.kafka.KafkaPushChannel;
import dev.tcpstarter.push.redis.RedisPushChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TcpPushAutoConfiguration}.
 */
class TcpPushAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TcpPushAutoConfiguration.class));

	@Test
	void shouldConfigureTheLocalTransportByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TcpPush.class)
				.hasSingleBean(PushRegistry.class)
				.hasSingleBean(TcpPushHealthIndicator.class)
				.doesNotHaveBean(TcpPushMetrics.class);
			assertThat(context.getBean("tcpPushChannel")).isInstanceOf(PublishSubscribeChannel.class);
			assertThat(context.getBean(TcpPush.class).status().transport()).isEqualTo("local");
			assertThat(context.getBean(TcpPush.class).isRunning()).isTrue();
		});
	}

	@Test
	void shouldUseTheApplicationsChannelAndWatchItWithAHeartbeat() {
		this.runner.withBean("tcpPushChannel", SubscribableChannel.class, PublishSubscribeChannel::new)
			.withPropertyValues("tcp.push.heartbeat-interval=100ms")
			.run((context) -> {
				TcpPush push = context.getBean(TcpPush.class);
				assertThat(push.status().transport()).isEqualTo("channel");
				assertThat(push.status().topic()).isNull();
				org.awaitility.Awaitility.await().until(() -> push.status().up());
			});
	}

	@Test
	void shouldRegisterMetersWithAMeterRegistry() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(TcpPushMetrics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("tcp.push.published").counters()).hasSize(3);
			assertThat(meters.get("tcp.push.failed").tag("reason", "broker").counter().count()).isZero();
		});
	}

	@Test
	void shouldNotContributeHealthWhenDisabled() {
		this.runner.withPropertyValues("management.health.tcppush.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TcpPushHealthIndicator.class));
	}

	@Test
	void shouldNameTheMissingDependencyOfTheRedisTransport() {
		this.runner.withClassLoader(new FilteredClassLoader(SubscribableRedisChannel.class))
			.withPropertyValues("tcp.push.transport=redis")
			.run((context) -> assertMissing(context.getStartupFailure(), "spring-integration-redis"));
		this.runner.withPropertyValues("tcp.push.transport=redis")
			.run((context) -> assertMissing(context.getStartupFailure(), "spring-boot-starter-data-redis"));
	}

	@Test
	void shouldNameTheMissingDependencyOfTheKafkaTransport() {
		this.runner.withClassLoader(new FilteredClassLoader(PublishSubscribeKafkaChannel.class))
			.withPropertyValues("tcp.push.transport=kafka")
			.run((context) -> assertMissing(context.getStartupFailure(), "spring-integration-kafka"));
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.kafka"))
			.withPropertyValues("tcp.push.transport=kafka")
			.run((context) -> assertMissing(context.getStartupFailure(), "spring-boot-starter-kafka"));
	}

	@Test
	void shouldConfigureTheRedisTransportAndLettuceToFailFast() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("tcp.push.transport=redis", "tcp.push.send-timeout=750ms",
					"spring.data.redis.port=" + dev.tcpstarter.support.RedisServer.freePort(),
					"spring.data.redis.connect-timeout=3s", "spring.data.redis.timeout=20s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("tcpPushChannel")).isInstanceOf(RedisPushChannel.class)
					.isInstanceOf(PipelinedPushChannel.class);
				TcpPush push = context.getBean(TcpPush.class);
				assertThat(push.status().transport()).isEqualTo("redis");
				assertThat(push.status().topic()).isEqualTo("tcp.push");
				ClientOptions options = context.getBean(LettuceConnectionFactory.class)
					.getClientConfiguration()
					.getClientOptions()
					.orElseThrow();
				assertThat(options.getDisconnectedBehavior())
					.isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
				assertThat(options.getSocketOptions().getConnectTimeout()).as("Boot's options are kept")
					.isEqualTo(Duration.ofSeconds(3));
				TimeoutOptions.TimeoutSource timeouts = options.getTimeoutOptions().getSource();
				assertThat(timeouts.getTimeout(new Command<>(CommandType.PUBLISH, null))).isEqualTo(750);
				assertThat(timeouts.getTimeout(new Command<>(CommandType.GET, null))).isEqualTo(20_000);
			});
	}

	@Test
	void shouldConfigureTheKafkaTransport() {
		this.runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
			.withPropertyValues("tcp.push.transport=kafka", "tcp.push.topic=pushes",
					"spring.kafka.bootstrap-servers=127.0.0.1:" + dev.tcpstarter.support.RedisServer.freePort())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("tcpPushChannel")).isInstanceOf(KafkaPushChannel.class);
				assertThat(context.getBean(TcpPush.class).status().topic()).isEqualTo("pushes");
			});
	}

	@Test
	void shouldRefuseAMaxInFlightBelowOne() {
		this.runner.withPropertyValues("tcp.push.max-in-flight=0").run((context) -> {
			TcpConfigurationException cause = findCause(context.getStartupFailure());
			assertThat(cause.getDescription()).contains("tcp.push.max-in-flight").contains("0");
		});
	}

	private static void assertMissing(Throwable failure, String dependency) {
		assertThat(failure).isNotNull();
		TcpConfigurationException cause = findCause(failure);
		assertThat(cause.getDescription()).contains("tcp.push.transport").contains(dependency);
		FailureAnalysis analysis = new TcpConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis.getAction()).contains(dependency);
	}

	private static TcpConfigurationException findCause(Throwable failure) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (candidate instanceof TcpConfigurationException found) {
				return found;
			}
			candidate = candidate.getCause();
		}
		throw new AssertionError("No TcpConfigurationException in " + failure, failure);
	}

}
