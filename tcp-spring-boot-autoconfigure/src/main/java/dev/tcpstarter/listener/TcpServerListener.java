package dev.tcpstarter.listener;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpSender;
import org.springframework.messaging.Message;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.tcpstarter.handler.ConnectHandler;

/**
 * One running listener: a Spring Integration server connection factory bound to a port,
 * and the sessions of the connections it accepted, all served by one {@code @TcpService}.
 * <p>
 * Frames reach sessions through {@link FrameDispatchingMapper}, and open, close and read
 * errors through the starter's connection subclasses, so no frame needs a lookup; the
 * table of live sessions serves shutdown, metrics and the actuator endpoint.
 *
 * @author tcp-spring-boot-starter
 */
public final class TcpServerListener implements TcpSender {

	private static final Log logger = LogFactory.getLog(TcpServerListener.class);

	private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

	private final TcpListenerDefinition definition;

	private final ConnectHandler handler;

	private final TcpListenerSupport support;

	private final Map<String, ConnectionSession> sessions = new ConcurrentHashMap<>();

	private final AtomicInteger activeConnections = new AtomicInteger();

	private final TcpListenerStatistics statistics = new TcpListenerStatistics(this.sessions.values());

	private volatile @Nullable AbstractServerConnectionFactory factory;

	private volatile @Nullable ExecutorService ownExecutor;

	private volatile @Nullable Executor executor;

	private volatile @Nullable ScheduledFuture<?> housekeepingTask;

	private volatile boolean closedSinceHarvest;

	private volatile @Nullable Throwable serverFailure;

	private volatile boolean accepting;

	private volatile boolean closed;

	private volatile @Nullable TcpListenerObserver observer;

	private volatile int port = -1;

	/**
	 * Create a listener.
	 * @param definition the settings
	 * @param handler the {@code @OnConnect} handler of the service it serves
	 * @param support the shared infrastructure
	 */
	public TcpServerListener(TcpListenerDefinition definition, ConnectHandler handler, TcpListenerSupport support) {
		this.definition = definition;
		this.handler = handler;
		this.support = support;
	}

	/**
	 * Bind the port and start accepting connections; returns once the port is bound.
	 * @throws TcpPortInUseException if the port is in use
	 * @throws IllegalStateException if the listener could not start
	 */
	public void start() {
		this.observer = this.support.observerFor(this);
		AbstractServerConnectionFactory created = createFactory();
		this.factory = created;
		this.accepting = true;
		created.start();
		awaitListening(created);
		this.port = created.getPort();
		Duration writeTimeout = this.definition.writeTimeout();
		long period = Math.max(10, Math.min(1000, writeTimeout.toMillis() / 2));
		this.housekeepingTask = this.support.scheduler()
			.scheduleAtFixedRate(this::housekeeping, Duration.ofMillis(period));
	}

	private AbstractServerConnectionFactory createFactory() {
		TcpListenerDefinition def = this.definition;
		AbstractServerConnectionFactory created;
		if (def.transport() == TcpTransport.NIO) {
			TcpNioServerConnectionFactory nio = new TcpNioServerConnectionFactory(def.port());
			nio.setTcpNioConnectionSupport((channel, server, lookupHost, publisher,
					name) -> new NioSessionConnection(channel, lookupHost, publisher, name, this));
			created = nio;
		}
		else {
			PausableNetServerConnectionFactory net = new PausableNetServerConnectionFactory(def.port());
			net.setTcpNetConnectionSupport((socket, server, lookupHost, publisher,
					name) -> new NetSessionConnection(socket, lookupHost, publisher, name, this));
			created = net;
		}
		created.setBeanName("tcpListener." + def.name());
		if (def.host() != null) {
			created.setLocalAddress(def.host());
		}
		created.setBacklog(def.backlog());
		created.setSoTcpNoDelay(true);
		if (def.idleTimeout() != null) {
			created.setSoTimeout((int) Math.min(Integer.MAX_VALUE, def.idleTimeout().toMillis()));
		}
		Object codec = this.support.codec(def);
		created.setSerializer((Serializer<?>) codec);
		created.setDeserializer((Deserializer<?>) codec);
		created.setMapper(new FrameDispatchingMapper());
		Executor executor = this.support.executorFor(def.name());
		if (executor == null) {
			ExecutorService own = Executors
				.newCachedThreadPool(new CustomizableThreadFactory("tcp-" + def.name() + "-"));
			this.ownExecutor = own;
			executor = own;
		}
		created.setTaskExecutor(executor);
		this.executor = executor;
		created.setTaskScheduler(this.support.scheduler());
		created.setBeanFactory(this.support.beanFactory());
		created.setApplicationEventPublisher(this::publish);
		created.registerListener(this::onTransportMessage);
		created.registerSender(this);
		created.afterPropertiesSet();
		return created;
	}

