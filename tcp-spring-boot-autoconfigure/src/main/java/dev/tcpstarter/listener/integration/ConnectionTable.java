package dev.tcpstarter.listener.integration;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpSender;

import dev.tcpstarter.listener.TcpAddressConnections;
import dev.tcpstarter.listener.TcpConnectionInfo;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpProxyProtocol;
import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * The open connections of one listener, from accept to close. Spring Integration reports
 * both ends to it, as the factory's {@link TcpSender}: {@link #addNewConnection} runs on
 * the accept (or selector) thread before any work is done for the connection, which makes
 * it the place to admit or refuse it; {@link #removeDeadConnection} runs, possibly
 * several times, when it closes.
 * <p>
 * The table also drives the graceful stop: it closes each connection once idle, and its
 * {@link #drained()} future completes when none is left. Its {@link #abortStuckWrites()}
 * is the write-timeout watchdog.
 */
final class ConnectionTable implements TcpSender {

	private static final Log logger = LogFactory.getLog(ConnectionTable.class);

	private final SessionContext context;

	private final Map<String, ConnectionSession> sessions = new ConcurrentHashMap<>();

	// closed connections whose @OnClose has not finished yet: a stop waits for them too
	private final Set<ConnectionSession> ending = ConcurrentHashMap.newKeySet();

	private final CompletableFuture<Void> drained = new CompletableFuture<>();

	private volatile boolean accepting = true;

	private volatile boolean closedSinceHarvest;

	ConnectionTable(SessionContext context) {
		this.context = context;
	}

	/**
	 * Admit a connection Spring Integration has just accepted, or refuse it: the listener
	 * is shutting down or full, the client address is not allowed or has its
	 * {@code max-connections-per-address}, or a PROXY header is required from a peer that
	 * is not a trusted proxy. A refused connection is closed before anything is read from
	 * it and never gets a thread. Behind a trusted proxy the client address is known only
	 * from the header: the {@link ConnectionEstablisher} admits it then.
	 */
	@Override
	public void addNewConnection(TcpConnection connection) {
		SessionConnection accepted = (SessionConnection) connection;
		ConnectionSession session = accepted.session();
		InetAddress peer = accepted.peerAddress();
		TcpRejectionReason refusal = admit(session, peer);
		if (refusal != null) {
			this.context.refused(refusal, session.id(), peer);
			accepted.refuse();
			return;
		}
		this.sessions.put(session.id(), session);
		this.context.statistics().track(session);
		accepted.admitted();
	}

	private @Nullable TcpRejectionReason admit(ConnectionSession session, InetAddress peer) {
		if (!this.accepting) {
			return TcpRejectionReason.SHUTDOWN;
		}
		TcpListenerDefinition definition = this.context.definition();
		boolean trustedProxy = definition.isTrustedProxy(peer);
		if (definition.proxyProtocol() == TcpProxyProtocol.REQUIRED && !trustedProxy) {
			return TcpRejectionReason.PROXY_PROTOCOL;
		}
		if (!trustedProxy) {
			TcpRejectionReason refusal = session.address().acquire(peer);
			if (refusal != null) {
				return refusal;
			}
		}
		if (!this.context.statistics().tryOpen(definition.maxConnections())) {
			session.address().release();
			return TcpRejectionReason.MAX_CONNECTIONS;
		}
		return null;
	}

	/**
	 * Forget a closed connection and free its slot; Spring Integration calls this more
	 * than once per connection.
	 */
	@Override
	public void removeDeadConnection(TcpConnection connection) {
		ConnectionSession session = this.sessions.remove(connection.getConnectionId());
		if (session != null) {
			CompletableFuture<Void> ended = session.ended();
			if (!ended.isDone()) {
				this.ending.add(session);
				ended.whenComplete((result, failure) -> this.ending.remove(session));
			}
			session.address().release();
			this.closedSinceHarvest = true;
			this.context.statistics().release();
			if (this.context.isDraining() && this.sessions.isEmpty()) {
				this.drained.complete(null);
			}
		}
	}

	/**
	 * Refuse new connections from now on.
	 */
	void stopAccepting() {
		this.accepting = false;
	}

	/**
	 * Accept new connections again.
	 */
	void resumeAccepting() {
		this.accepting = true;
	}

	/**
	 * Start the drain of a graceful stop: close every connection that is idle now, and
	 * let the others close themselves once idle (see
	 * {@link ConnectionSession#closeIfIdle()}).
	 * @return completes when no connection is left
	 */
	CompletableFuture<Void> drain() {
		this.accepting = false;
		this.context.startDraining();
		this.sessions.values().forEach(ConnectionSession::closeIfIdle);
		if (this.sessions.isEmpty()) {
			this.drained.complete(null);
		}
		return this.drained;
	}

	/**
	 * Return the future of {@link #drain()}.
	 */
	CompletableFuture<Void> drained() {
		return this.drained;
	}

	/**
	 * Close the connections whose socket write has been blocked longer than the write
	 * timeout: their peer does not read.
	 */
	void abortStuckWrites() {
		long now = System.nanoTime();
		long limit = this.context.definition().writeTimeout().toNanos();
		for (ConnectionSession session : this.sessions.values()) {
			long started = session.connection().writeStartedAt();
			if (started != 0 && now - started > limit) {
				logger.info("Closing connection " + session.id() + " on TCP listener '" + this.context.listenerName()
						+ "': a write did not complete within " + this.context.definition().writeTimeout().toMillis()
						+ " ms");
				session.connection().abortWrite();
			}
		}
	}

	/**
	 * Return whether a connection has closed since the last call: Spring Integration
	 * forgets closed connections only when it accepts the next one, or when asked.
	 */
	boolean closedSinceLastHarvest() {
		boolean closed = this.closedSinceHarvest;
		this.closedSinceHarvest = false;
		return closed;
	}

	/**
	 * Return the sessions that have not ended yet: those of the open connections, and
	 * those of closed ones whose {@code @OnClose} is still to run or running.
	 */
	List<ConnectionSession> unfinishedSessions() {
		List<ConnectionSession> unfinished = new ArrayList<>(this.sessions.values());
		unfinished.addAll(this.ending);
		return unfinished;
	}

	/**
	 * Return a snapshot of the open connections.
	 */
	List<TcpConnectionInfo> connections() {
		return this.sessions.values().stream().map(ConnectionSession::info).toList();
	}

	List<TcpAddressConnections> busiestAddresses(int limit) {
		return this.context.addresses().busiest(limit);
	}

	int size() {
		return this.sessions.size();
	}

	/**
	 * Close one connection.
	 * @return whether a connection with that id is open
	 */
	boolean close(String connectionId) {
		ConnectionSession session = this.sessions.get(connectionId);
		if (session == null) {
			return false;
		}
		session.close();
		return true;
	}

}
