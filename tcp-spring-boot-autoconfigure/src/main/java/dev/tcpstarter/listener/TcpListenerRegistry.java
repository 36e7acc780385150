package dev.tcpstarter.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import dev.tcpstarter.integration.ConnectHandler;

/**
 * Runs the listeners of the application as one {@link SmartLifecycle}, in the phase of
 * Spring Boot's graceful web server shutdown ({@link #PHASE}): when the context starts,
 * every registered listener binds its port, after an embedded web server has started
 * (Boot starts it one phase earlier); when the context stops, every listener stops
 * accepting, lets its connections finish what they received (bounded by its
 * {@code shutdown-timeout}), then closes them, side by side with the web server's
 * graceful shutdown and before the web server stops. While a listener runs, a non-daemon
 * thread waits, as Boot's embedded servers' await threads do, so that an application
 * whose only servers are listeners on virtual threads does not exit.
 * <p>
 * Listeners are registered before the context starts (by the
 * {@code TcpServiceEndpointRegistrar}, once all singletons exist) and run on the servers
 * a {@link TcpServerFactory} creates.
 */
public class TcpListenerRegistry implements SmartLifecycle {

	/**
	 * The lifecycle phase, {@code SmartLifecycle.DEFAULT_PHASE - 1024}: that of Boot's
	 * {@code WebServerGracefulShutdownLifecycle}, one phase after the web server's start
	 * and stop ({@code DEFAULT_PHASE - 2048}), so listeners start after it and drain
	 * before it stops.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(TcpListenerRegistry.class);

	// how long close() waits for @OnClose calls beyond the listeners' shutdown-timeouts
	private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

	private final TcpServerFactory serverFactory;

	private final ApplicationEventPublisher eventPublisher;

	private final List<Registration> registrations = new CopyOnWriteArrayList<>();

	// the servers of the last start, in start order; replaced as a whole by start()
	private volatile List<TcpServer> servers = List.of();

	private final AwaitThread awaitThread = new AwaitThread();

	private volatile boolean running;

	/**
	 * Create a registry.
	 * @param serverFactory creates the server of each listener
	 * @param eventPublisher receives {@link TcpListenerStartedEvent} and
	 * {@link TcpListenerStoppedEvent}
	 */
	public TcpListenerRegistry(TcpServerFactory serverFactory, ApplicationEventPublisher eventPublisher) {
		this.serverFactory = serverFactory;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Register a listener, to be started with the context.
	 * @param definition the listener's settings
	 * @param handler the {@code @OnConnect} handler of the service it serves
	 * @throws IllegalStateException if a listener of that name is registered already
	 */
	public void registerListener(TcpListenerDefinition definition, ConnectHandler handler) {
		for (Registration registration : this.registrations) {
			Assert.state(!registration.definition().name().equals(definition.name()),
					() -> "TCP listener '" + definition.name() + "' is registered already");
		}
		this.registrations.add(new Registration(definition, handler));
	}

	@Override
	public void start() {
		List<TcpServer> started = new ArrayList<>();
		try {
			for (Registration registration : this.registrations) {
				TcpServer server = this.serverFactory.create(registration.definition(), registration.handler());
				server.start();
				started.add(server);
				TcpServerListener listener = server.listener();
				TcpListenerDefinition definition = listener.definition();
				logger.info("TCP listener '" + definition.name() + "' started on port " + listener.port() + " ("
						+ definition.transport().name().toLowerCase() + ", " + (definition.isSecure() ? "TLS" : "plain")
						+ ") serving '" + listener.serviceName() + "'");
				this.eventPublisher
					.publishEvent(new TcpListenerStartedEvent(listener, definition.name(), listener.port()));
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
		List<TcpServer> stopping = this.servers;
		CompletableFuture<?>[] closed = new CompletableFuture<?>[stopping.size()];
		for (int i = 0; i < closed.length; i++) {
			TcpServer server = stopping.get(i);
			closed[i] = server.drain().thenCompose((drained) -> server.close()).whenComplete((result, failure) -> {
				String name = server.listener().definition().name();
				if (failure != null) {
					logger.warn("TCP listener '" + name + "' did not stop cleanly", failure);
				}
				else {
					logger.info("TCP listener '" + name + "' stopped");
				}
				this.eventPublisher.publishEvent(new TcpListenerStoppedEvent(server.listener(), name));
			});
		}
		CompletableFuture.allOf(closed).whenComplete((result, failure) -> {
			this.awaitThread.stop();
			callback.run();
		});
	}

	private Duration longestShutdown() {
		return this.servers.stream()
			.map((server) -> server.listener().definition().shutdownTimeout())
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
	}

	/**
	 * Stop accepting new connections on every listener, keeping open connections
	 * (readiness {@code REFUSING_TRAFFIC}).
	 */
	public void pauseAccepting() {
		this.servers.forEach(TcpServer::pauseAccepting);
	}

	/**
	 * Accept new connections again on every listener (readiness
	 * {@code ACCEPTING_TRAFFIC}).
	 */
	public void resumeAccepting() {
		if (this.running) {
			this.servers.forEach(TcpServer::resumeAccepting);
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

	/**
	 * Return the listeners of the last start, running or stopped.
	 * @return the listeners, in start order
	 */
	public List<TcpServerListener> getListeners() {
		return this.servers.stream().map(TcpServer::listener).toList();
	}

	/**
	 * Return a listener of the last start by name.
	 * @param name the listener name
	 * @return the listener, or {@code null} if there is none of that name
	 */
	public @Nullable TcpServerListener getListener(String name) {
		for (TcpServer server : this.servers) {
			if (server.listener().definition().name().equals(name)) {
				return server.listener();
			}
		}
		return null;
	}

	private record Registration(TcpListenerDefinition definition, ConnectHandler handler) {
	}

}
