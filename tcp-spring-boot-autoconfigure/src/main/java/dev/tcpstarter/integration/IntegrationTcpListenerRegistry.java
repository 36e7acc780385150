package dev.tcpstarter.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

import dev.tcpstarter.listener.TcpConnectionFactoryCustomizer;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpListenerStartedEvent;
import dev.tcpstarter.listener.TcpListenerStoppedEvent;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.push.PushRegistry;

/**
 * The {@link TcpListenerRegistry} of the application, which also runs its listeners as
 * one {@link SmartLifecycle}, in the phase of Spring Boot's graceful web server shutdown
 * ({@link #PHASE}): when the context starts, every registered listener binds its port,
 * after an embedded web server has started (Boot starts it one phase earlier); when the
 * context stops, every listener stops accepting, lets its connections finish what they
 * received (bounded by its {@code shutdown-timeout}), then closes them, side by side with
 * the web server's graceful shutdown and before the web server stops. While a listener
 * runs, a non-daemon thread waits, as Boot's embedded servers' await threads do, so that
 * an application whose only servers are listeners on virtual threads does not exit.
 * <p>
 * Listeners are registered before the context starts, once all singletons exist: the
 * {@link TcpServiceAnnotationBeanPostProcessor} hands the services it found to
 * {@link #registerServices(Collection)}, which binds each to its listeners
 * ({@link TcpServiceEndpointRegistrar}). Each listener runs on an
 * {@link IntegrationTcpServer}.
 * <p>
 * Public only because the auto-configuration creates it: not for applications, which use
 * {@link TcpListenerRegistry}.
 */
