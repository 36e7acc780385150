package dev.tcpstarter.integration;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpException;

/**
 * The {@code pool-size} connections of a {@code TcpClient}, each in its
 * {@link ConnectionSlot}. A request goes to the open connection with the fewest pending
 * requests; if that one is busy and another slot is not open yet, the request opens it,
 * so that a pool grows to its size under load and a lightly used client keeps one
 * connection. The blocking stream operations ({@code writeBytes}, {@code readBytes},
 * {@code sslSession}) use the first connection.
 * <p>
 * Thread-safe without a lock of its own: each slot guards itself, and the choice reads
 * the slots' volatile state (two threads may pick the same connection, which is fine).
 */
final class ConnectionPool {

	private final ClientSettings settings;

	private final ClientConnectionFactory factory;

	private final ConnectionSlot[] slots;

	private volatile @Nullable ClientSessions sessions;

	ConnectionPool(ClientSettings settings, ClientStatistics statistics, @Nullable ClientSessions sessions) {
		this.settings = settings;
		this.sessions = sessions;
		this.factory = ClientConnectionFactory.create(settings, statistics);
		this.slots = new ConnectionSlot[settings.poolSize()];
		for (int i = 0; i < this.slots.length; i++) {
			this.slots[i] = new ConnectionSlot(settings, statistics, this.factory, () -> this.sessions);
		}
	}

	/**
	 * Attach the service whose sessions get the connections opened from now on.
	 * @param sessions the service
	 */
	synchronized void attach(ClientSessions sessions) {
		if (this.sessions != null) {
			throw new IllegalStateException("TCP client '" + this.settings.name() + "' already has a service");
		}
		if (isConnected()) {
			throw new IllegalStateException(
					"TCP client '" + this.settings.name() + "' is connected; attach its service before it connects");
		}
		this.sessions = sessions;
	}

	boolean hasSessions() {
		return this.sessions != null;
	}

	/**
	 * Return the channel for a request: the least loaded open one, or a newly opened one.
	 * @return the channel
	 * @throws TcpException if no connection can take the request
	 */
	ClientChannel forRequest() {
		ClientChannel best = null;
		for (ConnectionSlot slot : this.slots) {
			ClientChannel open = slot.openChannel();
			if (open != null && !open.isFull() && (best == null || open.pendingRequests() < best.pendingRequests())) {
				best = open;
			}
		}
		if (best != null && best.pendingRequests() == 0) {
			return best;
		}
		TcpException failure = null;
		for (ConnectionSlot slot : this.slots) {
			if (slot.openChannel() == null && slot.canOpenNow()) {
				try {
					return slot.acquire();
				}
				catch (TcpException ex) {
					failure = (failure != null) ? failure : ex;
				}
			}
		}
		if (best != null) {
			return best;
		}
		if (failure != null) {
			throw failure;
		}
		if (isConnected()) {
			throw new TcpException("Request not written to " + this.settings.target() + ": "
					+ this.settings.maxPendingRequests() + " requests are pending on every connection "
					+ "(max-pending-requests x pool-size); wait for answers or raise them");
		}
		// every slot is closed or waiting for its next attempt: report the first
		return this.slots[0].acquire();
	}

	/**
	 * Return the first connection, opening it if needed, for the blocking operations.
	 */
	ClientChannel primary() {
		return this.slots[0].acquire();
	}

	/**
	 * Return the first connection for a blocking read (see
	 * {@link ConnectionSlot#forRead()}).
	 */
	ClientChannel primaryForRead() {
		return this.slots[0].forRead();
	}

	@Nullable ClientChannel primaryIfOpen() {
		return this.slots[0].openChannel();
	}

	/**
	 * Open every connection that is not open; also after {@link #close()}.
	 * @throws TcpException the first failure, after every slot was tried
	 */
	void connect() {
		TcpException failure = null;
		for (ConnectionSlot slot : this.slots) {
			try {
				slot.open(true);
			}
			catch (TcpException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Close every connection: pending requests fail, blocked operations end.
	 */
	void close() {
		for (ConnectionSlot slot : this.slots) {
			slot.close(new TcpConnectionClosedException(
					"The connection to " + this.settings.target() + " was closed by close() during the operation",
					null));
		}
		this.factory.stop();
	}

	boolean isConnected() {
		for (ConnectionSlot slot : this.slots) {
			if (slot.openChannel() != null) {
				return true;
			}
		}
		return false;
	}

	int pendingRequests() {
		int pending = 0;
		for (ConnectionSlot slot : this.slots) {
			ClientChannel open = slot.openChannel();
			pending += (open != null) ? open.pendingRequests() : 0;
		}
		return pending;
	}

	boolean isReaderThread(Thread thread) {
		for (ConnectionSlot slot : this.slots) {
			ClientChannel open = slot.openChannel();
			if (open != null && open.isReader(thread)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the failure of the last attempt to connect when no connection is open and
	 * one failed since the last success.
	 */
	@Nullable TcpException lastConnectFailure() {
		if (isConnected()) {
			return null;
		}
		for (ConnectionSlot slot : this.slots) {
			TcpException failure = slot.lastFailure();
			if (failure != null) {
				return failure;
			}
		}
		return null;
	}

	/**
	 * Return the earliest scheduled background attempt, if any.
	 */
	@Nullable Instant nextConnectAttempt() {
		Instant earliest = null;
		for (ConnectionSlot slot : this.slots) {
			Instant next = slot.nextAttempt();
			if (next != null && (earliest == null || next.isBefore(earliest))) {
				earliest = next;
			}
		}
		return earliest;
	}

	/**
	 * Return the states of the slots, for {@code TcpClient.toString()}.
	 */
	String states() {
		StringBuilder states = new StringBuilder();
		for (ConnectionSlot slot : this.slots) {
			states.append((states.length() > 0) ? "," : "").append(slot.state());
		}
		return states.toString();
	}

}
