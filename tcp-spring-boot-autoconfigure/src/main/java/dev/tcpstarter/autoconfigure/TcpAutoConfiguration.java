package dev.tcpstarter.autoconfigure;

import java.util.concurrent.Executor;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpListenerSupport;
import dev.tcpstarter.listener.TcpServiceAnnotationBeanPostProcessor;

/**
 * Auto-configuration of annotation-driven TCP services: discovers {@code @TcpService}
 * beans and runs a Spring Integration server connection factory for each listener under
 * {@code tcp.listeners}.
 *
 * @author tcp-spring-boot-starter
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(TcpNetServerConnectionFactory.class)
@EnableConfigurationProperties(TcpProperties.class)
public final class TcpAutoConfiguration {

	/**
	 * Name of an optional {@link Executor} bean that runs the connections of every
	 * listener.
	 */
	public static final String TASK_EXECUTOR_BEAN_NAME = "tcpTaskExecutor";

	/**
	 * Discovers {@code @TcpService} beans.
	 * @return the bean post-processor
	 */
	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static TcpServiceAnnotationBeanPostProcessor tcpServiceAnnotationBeanPostProcessor() {
		return new TcpServiceAnnotationBeanPostProcessor();
	}

	/**
	 * Runs timeouts of TCP listeners.
	 * @return the scheduler
	 */
	@Bean(name = "tcpTaskScheduler")
	@ConditionalOnMissingBean(name = "tcpTaskScheduler")
	ThreadPoolTaskScheduler tcpTaskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("tcp-scheduler-");
		scheduler.setDaemon(true);
		return scheduler;
	}

	/**
	 * Binds and runs the listeners.
	 * @param properties the {@code tcp.*} properties
	 * @param postProcessor the discovered services
	 * @param tcpTaskScheduler the scheduler for timeouts
	 * @param sslBundles SSL bundles, if configured
	 * @param observers observers of listeners, such as metrics
	 * @param context the application context
	 * @return the registry
	 */
	@Bean
	@ConditionalOnMissingBean
	TcpListenerRegistry tcpListenerRegistry(TcpProperties properties,
			TcpServiceAnnotationBeanPostProcessor postProcessor, ThreadPoolTaskScheduler tcpTaskScheduler,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<TcpListenerObserver.Factory> observers,
			ApplicationContext context) {
		TcpListenerSslResolver ssl = new TcpListenerSslResolver(sslBundles.getIfAvailable(), context);
		TcpListenerSupport support = new TcpListenerSupport(tcpTaskScheduler, context.getAutowireCapableBeanFactory(),
				context, new TcpFramingResolver(context), executors(context), observers.orderedStream().toList());
		return new TcpListenerRegistry(TcpListenerDefinitions.from(properties, ssl), postProcessor::getEndpoints,
				support);
	}

	/**
	 * Stops and resumes accepting connections with the application's readiness.
	 * @param registry the listener registry
	 * @return the listener
	 */
	@Bean
	@ConditionalOnMissingBean
	TcpReadinessListener tcpReadinessListener(TcpListenerRegistry registry) {
		return new TcpReadinessListener(registry);
	}

	/**
	 * The executor connections run on: a bean named {@value #TASK_EXECUTOR_BEAN_NAME} if
	 * there is one (it needs a thread per connection on transport net), virtual threads
	 * when enabled on Java 21+, otherwise a cached thread pool per listener.
	 */
	private static Function<String, @Nullable Executor> executors(ApplicationContext context) {
		if (context.containsBean(TASK_EXECUTOR_BEAN_NAME)) {
			Executor shared = context.getBean(TASK_EXECUTOR_BEAN_NAME, Executor.class);
			return (name) -> shared;
		}
		if (Threading.VIRTUAL.isActive(context.getEnvironment())) {
			return (name) -> new VirtualThreadTaskExecutor("tcp-" + name + "-");
		}
		return (name) -> null;
	}

}