public final class IntegrationTcpListenerRegistry implements TcpListenerRegistry, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(IntegrationTcpListenerRegistry.class);

	// how long close() waits for @OnClose calls beyond the listeners' shutdown-timeouts
	private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

	private final IntegrationTcpServerFactory serverFactory;

	private final ApplicationEventPublisher eventPublisher;

	private Map<String, TcpListenerDefinition> definitions = Map.of();

	private final List<Registration> registrations = new CopyOnWriteArrayList<>();

	// the servers of the last start, in start order; replaced as a whole by start()
	private volatile List<IntegrationTcpServer> servers = List.of();

	private final AwaitThread awaitThread = new AwaitThread();

	private volatile boolean running;

	/**
	 * Create a registry.
	 * @param scheduler runs deadlines and the write-timeout watchdog
	 * @param beanFactory the application's bean factory, which Spring Integration needs
	 * @param eventPublisher receives {@link TcpListenerStartedEvent},
	 * {@link TcpListenerStoppedEvent} and Spring Integration's connection events
	 * @param codecs the codec of each listener: an object that is both a
	 * {@code Serializer<byte[]>} and a {@code Deserializer<byte[]>}
	 */
	public IntegrationTcpListenerRegistry(TaskScheduler scheduler, BeanFactory beanFactory,
			ApplicationEventPublisher eventPublisher, Function<TcpListenerDefinition, Object> codecs) {
		this.serverFactory = new IntegrationTcpServerFactory(scheduler, beanFactory, eventPublisher, codecs);
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Set the listeners configured under {@code tcp.listeners}, to which services are
	 * bound by name (or as the only one).
	 * @param definitions the definitions, by listener name
	 */
	public void setListenerDefinitions(Map<String, TcpListenerDefinition> definitions) {
		this.definitions = definitions;
	}

	/**
	 * Set the executor each listener's connections run on; by default each listener has
	 * platform threads of its own, a thread per connection with at most 64 idle ones
	 * kept.
	 * @param executors the executor by listener name, or {@code null} for the default
	 */
	public void setExecutors(Function<String, @Nullable Executor> executors) {
		this.serverFactory.setExecutors(executors);
	}

	/**
	 * Set the factories of the observers of each listener (metrics, tracing).
	 * @param observerFactories the factories
	 */
	public void setObserverFactories(List<TcpListenerObserver.Factory> observerFactories) {
		this.serverFactory.setObserverFactories(observerFactories);
	}

	/**
	 * Set the customizers applied, in order, to each listener's Spring Integration
	 * factory before it starts.
	 * @param customizers the customizers
	 */
	public void setCustomizers(List<TcpConnectionFactoryCustomizer> customizers) {
		this.serverFactory.setCustomizers(customizers);
	}

	/**
	 * Set the registry that connections are reported to, so that
	 * {@link dev.tcpstarter.push.TcpPush} reaches them and {@code TcpCaller.join} works.
	 * @param pushRegistry the registry, or {@code null} for connections that cannot be
	 * pushed to
	 */
	public void setPushRegistry(@Nullable PushRegistry pushRegistry) {
		this.serverFactory.setPushRegistry(pushRegistry);
	}

	/**
	 * Bind the discovered services to the configured listeners (or their inline ones) and
	 * register each pair, to be started with the context.
	 * @param endpoints the discovered listener services
	 * @throws dev.tcpstarter.TcpServiceDefinitionException if a service names an unknown
	 * listener, a listener is claimed twice, or a service cannot tell which listener it
	 * attaches to
	 */
	void registerServices(Collection<TcpServiceEndpoint> endpoints) {
		new TcpServiceEndpointRegistrar(this.definitions, this::registerListener).registerEndpoints(endpoints);
	}

	/**
	 * Register a listener, to be started with the context.
	 * @param definition the listener's settings
	 * @param handler the {@code @OnConnect} handler of the service it serves
	 * @throws IllegalStateException if a listener of that name is registered already
	 */
	void registerListener(TcpListenerDefinition definition, ConnectHandler handler) {
		for (Registration registration : this.registrations) {
			Assert.state(!registration.definition().name().equals(definition.name()),
					() -> "TCP listener '" + definition.name() + "' is registered already");
		}
		this.registrations.add(new Registration(definition, handler));
	}

	@Override
	public void start() {
		List<IntegrationTcpServer> started = new ArrayList<>();
		try {
			for (Registration registration : this.registrations) {
				IntegrationTcpServer server = this.serverFactory.create(registration.definition(),
						registration.handler());
				server.start();
				started.add(server);
				TcpServer view = server.view();
				TcpListenerDefinition definition = view.definition();
				logger.info("TCP listener '" + definition.name() + "' started on port " + view.port() + " ("
						+ definition.transport().name().toLowerCase() + ", " + (definition.isSecure() ? "TLS" : "plain")
						+ ") serving '" + view.serviceName() + "'");
				this.eventPublisher.publishEvent(new TcpListenerStartedEvent(view, definition.name(), view.port()));
			}
		}
		catch (RuntimeException ex) {
			// a listener that failed to bind stops the application: release what started
			started.forEach((server) -> server.close().join());
			throw ex;
		}
		this.servers = List.copyOf(started);
		if (!started.isEmpty()) {
			this.awaitThread.start();
		}
		this.running = true;
	}

	/**
	 * Stop every listener gracefully and wait until they are closed.
	 */
	@Override
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			if (!stopped.await(longestShutdown().plus(CLOSE_WAIT).toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("TCP listeners did not stop in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stop every listener gracefully: stop accepting, close each connection once it has
	 * handled what it received (each listener bounded by its {@code shutdown-timeout}),
	 * then close what is left. The listeners stop side by side, without a thread of their
	 * own; {@code callback} runs when the last one has stopped, so Spring's lifecycle
	 * processor bounds the whole stop with
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
	 * @param callback run when every listener has stopped
	 */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		List<IntegrationTcpServer> stopping = this.servers;
		CompletableFuture<?>[] closed = new CompletableFuture<?>[stopping.size()];
		for (int i = 0; i < closed.length; i++) {
			IntegrationTcpServer server = stopping.get(i);
			closed[i] = server.drain().thenCompose((drained) -> server.close()).whenComplete((result, failure) -> {
				String name = server.view().definition().name();
				if (failure != null) {
					logger.warn("TCP listener '" + name + "' did not stop cleanly", failure);
				}
				else {
					logger.info("TCP listener '" + name + "' stopped");
				}
				this.eventPublisher.publishEvent(new TcpListenerStoppedEvent(server.view(), name));
			});
		}
		CompletableFuture.allOf(closed).whenComplete((result, failure) -> {
			this.awaitThread.stop();
			callback.run();
		});
	}

	private Duration longestShutdown() {
		return this.servers.stream()
			.map((server) -> server.view().definition().shutdownTimeout())
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
	}

	@Override
	public void pauseAccepting() {
		this.servers.forEach(IntegrationTcpServer::pauseAccepting);
	}

	@Override
	public void resumeAccepting() {
		if (this.running) {
			this.servers.forEach(IntegrationTcpServer::resumeAccepting);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public List<TcpServer> getServers() {
		return this.servers.stream().map(IntegrationTcpServer::view).toList();
	}

	@Override
	public @Nullable TcpServer getServer(String name) {
		for (IntegrationTcpServer server : this.servers) {
			if (server.view().definition().name().equals(name)) {
				return server.view();
			}
		}
		return null;
	}

	private record Registration(TcpListenerDefinition definition, ConnectHandler handler) {
	}

}
