package dev.tcpstarter.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import dev.tcpstarter.listener.TcpAddressConnections;
import dev.tcpstarter.listener.TcpConnectionInfo;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerStatistics;
import dev.tcpstarter.listener.TcpPortInUseException;
import dev.tcpstarter.listener.TcpProxyProtocol;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * The server of one listener on a Spring Integration server connection factory: binds the
 * port and waits for it, stops and resumes accepting, drains and closes. Its connections
 * are admitted and tracked by a {@link ConnectionTable}, established by a
 * {@link ConnectionEstablisher} and served by their {@link ConnectionSession}.
 */
final class IntegrationTcpServer {

	private static final Log logger = LogFactory.getLog(IntegrationTcpServer.class);

	private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

	// how long close() waits for the @OnClose calls of the connections it closes
	private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

	private final TcpListenerDefinition definition;

	private final ConnectHandler handler;

	private final ServerResources resources;

	private final ListenerStatistics statistics = new ListenerStatistics();

	private final ListenerState state = new ListenerState();

	private final TcpServer view = new View();

	private final ConnectionTable table;

	private final AbstractServerConnectionFactory factory;

	private final ListenerTransport transport;

	private final SocketOptionsSupport socketOptions;

	private final @Nullable ConnectionThreads ownExecutor;

	private volatile @Nullable ScheduledFuture<?> housekeeping;

	private volatile int port = -1;

	IntegrationTcpServer(TcpListenerDefinition definition, ConnectHandler handler, ServerResources resources) {
		this.definition = definition;
		this.handler = handler;
		this.resources = resources;
		Executor executor = resources.executor(definition.name());
		if (executor == null) {
			ConnectionThreads own = resources.ownExecutor(definition.name());
			this.ownExecutor = own;
			executor = own;
		}
		else {
			this.ownExecutor = null;
		}
		Object codec = resources.codecs().apply(definition);
		ListenerContext context = new ListenerContext(definition, handler, serializer(codec),
				resources.observer(this.view), this.statistics, executor, this.state, resources.pushRegistry());
		this.table = new ConnectionTable(context, new Admission(context, this.state));
		ServerConnectionFactories.Created created = ServerConnectionFactories.create(context, resources, codec,
				new ConnectionExecutor(executor, this.table, context));
		this.factory = created.factory();
		this.transport = created.transport();
		this.socketOptions = created.socketOptions();
		this.factory.registerSender(this.table);
	}

	@SuppressWarnings("unchecked")
	private static Serializer<byte[]> serializer(Object codec) {
		return (Serializer<byte[]>) codec;
	}

	/**
	 * Return the view of this server that the rest of the application sees.
	 */
	TcpServer view() {
		return this.view;
	}

	/**
	 * Bind the port and start accepting connections; returns once the port is bound.
	 * @throws TcpPortInUseException if the port is in use
	 * @throws IllegalStateException if the listener could not start
	 */
	void start() {
		this.factory.start();
		try {
			this.port = this.transport.bindState().await(this.definition.name(), this.definition.port(), BIND_TIMEOUT);
		}
		catch (RuntimeException ex) {
			this.factory.stop();
			shutdownOwnExecutor();
			throw ex;
		}
		warnIfAnyPeerMaySendProxyHeaders();
		this.housekeeping = this.resources.scheduler()
			.scheduleAtFixedRate(this::housekeeping, housekeepingPeriod(this.definition));
	}

	private void warnIfAnyPeerMaySendProxyHeaders() {
		TcpProxyProtocol mode = this.definition.proxyProtocol();
		if (mode != TcpProxyProtocol.OFF && this.definition.trustedProxies() == null
				&& !this.definition.isLoopbackBind()) {
			logger.warn("TCP listener '" + this.definition.name() + "' reads " + ((mode == TcpProxyProtocol.OPTIONAL)
					? "an optional PROXY protocol header from any peer on a non-loopback address: a client can claim "
							+ "any address"
					: "a required PROXY protocol header from any peer on a non-loopback address: a client that "
							+ "connects directly can claim any address")
					+ ". Set tcp.listeners." + this.definition.name()
					+ ".trusted-proxies to the addresses of your load balancers");
		}
	}

	/**
	 * Return how often the deadlines of writes and frames are checked: twice per the
	 * shortest of them, between 10 ms and a second.
	 */
	private static Duration housekeepingPeriod(TcpListenerDefinition definition) {
		long shortest = definition.writeTimeout().toMillis();
		Duration frameTimeout = definition.frameTimeout();
		if (frameTimeout != null) {
			shortest = Math.min(shortest, frameTimeout.toMillis());
		}
		return Duration.ofMillis(Math.max(10, Math.min(1000, shortest / 2)));
	}

	private void housekeeping() {
		long now = System.nanoTime();
		for (ServerConnection connection : this.table.openConnections()) {
			connection.checkDeadlines(now);
		}
		if (this.state.isDraining()) {
			// a connection whose last result failed, say,
			// has no write to trigger its close: look again
			this.table.drain();
		}
		if (this.table.closedSinceLastHarvest()) {
			// Spring Integration forgets closed connections only when it
			// accepts the next one (and, for NIO, when its selector wakes
			// up): ask it, so that a quiet listener lets go of them too
			this.transport.forgetClosedConnections();
		}
	}

