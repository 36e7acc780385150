package dev.tcpstarter.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.SubscribableChannel;

import dev.tcpstarter.actuate.TcpPushHealthIndicator;
import dev.tcpstarter.metrics.TcpPushMetrics;
import dev.tcpstarter.push.PushRegistry;
import dev.tcpstarter.push.TcpPush;
import dev.tcpstarter.push.TcpPushObserver;

/**
 * Auto-configuration of {@link TcpPush}: the registry of this instance's connections and
 * groups, the push channel of {@code tcp.push.transport} (unless the application has a
 * {@link SubscribableChannel} bean named {@value #CHANNEL_BEAN_NAME}), its meters when a
 * {@link MeterRegistry} exists, and the {@code tcpPush} health contributor.
 */
@AutoConfiguration(after = TcpAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(SubscribableChannel.class)
@EnableConfigurationProperties(TcpProperties.class)
public final class TcpPushAutoConfiguration {

	/**
	 * Name of the channel pushes travel on; a {@link SubscribableChannel} bean of this
	 * name replaces the transport.
	 */
	public static final String CHANNEL_BEAN_NAME = "tcpPushChannel";

	/**
	 * This instance's connections and their groups.
	 * @return the registry
	 */
	@Bean
	@ConditionalOnMissingBean
	PushRegistry tcpPushRegistry() {
		return new PushRegistry();
	}

	/**
	 * The channel of {@code tcp.push.transport}.
	 * @param properties the {@code tcp.*} properties
	 * @param context the application context
	 * @return the channel
	 */
	@Bean(CHANNEL_BEAN_NAME)
	@ConditionalOnMissingBean(name = CHANNEL_BEAN_NAME)
	SubscribableChannel tcpPushChannel(TcpProperties properties, ApplicationContext context) {
		return PushTransports.channel(properties.getPush(), context);
	}

	/**
	 * Sends frames to connections on every instance.
	 * @param registry this instance's connections and groups
	 * @param channel the push channel
	 * @param properties the {@code tcp.*} properties
	 * @param observers observers of pushes, such as metrics
	 * @return the push
	 */
	@Bean
	@ConditionalOnMissingBean
	TcpPush tcpPush(PushRegistry registry, @Qualifier(CHANNEL_BEAN_NAME) SubscribableChannel channel,
			TcpProperties properties, ObjectProvider<TcpPushObserver> observers) {
		return new TcpPush(registry, channel, PushTransports.settings(properties.getPush(), channel),
				observers.getIfAvailable(() -> TcpPushObserver.NONE));
	}

	/**
	 * Makes a Redis publish fail fast (see {@link LettucePushOptions}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "tcp.push.transport", havingValue = "redis")
	@ConditionalOnClass(name = { "io.lettuce.core.ClientOptions",
			"org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer" })
	static class LettuceConfiguration {

		@Bean
		LettuceClientOptionsBuilderCustomizer tcpPushLettuceClientOptionsBuilderCustomizer(TcpProperties properties,
				ObjectProvider<DataRedisProperties> redisProperties) {
			DataRedisProperties redis = redisProperties.getIfAvailable();
			return LettucePushOptions.failFast(properties.getPush().getSendTimeout(),
					(redis != null) ? redis.getTimeout() : null);
		}

	}

	/**
	 * The {@code tcp.push.*} meters, when Micrometer is on the classpath and a registry
	 * exists.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TcpPushMetrics tcpPushMetrics(MeterRegistry registry) {
			return new TcpPushMetrics(registry);
		}

	}

	/**
	 * The {@code tcpPush} health contributor, when Spring Boot's health support is on the
	 * classpath; {@code management.health.tcppush.enabled=false} turns it off (Boot's own
	 * camel-case contributors, such as {@code livenessState}, are switched the same way).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("tcppush")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tcpPushHealthIndicator")
		TcpPushHealthIndicator tcpPushHealthIndicator(TcpPush push) {
			return new TcpPushHealthIndicator(push);
		}

	}

}
