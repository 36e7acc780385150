package dev.tcpstarter.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.autoconfigure.TcpMetricsAutoConfiguration;
import dev.tcpstarter.autoconfigure.TcpObservationAutoConfiguration;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code tcp.server.*} meters and observations: exact values after a known
 * exchange, and a context without Micrometer.
 */
class TcpMetricsTests {

	private final ApplicationContextRunner runner = TcpContextRunners.runner()
		.withConfiguration(
				AutoConfigurations.of(TcpMetricsAutoConfiguration.class, TcpObservationAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.framing=length-prefix",
				"tcp.listeners.echo.max-connections=2");

	@Test
	void shouldCountAKnownExchangeExactly() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			int port = port(context, "echo");
			try (TcpTestClient a = client(port); TcpTestClient b = client(port)) {
				for (int i = 0; i < 3; i++) {
					a.send("0123456789").expect("0123456789");
					b.send("abcdefghij").expect("abcdefghij");
				}
				a.send("throw!!!!!");
				a.send("0123456789").expect("0123456789");
				assertThat(gauge(meters, "tcp.server.connections.active")).isEqualTo(2);
				try (TcpTestClient rejected = client(port)) {
					rejected.expectClosed();
				}
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> gauge(meters, "tcp.server.connections.active") == 0);
			assertThat(counter(meters, "tcp.server.connections.opened")).isEqualTo(2);
			assertThat(counter(meters, "tcp.server.connections.closed")).isEqualTo(2);
			assertThat(meters.get("tcp.server.connections.rejected")
				.tag("reason", "max-connections")
				.functionCounter()
				.count()).isEqualTo(1);
			// 8 frames in: 7 echoed, 1 failed; 14 bytes each with the 4-byte prefix
			assertThat(counter(meters, "tcp.server.frames.received")).isEqualTo(8);
			assertThat(counter(meters, "tcp.server.frames.sent")).isEqualTo(7);
			assertThat(counter(meters, "tcp.server.bytes.received")).isEqualTo(8 * 14);
			assertThat(counter(meters, "tcp.server.bytes.sent")).isEqualTo(7 * 14);
			assertThat(meters.get("tcp.server.errors").tag("kind", "handler").functionCounter().count()).isEqualTo(1);
			assertThat(meters.get("tcp.server.handler.duration")
				.tags("handler", "onBytes", "outcome", "success")
				.functionTimer()
				.count()).isEqualTo(7);
			assertThat(meters.get("tcp.server.handler.duration")
				.tags("handler", "onBytes", "outcome", "error")
				.functionTimer()
				.count()).isEqualTo(1);
			assertThat(meters.get("tcp.server.handler.duration")
				.tags("handler", "onConnect", "outcome", "success")
				.functionTimer()
				.count()).isEqualTo(2);
			assertThat(meters.get("tcp.server.handler.duration")
				.tags("handler", "onBytes", "outcome", "success")
				.functionTimer()
				.totalTime(TimeUnit.NANOSECONDS)).isPositive();
			assertThat(meters.get("tcp.server.connection.duration").timer().count()).isEqualTo(2);
			assertThat(meters.get("tcp.server.frames.received")
				.tags("listener", "echo", "service", "echoService")
				.functionCounter()).isNotNull();
		});
	}

	@Test
	void shouldObserveConnectionsAndFrames() {
		List<String> observed = new CopyOnWriteArrayList<>();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				observed.add(context.getName() + " "
						+ context.getLowCardinalityKeyValues()
							.stream()
							.map((keyValue) -> keyValue.getKey() + "=" + keyValue.getValue())
							.sorted()
							.toList());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.runner.withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			try (TcpTestClient client = client(port(context, "echo"))) {
				client.send("observe").expect("observe");
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> observed.size() == 2);
			assertThat(observed).containsExactly(
					"tcp.server.handler [handler=onBytes, listener=echo, outcome=success, service=echoService]",
					"tcp.server.connection [listener=echo, service=echoService]");
		});
	}

	@Test
	void shouldNotObserveWhenDisabled() {
		this.runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withPropertyValues("tcp.observations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TcpObservationObserverFactory.class));
	}

	@Test
	void shouldServeWithoutMicrometerOnTheClasspath() {
		this.runner
			.withClassLoader(new FilteredClassLoader("io.micrometer.core", "io.micrometer.observation",
					"org.springframework.boot.health", "org.springframework.boot.actuate"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TcpMetricsObserverFactory.class);
				assertThat(context.getBean(TcpListenerRegistry.class).getServers()).hasSize(1);
				try (TcpTestClient client = client(port(context, "echo"))) {
					client.send("plain").expect("plain");
				}
			});
	}

	private static TcpTestClient client(int port) {
		return TcpTestClient.connect(port).framing(Framing.lengthPrefix(4));
	}

	private static double gauge(MeterRegistry meters, String name) {
		return meters.get(name).gauge().value();
	}

	private static double counter(MeterRegistry meters, String name) {
		return meters.get(name).functionCounter().count();
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		EchoService echoService() {
			return new EchoService();
		}

	}

	@TcpService
	static class EchoService {

		@OnConnect
		Echo onConnect() {
			return new Echo();
		}

	}

	@ConnectionService
	static class Echo {

		@OnBytes
		byte[] onBytes(byte[] data) {
			if (new String(data, StandardCharsets.US_ASCII).startsWith("throw")) {
				throw new IllegalStateException("counted");
			}
			return data;
		}

	}

}
