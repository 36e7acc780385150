package dev.tcpstarter.integration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpSender;

import dev.tcpstarter.listener.TcpAddressConnections;
import dev.tcpstarter.listener.TcpConnectionInfo;
import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * The open connections of one listener, from accept to close. Spring Integration reports
 * both ends to it, as the factory's {@link TcpSender}: {@link #addNewConnection} runs on
 * the accept (or selector) thread before any work is done for the connection, where
 * {@link Admission} admits or refuses it; {@link #removeDeadConnection} runs, possibly
 * several times, when it closes. Closed connections whose {@code @OnClose} has not
 * finished are kept apart until it has, so that a stop can wait for them.
 */
final class ConnectionTable implements TcpSender {

	private final ListenerContext context;

	private final Admission admission;

	private final Map<String, ServerConnection> open = new ConcurrentHashMap<>();

	// closed connections whose @OnClose has not finished yet
	private final Set<ServerConnection> ending = ConcurrentHashMap.newKeySet();

	private final CompletableFuture<Void> empty = new CompletableFuture<>();

	// the connection admitted or refused last by addNewConnection:
	// Spring Integration hands a net connection to the executor
	// right after it, on the same thread (see ConnectionExecutor)
	private volatile @Nullable ServerConnection acceptedLast;

	private volatile boolean refusedLast;

	private volatile boolean closedSinceHarvest;

	ConnectionTable(ListenerContext context, Admission admission) {
		this.context = context;
		this.admission = admission;
	}

	/**
	 * Admit a connection Spring Integration has just accepted, or refuse it: a refused
	 * connection is closed before anything is read from it and never gets a thread.
	 */
	@Override
	public void addNewConnection(TcpConnection connection) {
		// the factory creates only connections of ours
		ServerConnection accepted = (ServerConnection) connection;
		TcpRejectionReason refusal = this.admission.admit(accepted);
		if (refusal != null) {
			this.context.refused(refusal, accepted.id(), accepted.peerAddress());
			this.acceptedLast = accepted;
			this.refusedLast = true;
			accepted.close(CloseReason.REFUSED);
			return;
		}
		this.acceptedLast = accepted;
		this.refusedLast = false;
		this.open.put(accepted.id(), accepted);
		this.context.statistics().track(accepted);
		accepted.admitted();
	}

	/**
	 * Return the connection accepted last if {@code task} is that connection, and forget
	 * it: the executor is about to run its reader.
	 * @param task a task handed to the listener's executor
	 * @return the connection, or {@code null} if the task is something else
	 */
	@Nullable ServerConnection acceptedLast(Runnable task) {
		ServerConnection last = this.acceptedLast;
		if (last == task) {
			this.acceptedLast = null;
			return last;
		}
		return null;
	}

	/**
	 * Return whether the connection accepted last was refused.
	 */
	boolean wasRefusedLast() {
		return this.refusedLast;
	}

	/**
	 * Forget a closed connection and free its slot; Spring Integration calls this more
	 * than once per connection.
	 */
	@Override
	public void removeDeadConnection(TcpConnection connection) {
		ServerConnection closed = this.open.remove(connection.getConnectionId());
		if (closed == null) {
			return;
		}
		CompletableFuture<Void> ended = closed.session().ended();
		if (!ended.isDone()) {
			this.ending.add(closed);
			ended.whenComplete((result, failure) -> this.ending.remove(closed));
		}
		this.admission.release(closed);
		this.closedSinceHarvest = true;
		if (this.context.isDraining() && this.open.isEmpty()) {
			this.empty.complete(null);
		}
	}

	/**
	 * Close every connection that is idle now; the others close themselves once idle.
	 * @return completes when no connection is left open
	 */
	CompletableFuture<Void> drain() {
		this.open.values().forEach(ServerConnection::closeIfIdle);
		if (this.open.isEmpty()) {
			this.empty.complete(null);
		}
		return this.empty;
	}

	/**
	 * Return the open connections.
	 */
	Collection<ServerConnection> openConnections() {
		return this.open.values();
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
	 * Return the futures of the sessions that have not ended yet: those of the open
	 * connections, and those of closed ones whose {@code @OnClose} is still to run.
	 */
	List<CompletableFuture<Void>> unfinished() {
		List<CompletableFuture<Void>> unfinished = new ArrayList<>();
		this.open.values().forEach((connection) -> unfinished.add(connection.session().ended()));
		this.ending.forEach((connection) -> unfinished.add(connection.session().ended()));
		return unfinished;
	}

	/**
	 * Return a snapshot of at most {@code limit} open connections.
	 */
	List<TcpConnectionInfo> connections(int limit) {
		return this.open.values().stream().limit(limit).map(ServerConnection::info).toList();
	}

	List<TcpAddressConnections> busiestAddresses(int limit) {
		return this.context.addresses().busiest(limit);
	}

	int size() {
		return this.open.size();
	}

	/**
	 * Close one connection.
	 * @return whether a connection with that id is open
	 */
	boolean close(String connectionId) {
		ServerConnection connection = this.open.get(connectionId);
		if (connection == null) {
			return false;
		}
		connection.close(CloseReason.LOCAL);
		return true;
	}

}
