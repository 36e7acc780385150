package dev.tcpstarter.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.tcpstarter.metrics.TcpObservationObserverFactory;

/**
 * Auto-configuration of observations of connections and {@code @OnBytes} calls, when an
 * {@link ObservationRegistry} exists and {@code tcp.observations.enabled} is not
 * {@code false}.
 */
@AutoConfiguration(before = TcpAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "tcp.observations.enabled", matchIfMissing = true)
public final class TcpObservationAutoConfiguration {

	/**
	 * Observes connections and frames.
	 * @param registry the observation registry
	 * @return the observer factory
	 */
	@Bean
	@ConditionalOnMissingBean
	TcpObservationObserverFactory tcpObservationObserverFactory(ObservationRegistry registry) {
		return new TcpObservationObserverFactory(registry);
	}

}
