package dev.tcpstarter.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.tcpstarter.metrics.TcpMetricsObserverFactory;

/**
 * Auto-configuration of the {@code tcp.server.*} meters, when a {@link MeterRegistry}
 * exists.
 */
@AutoConfiguration(before = TcpAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class TcpMetricsAutoConfiguration {

	/**
	 * Registers the meters of each listener.
	 * @param registry the meter registry
	 * @return the observer factory
	 */
	@Bean
	@ConditionalOnMissingBean
	TcpMetricsObserverFactory tcpMetricsObserverFactory(MeterRegistry registry) {
		return new TcpMetricsObserverFactory(registry);
	}

}
