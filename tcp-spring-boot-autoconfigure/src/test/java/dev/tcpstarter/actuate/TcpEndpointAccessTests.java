package dev.tcpstarter.actuate;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.jmx.ExposableJmxEndpoint;
import org.springframework.boot.actuate.endpoint.jmx.JmxEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.autoconfigure.TcpActuatorAutoConfiguration;
import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.support.TcpContextRunners;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tcp} endpoint is read-only unless access is opened.
 */
class TcpEndpointAccessTests {

	private final ApplicationContextRunner runner = TcpContextRunners.runner()
		.withConfiguration(AutoConfigurations.of(TcpActuatorAutoConfiguration.class, EndpointAutoConfiguration.class,
				JmxAutoConfiguration.class, JmxEndpointAutoConfiguration.class))
		.withUserConfiguration(EchoService.class)
		// as SpringApplication does: lower-case enum values in properties
		.withInitializer((context) -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
		.withPropertyValues("tcp.listeners.echo.port=0", "spring.jmx.enabled=true",
				"management.endpoints.jmx.exposure.include=tcp");

	@Test
	void shouldOfferOnlyReadOperationsByDefault() {
		this.runner.run((context) -> assertThat(operations(context)).containsOnly(OperationType.READ));
	}

	@Test
	void shouldOfferClosingConnectionsWhenAccessIsUnrestricted() {
		this.runner.withPropertyValues("management.endpoint.tcp.access=unrestricted")
			.run((context) -> assertThat(operations(context)).contains(OperationType.READ, OperationType.WRITE));
	}

	private static List<OperationType> operations(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		ExposableJmxEndpoint endpoint = context.getBean(JmxEndpointsSupplier.class)
			.getEndpoints()
			.stream()
			.filter((candidate) -> candidate.getEndpointId().equals(EndpointId.of("tcp")))
			.findFirst()
			.orElseThrow();
		return endpoint.getOperations().stream().map((operation) -> operation.getType()).toList();
	}

}
