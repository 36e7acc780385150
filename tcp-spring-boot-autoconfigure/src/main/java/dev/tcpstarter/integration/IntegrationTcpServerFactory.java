package dev.tcpstarter.integration;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.scheduling.TaskScheduler;

import dev.tcpstarter.listener.TcpConnectionFactoryCustomizer;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpTransport;
import dev.tcpstarter.push.PushRegistry;

/**
 * Creates the {@link IntegrationTcpServer} of each listener, which runs it on a Spring
 * Integration server connection factory ({@code TcpNetServerConnectionFactory} or
 * {@code TcpNioServerConnectionFactory}) with the starter's own connection classes:
 * frames are decoded from an unlocked buffer and handed to the user's handlers without
 * becoming Spring Integration messages. Holds what every server shares
 * ({@link ServerResources}).
 */
final class IntegrationTcpServerFactory {

	private static final Log logger = LogFactory.getLog(IntegrationTcpServerFactory.class);

	// above this many connections on platform threads, virtual threads are worth a hint
	private static final int MANY_CONNECTIONS = 1000;

	private final TaskScheduler scheduler;

	private final BeanFactory beanFactory;

	private final ApplicationEventPublisher eventPublisher;

	private final AtomicBoolean virtualThreadsHinted = new AtomicBoolean();

	private final FileDescriptors fileDescriptors = FileDescriptors.ofThisProcess();

	private final Function<TcpListenerDefinition, Object> codecs;

	private Function<String, @Nullable Executor> executors = (name) -> null;

	private List<TcpListenerObserver.Factory> observerFactories = List.of();

	private List<TcpConnectionFactoryCustomizer> customizers = List.of();

	private @Nullable PushRegistry pushRegistry;

	/**
	 * Create a factory.
	 * @param scheduler runs deadlines and the write-timeout watchdog
	 * @param beanFactory the application's bean factory, which Spring Integration needs
	 * @param eventPublisher receives Spring Integration's connection events
	 * @param codecs the codec of each listener: an object that is both a
	 * {@code Serializer<byte[]>} and a {@code Deserializer<byte[]>}
	 */
	IntegrationTcpServerFactory(TaskScheduler scheduler, BeanFactory beanFactory,
			ApplicationEventPublisher eventPublisher, Function<TcpListenerDefinition, Object> codecs) {
		this.scheduler = scheduler;
		this.beanFactory = beanFactory;
		this.eventPublisher = eventPublisher;
		// before any connection: when descriptors run out, classes read from a directory
		// cannot be loaded any more
		ExplodedClasses.preload();
		this.codecs = codecs;
	}

	/**
	 * Set the executor each listener's connections run on; by default each listener has
	 * platform threads of its own, a thread per connection with at most 64 idle ones
	 * kept.
	 * @param executors the executor by listener name, or {@code null} for the default
	 */
	void setExecutors(Function<String, @Nullable Executor> executors) {
		this.executors = executors;
	}

	/**
	 * Set the factories of the observers of each listener (metrics, tracing).
	 * @param observerFactories the factories
	 */
	void setObserverFactories(List<TcpListenerObserver.Factory> observerFactories) {
		this.observerFactories = List.copyOf(observerFactories);
	}

	/**
	 * Set the customizers applied, in order, to each listener's Spring Integration
	 * factory before it starts.
	 * @param customizers the customizers
	 */
	void setCustomizers(List<TcpConnectionFactoryCustomizer> customizers) {
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Set the registry that connections are reported to, so that
	 * {@link dev.tcpstarter.push.TcpPush} reaches them and {@code TcpCaller.join} works.
	 * @param pushRegistry the registry, or {@code null} for connections that cannot be
	 * pushed to
	 */
	void setPushRegistry(@Nullable PushRegistry pushRegistry) {
		this.pushRegistry = pushRegistry;
	}

	/**
	 * Create the server of a listener, not started.
	 * @param definition the listener's settings
	 * @param handler the {@code @OnConnect} handler of the service it serves
	 * @return the server
	 */
	IntegrationTcpServer create(TcpListenerDefinition definition, ConnectHandler handler) {
		hintAtVirtualThreads(definition);
		this.fileDescriptors.listenerCreated(definition);
		return new IntegrationTcpServer(definition, handler,
				new ServerResources(this.scheduler, this.beanFactory, this.eventPublisher, this.codecs, this.executors,
						this.observerFactories, this.customizers, this.pushRegistry));
	}

	/**
	 * Once per application: a listener that may serve many connections on platform
	 * threads, where Java 21+ would offer virtual threads.
	 */
	private void hintAtVirtualThreads(TcpListenerDefinition definition) {
		if (definition.transport() == TcpTransport.NET && definition.maxConnections() > MANY_CONNECTIONS
				&& this.executors.apply(definition.name()) == null && Runtime.version().feature() >= 21
				&& this.virtualThreadsHinted.compareAndSet(false, true)) {
			logger.info("TCP listener '" + definition.name() + "' serves up to " + definition.maxConnections()
					+ " connections with a platform thread each; on Java " + Runtime.version().feature()
					+ ", spring.threads.virtual.enabled=true runs them on virtual threads, which scale further");
		}
	}

}
