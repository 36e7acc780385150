package dev.tcpstarter.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.autoconfigure.TcpPushAutoConfiguration;
import dev.tcpstarter.support.EmbeddedKafka;

import static dev.tcpstarter.push.RedisPushTests.awaitUp;
import static dev.tcpstarter.push.RedisPushTests.member;
import static dev.tcpstarter.push.RedisPushTests.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TcpPush} on the {@code kafka} transport, with two application contexts
 * (two instances) on one real Kafka broker (embedded KRaft).
 */
class KafkaPushTests {

	private static EmbeddedKafka kafka;

	@BeforeAll
	static void startKafka() {
		// two partitions: the order of one instance's pushes must not depend on one
		kafka = EmbeddedKafka.start(2, "tcp.push");
	}

	@AfterAll
	static void stopKafka() {
		kafka.close();
	}

	private static ApplicationContextRunner runner(String bootstrapServers) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TcpPushAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("tcp.push.transport=kafka", "tcp.push.heartbeat-interval=200ms",
					"tcp.push.send-timeout=1s", "spring.kafka.bootstrap-servers=" + bootstrapServers,
					// the application's own settings, which the push channel must not
					// take
					"spring.kafka.consumer.group-id=application", "spring.kafka.consumer.auto-offset-reset=earliest");
	}

	@Test
	void shouldDeliverFromOneInstanceToAnotherInOrderAndOnce() {
		ApplicationContextRunner runner = runner(kafka.bootstrapServers());
		runner.run((a) -> runner.run((b) -> {
			awaitUp(a);
			awaitUp(b);
			RecordingMember onB = member(b, "b-1", "device:42");
			RecordingMember onA = member(a, "a-1", "device:42");
			TcpPush push = a.getBean(TcpPush.class);
			List<String> sent = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				sent.add("command " + i);
				push.sendToGroup("device:42", "command " + i);
			}
			assertThat(received(onB, 200)).containsExactlyElementsOf(sent);
			assertThat(received(onA, 200)).containsExactlyElementsOf(sent);
			push.sendToConnection("b-1", "after".getBytes(StandardCharsets.UTF_8));
			assertThat(onB.nextText()).as("nothing was delivered twice").isEqualTo("after");
			MeterRegistry metersB = b.getBean(MeterRegistry.class);
			await().untilAsserted(() -> assertThat(metersB.get("tcp.push.delivered").counter().count()).isEqualTo(201));
		}));
	}

	@Test
	void shouldIgnoreAndCountForeignRecordsOnTheTopic() {
		runner(kafka.bootstrapServers()).run((context) -> {
			awaitUp(context);
			RecordingMember member = member(context, "m", "room");
			try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
					java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()), new ByteArraySerializer(),
					new ByteArraySerializer())) {
				producer.send(new ProducerRecord<>("tcp.push", null, "{\"not\":\"a push\"}".getBytes())).get();
			}
			context.getBean(TcpPush.class).sendToGroup("room", "still fine");
			assertThat(member.nextText()).isEqualTo("still fine");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().untilAsserted(
					() -> assertThat(meters.get("tcp.push.failed").tag("reason", "malformed").counter().count())
						.isOne());
		});
	}

	@Test
	void shouldFailAtOnceWhenTheBrokerIsGone() {
		EmbeddedKafka doomed = EmbeddedKafka.start(1, "tcp.push");
		try {
			runner(doomed.bootstrapServers()).run((context) -> {
				awaitUp(context);
				TcpPush push = context.getBean(TcpPush.class);
				HealthIndicator health = context.getBean("tcpPushHealthIndicator", HealthIndicator.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				doomed.close();
				long started = System.nanoTime();
				for (int i = 0; i < 20; i++) {
					assertThatExceptionOfType(TcpException.class).isThrownBy(() -> push.sendToGroup("room", "lost"))
						.withMessageContaining("'kafka'");
				}
				// coarse: the first failure waits for the producer (send-timeout), the
				// others fail at once
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
				assertThat(context.getBean(MeterRegistry.class)
					.get("tcp.push.failed")
					.tag("reason", "broker")
					.counter()
					.count()).isEqualTo(20);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.DOWN));
			});
		}
		finally {
			doomed.close();
		}
	}

}
