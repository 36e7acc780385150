package dev.tcpstarter.autoconfigure;

import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

import dev.tcpstarter.actuate.TcpClientsHealthContributor;
import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpClientConnectionFactoryCustomizer;
import dev.tcpstarter.integration.TcpClientServiceRegistrar;
import dev.tcpstarter.metrics.TcpClientMetrics;

/**
 * Auto-configuration of named TCP clients: a {@link TcpClient} bean for each entry under
 * {@code tcp.clients}, named after its key and injectable with
 * {@code @Qualifier("<name>")}; the binding of {@code @TcpService(clients = ...)}
 * services to them; the {@code tcp.client.*} meters of every {@code TcpClient} bean when
 * a {@link MeterRegistry} exists; and the {@code tcpClients} health contributor.
 */
@AutoConfiguration(after = SslAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(TcpNetClientConnectionFactory.class)
@EnableConfigurationProperties(TcpProperties.class)
public final class TcpClientAutoConfiguration {

	/**
	 * Registers a bean definition per named client.
	 * @return the registrar
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static TcpClientBeanRegistrar tcpClientBeanRegistrar() {
		return new TcpClientBeanRegistrar();
	}

	/**
	 * Builds the named clients and connects those with {@code connect-on-startup} or a
	 * service.
	 * @param properties the {@code tcp.*} properties, of which {@code tcp.clients.*}
	 * @param sslBundles SSL bundles, if configured
	 * @param customizers customizers of the clients' connection factories
	 * @param context the application context
	 * @return the factory of named clients
	 */
	@Bean(NamedTcpClients.BEAN_NAME)
	@ConditionalOnMissingBean
	NamedTcpClients namedTcpClients(TcpProperties properties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<TcpClientConnectionFactoryCustomizer> customizers, ApplicationContext context) {
		return new NamedTcpClients(properties, new TcpClientSslResolver(sslBundles.getIfAvailable()),
				context.getAutowireCapableBeanFactory(), context, customizers.orderedStream().toList(),
				threads(context));
	}

	/**
	 * Attaches {@code @TcpService(clients = ...)} services to the named clients.
	 * @param context the application context
	 * @return the registrar
	 */
	@Bean
	@ConditionalOnMissingBean
	TcpClientServiceRegistrar tcpClientServiceRegistrar(ApplicationContext context) {
		return new TcpClientServiceRegistrar(context);
	}

	/**
	 * The reader threads of each named client: virtual threads when enabled on Java 21+,
	 * otherwise the client's own daemon platform threads.
	 */
	private static Function<String, @Nullable ThreadFactory> threads(ApplicationContext context) {
		if (Threading.VIRTUAL.isActive(context.getEnvironment())) {
			return (name) -> new VirtualThreadTaskExecutor("tcp-client-" + name + "-").getVirtualThreadFactory();
		}
		return (name) -> null;
	}

	/**
	 * Meters of TCP clients, when Micrometer is on the classpath and a registry exists.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class TcpClientMetricsConfiguration {

		/**
		 * Registers the {@code tcp.client.*} meters of every {@link TcpClient} bean once
		 * all singletons exist.
		 * @param registry the meter registry
		 * @param clients the clients
		 * @return the binder
		 */
		@Bean
		@ConditionalOnMissingBean(name = "tcpClientMetrics")
		SmartInitializingSingleton tcpClientMetrics(ObjectProvider<MeterRegistry> registry,
				ObjectProvider<TcpClient> clients) {
			return () -> clients.orderedStream()
				.forEach((client) -> new TcpClientMetrics(client).bindTo(registry.getObject()));
		}

	}

	/**
	 * The {@code tcpClients} health contributor, when Boot's health support is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("tcpClients")
	static class TcpClientsHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tcpClientsHealthContributor")
		TcpClientsHealthContributor tcpClientsHealthContributor(ObjectProvider<TcpClient> clients) {
			return new TcpClientsHealthContributor(clients);
		}

	}

}
