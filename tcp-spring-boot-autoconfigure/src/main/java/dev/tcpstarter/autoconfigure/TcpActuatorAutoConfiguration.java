package dev.tcpstarter.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.actuate.TcpEndpoint;
import dev.tcpstarter.actuate.TcpHealthContributor;
import dev.tcpstarter.listener.TcpListenerRegistry;

/**
 * Auto-configuration of the {@code tcp} health contributor and actuator endpoint.
 */
@AutoConfiguration(after = TcpAutoConfiguration.class)
@ConditionalOnBean(TcpListenerRegistry.class)
public final class TcpActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("tcp")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tcpHealthContributor")
		TcpHealthContributor tcpHealthContributor(TcpListenerRegistry registry) {
			return new TcpHealthContributor(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(TcpEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TcpEndpoint tcpEndpoint(TcpListenerRegistry registry) {
			return new TcpEndpoint(registry);
		}

	}

}