	/**
	 * Stop accepting new connections until {@link #resumeAccepting()}, releasing the port
	 * where the transport allows it; open connections keep being served.
	 */
	void pauseAccepting() {
		if (!this.state.pause()) {
			return;
		}
		this.transport.pauseAccepting(BIND_TIMEOUT);
		logger.info("TCP listener '" + this.definition.name() + "' stopped accepting connections");
	}

	/**
	 * Accept new connections again after {@link #pauseAccepting()}.
	 */
	void resumeAccepting() {
		if (this.state.get() != ListenerState.State.PAUSED) {
			return;
		}
		try {
			this.transport.resumeAccepting(this.definition.name(), this.port, BIND_TIMEOUT);
		}
		catch (RuntimeException ex) {
			// open connections keep running; the listener stays paused and reports DOWN
			logger.error("TCP listener '" + this.definition.name() + "' could not accept connections again", ex);
			return;
		}
		if (this.state.resume()) {
			logger.info("TCP listener '" + this.definition.name() + "' accepts connections again on port " + this.port);
		}
	}

	/**
	 * Close each connection once it has handled what it received, at the start of a
	 * graceful stop; new connections are no longer accepted.
	 * @return completes when no connection is left, or when {@code shutdown-timeout} has
	 * passed
	 */
	CompletableFuture<Void> drain() {
		this.state.drain();
		this.transport.stopAccepting(BIND_TIMEOUT);
		CompletableFuture<Void> drained = new CompletableFuture<>();
		this.table.drain().whenComplete((result, failure) -> drained.complete(null));
		Duration timeout = this.definition.shutdownTimeout();
		ScheduledFuture<?> deadline = this.resources.scheduler().schedule(() -> {
			if (!drained.isDone()) {
				logger.warn("TCP listener '" + this.definition.name() + "' still had work in progress after "
						+ "shutdown-timeout " + timeout.toMillis() + " ms; closing " + this.table.size()
						+ " connection(s)");
				drained.complete(null);
			}
		}, Instant.now().plus(timeout));
		// continue on the scheduler: the drain may end on a connection's own thread
		return drained.whenComplete((result, failure) -> deadline.cancel(false)).thenRunAsync(() -> {
		}, this.resources.asyncExecutor());
	}

	/**
	 * Close every connection (each gets its {@code @OnClose}) and release the port.
	 * @return completes once the connections' {@code @OnClose} calls have returned, or
	 * after a bounded wait for them
	 */
	CompletableFuture<Void> close() {
		this.state.close();
		List<CompletableFuture<Void>> unfinished = this.table.unfinished();
		this.factory.stop();
		return CompletableFuture.allOf(unfinished.toArray(CompletableFuture[]::new))
			.completeOnTimeout(null, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((result, failure) -> {
				// the watchdog runs until the last connection has closed: a flush
				// during the stop to a peer that does not read is bounded too
				ScheduledFuture<?> task = this.housekeeping;
				if (task != null) {
					task.cancel(false);
				}
				shutdownOwnExecutor();
			});
	}

	private void shutdownOwnExecutor() {
		if (this.ownExecutor != null) {
			this.ownExecutor.shutdown();
		}
	}

	/**
	 * The view of this server that the application sees.
	 */
	private final class View implements TcpServer {

		@Override
		public TcpListenerDefinition definition() {
			return IntegrationTcpServer.this.definition;
		}

		@Override
		public String serviceName() {
			return IntegrationTcpServer.this.handler.getBeanName();
		}

		@Override
		public int port() {
			return IntegrationTcpServer.this.port;
		}

		@Override
		public boolean isListening() {
			return IntegrationTcpServer.this.state.isAccepting() && IntegrationTcpServer.this.factory.isListening();
		}

		@Override
		public boolean isClosed() {
			return IntegrationTcpServer.this.state.isClosed();
		}

		@Override
		public int activeConnections() {
			return IntegrationTcpServer.this.statistics.activeConnections();
		}

		@Override
		public List<TcpConnectionInfo> connections(int limit) {
			return IntegrationTcpServer.this.table.connections(limit);
		}

		@Override
		public List<TcpAddressConnections> busiestAddresses(int limit) {
			return IntegrationTcpServer.this.table.busiestAddresses(limit);
		}

		@Override
		public boolean closeConnection(String connectionId) {
			return IntegrationTcpServer.this.table.close(connectionId);
		}

		@Override
		public TcpListenerStatistics statistics() {
			return IntegrationTcpServer.this.statistics;
		}

		@Override
		public Optional<TcpSocketOptions> acceptedSocketOptions() {
			return Optional.ofNullable(IntegrationTcpServer.this.socketOptions.accepted());
		}

		@Override
		public String toString() {
			return "TcpServer[" + IntegrationTcpServer.this.definition.name() + ", port "
					+ IntegrationTcpServer.this.port + "]";
		}

	}

}