	private void publish(Object event) {
		if (event instanceof TcpConnectionServerExceptionEvent failure) {
			if (this.serverFailure == null && !isListening()) {
				this.serverFailure = failure.getCause();
			}
			return;
		}
		// nio read errors are published before Spring Integration closes the connection
		if (event instanceof TcpConnectionExceptionEvent failure && failure.getCause() instanceof IOException cause
				&& failure.getSource() instanceof NioSessionConnection nio) {
			nio.readFailed(cause);
		}
		this.support.eventPublisher().publishEvent(event);
	}

	private void awaitListening(AbstractServerConnectionFactory created) {
		RuntimeException failure = bindFailure(created, this.definition.port());
		if (failure != null) {
			created.stop();
			shutdownExecutor();
			throw failure;
		}
	}

	/**
	 * Wait until the factory is listening.
	 * @return what went wrong, or {@code null} once it listens
	 */
	private @Nullable RuntimeException bindFailure(AbstractServerConnectionFactory created, int port) {
		long deadline = System.nanoTime() + BIND_TIMEOUT.toNanos();
		while (!created.isListening()) {
			Throwable failure = this.serverFailure;
			if (failure instanceof BindException) {
				return new TcpPortInUseException(this.definition.name(), port, failure);
			}
			if (failure != null || System.nanoTime() > deadline) {
				return new IllegalStateException(
						"TCP listener '" + this.definition.name() + "' failed to start on port " + port + ": "
								+ ((failure != null) ? failure : "not bound within " + BIND_TIMEOUT),
						failure);
			}
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new IllegalStateException(
						"Interrupted while starting TCP listener '" + this.definition.name() + "'");
			}
		}
		return null;
	}

	private void onTransportMessage(Message<?> message) {
		// frames never get here (see FrameDispatchingMapper), and read errors are
		// reported from the
		// connections themselves; what remains is Spring Integration's copy of those
		// errors
	}

	/**
	 * Admit a new connection and call {@code @OnConnect}.
	 * @return whether the connection is served; if not, the caller closes it
	 */
	boolean open(ConnectionSession session) {
		if (!this.accepting) {
			rejected(session, "shutdown", "the listener is shutting down", null);
			return false;
		}
		if (this.activeConnections.incrementAndGet() > this.definition.maxConnections()) {
			this.activeConnections.decrementAndGet();
			rejected(session, "max-connections", "max-connections (" + this.definition.maxConnections() + ") reached",
					null);
			return false;
		}
		this.sessions.put(session.id(), session);
		if (session.open()) {
			this.statistics.countOpened();
			return true;
		}
		this.sessions.remove(session.id());
		this.activeConnections.decrementAndGet();
		return false;
	}

	void rejected(ConnectionSession session, String reason, String message, @Nullable Throwable failure) {
		this.statistics.countRejection(reason);
		String text = "TCP listener '" + this.definition.name() + "' rejected connection " + session.id() + " from "
				+ session.remoteHost() + ": " + message;
		if (failure != null) {
			logger.warn(text, failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(text);
		}
	}

	/**
	 * Count and log a TLS handshake that failed: the connection is closed without
	 * reaching a handler. Logged at INFO without a stack trace, or at DEBUG when the peer
	 * just went away (port probes, health checks).
	 */
	void handshakeFailed(ConnectionSession session, String reason, boolean peerWentAway) {
		this.statistics.countRejection("tls-handshake");
		this.statistics.countError("tls");
		if (peerWentAway ? logger.isDebugEnabled() : logger.isInfoEnabled()) {
			String message = "TLS handshake with " + session.remoteHost() + ":" + session.remotePort()
					+ " on TCP listener '" + this.definition.name() + "' failed, connection closed: " + reason;
			if (peerWentAway) {
				logger.debug(message);
			}
			else {
				logger.info(message);
			}
		}
	}

	/**
	 * Run a task once after a delay on the listener's scheduler.
	 * @return the scheduled task, or {@code null} if the scheduler no longer takes tasks
	 */
	@Nullable ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		try {
			return this.support.scheduler().schedule(task, Instant.now().plus(delay));
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	void proxyHeaderRejected(ConnectionSession session, Exception failure) {
		this.statistics.countRejection("proxy-protocol");
		if (logger.isInfoEnabled()) {
			logger.info("Connection from " + session.remoteHost() + ":" + session.remotePort() + " on TCP listener '"
					+ this.definition.name() + "' refused: " + failure.getMessage());
		}
	}

	void timedOut(String timeout) {
		this.statistics.countTimeout(timeout);
	}

	void sessionClosed(ConnectionSession session) {
		if (this.sessions.remove(session.id()) != null) {
			this.activeConnections.decrementAndGet();
			this.statistics.countClosed(session);
			this.closedSinceHarvest = true;
		}
	}

	@Nullable TcpListenerObserver observer() {
		return this.observer;
	}

	void errorOccurred(String kind) {
		this.statistics.countError(kind);
	}

	/**
	 * Run a callback away from the nio selector thread, or here when the executor is
	 * gone.
	 */
	void runOffSelector(Runnable task) {
		AbstractServerConnectionFactory current = this.factory;
		Executor executor = this.executor;
		try {
			if (current != null && current.isRunning() && executor != null) {
				executor.execute(task);
				return;
			}
		}
		catch (RejectedExecutionException ex) {
			// shutting down: run it here
		}
		task.run();
	}

	private void housekeeping() {
		abortStuckWrites();
		AbstractServerConnectionFactory current = this.factory;
		if (this.closedSinceHarvest && current != null) {
			this.closedSinceHarvest = false;
			// Spring Integration forgets closed connections only when it accepts the next
			// one
			current.getOpenConnectionIds();
		}
	}

	private void abortStuckWrites() {
		long now = System.nanoTime();
		long limit = this.definition.writeTimeout().toNanos();
		for (ConnectionSession session : this.sessions.values()) {
			long started = session.connection().writeStartedAt();
			if (started != 0 && now - started > limit) {
				logger.info("Closing connection " + session.id() + " on TCP listener '" + this.definition.name()
						+ "': a write did not complete within " + this.definition.writeTimeout());
				session.connection().abortWrite();
			}
		}
	}

	/**
	 * Stop accepting new connections for good, at the start of a graceful stop;
	 * connections already open keep being served.
	 */
	public void stopAccepting() {
		this.accepting = false;
		AbstractServerConnectionFactory current = this.factory;
		if (current instanceof PausableNetServerConnectionFactory net) {
			net.pauseAccepting(BIND_TIMEOUT);
		}
		else if (current != null) {
			current.beforeShutdown();
		}
	}

	/**
	 * Stop accepting new connections until {@link #resumeAccepting()}: on transport net
	 * the port is released, so connection attempts are refused; on nio they are accepted
	 * and closed at once. Connections already open keep being served.
	 */
	public void pauseAccepting() {
		this.accepting = false;
		if (this.factory instanceof PausableNetServerConnectionFactory net) {
			net.pauseAccepting(BIND_TIMEOUT);
		}
		logger.info("TCP listener '" + this.definition.name() + "' stopped accepting connections");
	}

	/**
	 * Accept new connections again after {@link #pauseAccepting()}.
	 */
	public void resumeAccepting() {
		AbstractServerConnectionFactory current = this.factory;
		if (current == null || this.closed || this.accepting) {
			return;
		}
		if (current instanceof PausableNetServerConnectionFactory net) {
			this.serverFailure = null;
			net.resumeAccepting(this.port);
			RuntimeException failure = bindFailure(net, this.port);
			if (failure != null) {
				// open connections keep running; the listener stays paused and reports
				// DOWN
				logger.error("TCP listener '" + this.definition.name() + "' could not accept connections again",
						failure);
				return;
			}
		}
		this.accepting = true;
		logger.info("TCP listener '" + this.definition.name() + "' accepts connections again on port " + this.port);
	}

	/**
	 * During a graceful stop, close each connection that has handled all it received.
	 * @return {@code true} when no connection is left
	 */
	public boolean closeIdleConnections() {
		for (ConnectionSession session : this.sessions.values()) {
			session.closeIfIdle();
		}
		return this.sessions.isEmpty();
	}

	/**
	 * Close every connection (each gets its {@code @OnClose}) and release the port.
	 * @param wait how long to wait for the {@code @OnClose} calls
	 */
	public void close(Duration wait) {
		this.accepting = false;
		ScheduledFuture<?> watchdog = this.housekeepingTask;
		if (watchdog != null) {
			watchdog.cancel(false);
		}
		AbstractServerConnectionFactory current = this.factory;
		if (current != null) {
			current.stop();
		}
		long deadline = System.nanoTime() + wait.toNanos();
		while (!this.sessions.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		shutdownExecutor();
		this.factory = null;
		this.closed = true;
	}

	private void shutdownExecutor() {
		ExecutorService executor = this.ownExecutor;
		if (executor != null) {
			executor.shutdown();
			try {
				executor.awaitTermination(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.ownExecutor = null;
		}
	}

	@Override
	public void addNewConnection(TcpConnection connection) {
		if (connection instanceof NioSessionConnection nio) {
			Executor executor = this.executor;
			if (executor != null) {
				nio.open(executor);
			}
		}
	}

	@Override
	public void removeDeadConnection(TcpConnection connection) {
		// sessions end through their connection's close, exactly once
	}

	/**
	 * Return the settings of this listener.
	 * @return the definition
	 */
	public TcpListenerDefinition definition() {
		return this.definition;
	}

	ConnectHandler handler() {
		return this.handler;
	}

	/**
	 * Return the bean name of the service this listener serves.
	 * @return the bean name
	 */
	public String serviceName() {
		return this.handler.getBeanName();
	}

	/**
	 * Return the bound port, or -1 before start.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return whether the port is bound and new connections are accepted.
	 * @return {@code true} while listening
	 */
	public boolean isListening() {
		AbstractServerConnectionFactory current = this.factory;
		return current != null && current.isListening() && this.accepting;
	}

	/**
	 * Return whether the listener has been closed.
	 * @return {@code true} after {@link #close(Duration)}
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Return the number of connections being served.
	 * @return the active connection count
	 */
	public int activeConnections() {
		return this.activeConnections.get();
	}

	/**
	 * Return a snapshot of the live connections.
	 * @return the connections
	 */
	public Collection<TcpConnectionInfo> connections() {
		return this.sessions.values().stream().map(TcpConnectionInfo::of).toList();
	}

	/**
	 * Close one connection.
	 * @param connectionId the connection id
	 * @return whether a connection with that id was found
	 */
	public boolean closeConnection(String connectionId) {
		ConnectionSession session = this.sessions.get(connectionId);
		if (session == null) {
			return false;
		}
		session.close();
		return true;
	}

	/**
	 * Return the statistics of this listener, for metrics.
	 * @return the statistics
	 */
	public TcpListenerStatistics statistics() {
		return this.statistics;
	}

}
