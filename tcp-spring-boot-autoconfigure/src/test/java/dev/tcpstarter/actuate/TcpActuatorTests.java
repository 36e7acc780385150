package dev.tcpstarter.actuate;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.actuate.TcpEndpoint.ListenerDescriptor;
import dev.tcpstarter.autoconfigure.TcpActuatorAutoConfiguration;
import dev.tcpstarter.integration.IntegrationTcpListenerRegistry;
import dev.tcpstarter.listener.TcpConnectionInfo;
import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code tcp} health contributor and actuator endpoint.
 */
class TcpActuatorTests {

	private final ApplicationContextRunner runner = TcpContextRunners.runner()
		.withConfiguration(AutoConfigurations.of(TcpActuatorAutoConfiguration.class))
		.withUserConfiguration(EchoService.class)
		.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.framing=lf",
				"management.endpoints.web.exposure.include=tcp");

	@Test
	void shouldReportEachListenerUpThenDownWhenStopped() {
		this.runner.run((context) -> {
			TcpHealthContributor health = context.getBean("tcpHealthContributor", TcpHealthContributor.class);
			assertThat(health.stream().map(HealthContributors.Entry::name)).containsExactly("echo");
			Health up = ((HealthIndicator) health.getContributor("echo")).health();
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("port", port(context, "echo"))
				.containsEntry("tls", false)
				.containsEntry("activeConnections", 0);
			context.getBean(IntegrationTcpListenerRegistry.class).stop();
			Health down = ((HealthIndicator) health.getContributor("echo")).health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("reason", "stopped");
		});
	}

	@Test
	void shouldNotContributeHealthWhenDisabled() {
		this.runner.withPropertyValues("management.health.tcp.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("tcpHealthContributor"));
	}

	@Test
	void shouldDescribeListenersAndConnectionsAndCloseOneById() {
		this.runner.run((context) -> {
			TcpEndpoint endpoint = context.getBean(TcpEndpoint.class);
			try (TcpTestClient client = TcpTestClient.connect(port(context, "echo")).framing(Framing.LF)) {
				client.send("hello").expect("hello");
				ListenerDescriptor listener = endpoint.listeners().listeners().get(0);
				assertThat(listener.name()).isEqualTo("echo");
				assertThat(listener.port()).isEqualTo(port(context, "echo"));
				assertThat(listener.framing()).isEqualTo("lf");
				assertThat(listener.transport()).isEqualTo("net");
				assertThat(listener.tls()).isFalse();
				assertThat(listener.services()).containsExactly("echoService");
				assertThat(listener.activeConnections()).isEqualTo(1);
				TcpConnectionInfo connection = listener.connections().get(0);
				assertThat(connection.remoteAddress()).isEqualTo("127.0.0.1:" + client.getLocalPort());
				assertThat(connection.bytesReceived()).isEqualTo(6);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> endpoint.listeners().listeners().get(0).connections().get(0).bytesSent() == 6);
				assertThat(endpoint.closeConnection(connection.id()))
					.isEqualTo(Map.of("id", connection.id(), "closed", true));
				client.expectClosed();
				assertThat(endpoint.closeConnection("unknown")).containsEntry("closed", false);
			}
		});
	}

	@Test
	void shouldNotCreateTheEndpointUnlessExposed() {
		TcpContextRunners.runner()
			.withConfiguration(AutoConfigurations.of(TcpActuatorAutoConfiguration.class))
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("tcp.listeners.echo.port=0")
			.run((context) -> assertThat(context).doesNotHaveBean(TcpEndpoint.class).hasBean("tcpHealthContributor"));
	}

}
