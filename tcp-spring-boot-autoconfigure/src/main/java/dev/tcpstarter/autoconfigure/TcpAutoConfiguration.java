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

import dev.tcpstarter.integration.IntegrationTcpListenerRegistry;
import dev.tcpstarter.integration.TcpServiceAnnotationBeanPostProcessor;
import dev.tcpstarter.listener.TcpConnectionFactoryCustomizer;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.push.PushRegistry;

/**
 * Auto-configuration of annotation-driven TCP services: discovers {@code @TcpService}
 * beans and runs a Spring Integration server connection factory for each listener under
 * {@code tcp.listeners}.
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
	 * Runs the timeouts and the write-timeout watchdog of TCP listeners.
	 * @return the scheduler
	 */
	@Bean(name = "tcpTaskScheduler")
	@ConditionalOnMissingBean(name = "tcpTaskScheduler")
	ThreadPoolTaskScheduler tcpTaskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("tcp-scheduler-");
		scheduler.setDaemon(true);
		// every connection's PROXY header and TLS handshake has a deadline, cancelled
		// when the phase ends in time: without this, each cancelled one would stay queued
		// until its time, thousands of them under load
		scheduler.setRemoveOnCancelPolicy(true);
		// the listeners' graceful stop runs its deadlines on it after the context has
		// closed
		scheduler.setAcceptTasksAfterContextClose(true);
		return scheduler;
	}

	/**
	 * Runs the listeners, each on a Spring Integration server connection factory, with
	 * the services bound to them.
	 * @param properties the {@code tcp.*} properties
	 * @param sslBundles SSL bundles, if configured
	 * @param tcpTaskScheduler the scheduler for timeouts
	 * @param observers observers of listeners, such as metrics
	 * @param customizers customizers of the listeners' factories
	 * @param pushRegistry where connections are registered for push
	 * @param context the application context, which receives the listeners' events
	 * @return the registry
	 */
	@Bean
	@ConditionalOnMissingBean(TcpListenerRegistry.class)
	IntegrationTcpListenerRegistry tcpListenerRegistry(TcpProperties properties, ObjectProvider<SslBundles> sslBundles,
			ThreadPoolTaskScheduler tcpTaskScheduler, ObjectProvider<TcpListenerObserver.Factory> observers,
			ObjectProvider<TcpConnectionFactoryCustomizer> customizers, ObjectProvider<PushRegistry> pushRegistry,
			ApplicationContext context) {
		IntegrationTcpListenerRegistry registry = new IntegrationTcpListenerRegistry(tcpTaskScheduler,
				context.getAutowireCapableBeanFactory(), context, new TcpFramingResolver(context));
		TcpListenerSslResolver ssl = new TcpListenerSslResolver(sslBundles.getIfAvailable(), context);
		registry.setListenerDefinitions(TcpListenerDefinitions.from(properties, ssl));
		registry.setExecutors(executors(context));
		registry.setObserverFactories(observers.orderedStream().toList());
		registry.setCustomizers(customizers.orderedStream().toList());
		registry.setPushRegistry(pushRegistry.getIfAvailable());
		return registry;
	}

	/**
	 * Stops and resumes accepting connections with the application's readiness.
	 * @param registry the listener registry
	 * @return the switch
	 */
	@Bean
	@ConditionalOnMissingBean
	TcpReadinessSwitch tcpReadinessSwitch(TcpListenerRegistry registry) {
		return new TcpReadinessSwitch(registry);
	}

	/**
	 * The executor connections run on: a bean named {@value #TASK_EXECUTOR_BEAN_NAME} if
	 * there is one (it needs a thread per connection on transport net), virtual threads
	 * when enabled on Java 21+, otherwise each listener's own platform threads.
	 */
	private static Function<String, @Nullable Executor> executors(ApplicationContext context) {
		if (context.containsBean(TASK_EXECUTOR_BEAN_NAME)) {
			Executor shared = context.getBean(TASK_EXECUTOR_BEAN_NAME, Executor.class);
			return (name) -> shared;
		}
		if (onVirtualThreads(context)) {
			return (name) -> new VirtualThreadTaskExecutor("tcp-" + name + "-");
		}
		return (name) -> null;
	}

	/**
	 * Return whether connections run on the virtual threads of the listeners' default
	 * executor: enabled, and no {@value #TASK_EXECUTOR_BEAN_NAME} bean replaces it.
	 */
	static boolean onVirtualThreads(ApplicationContext context) {
		return !context.containsBean(TASK_EXECUTOR_BEAN_NAME) && Threading.VIRTUAL.isActive(context.getEnvironment());
	}

}
