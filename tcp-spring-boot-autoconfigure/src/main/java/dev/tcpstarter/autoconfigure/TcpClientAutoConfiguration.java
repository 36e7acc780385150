package dev.tcpstarter.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpClientConnectionFactoryCustomizer;
import dev.tcpstarter.metrics.TcpClientMetrics;

/**
 * Auto-configuration of named TCP clients: a {@link TcpClient} bean for each entry under
 * {@code tcp.clients}, named after its key and injectable with
 * {@code @Qualifier("<name>")}, and the {@code tcp.client.*} meters of every
 * {@code TcpClient} bean when a {@link MeterRegistry} exists.
 */
@AutoConfiguration(after = SslAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(TcpNetClientConnectionFactory.class)
@EnableConfigurationProperties(TcpClientProperties.class)
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
	 * Builds the named clients and connects those with {@code connect-on-startup}.
	 * @param properties the {@code tcp.clients.*} properties
	 * @param sslBundles SSL bundles, if configured
	 * @param customizers customizers of the clients' connection factories
	 * @param context the application context
	 * @return the factory of named clients
	 */
	@Bean(NamedTcpClients.BEAN_NAME)
	@ConditionalOnMissingBean
	NamedTcpClients namedTcpClients(TcpClientProperties properties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<TcpClientConnectionFactoryCustomizer> customizers, ApplicationContext context) {
		return new NamedTcpClients(properties, new TcpClientSslResolver(sslBundles.getIfAvailable()),
				context.getAutowireCapableBeanFactory(), context, customizers.orderedStream().toList());
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

}
