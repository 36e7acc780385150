package dev.tcpstarter.client;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;

/**
 * Holds the one connection of a {@link TcpClient}: opens it (connect, then TLS handshake)
 * when an operation needs it, closes it after an error and remembers why for the next
 * operation's message, and closes it for good on {@link TcpClient#close()}. It also runs
 * the write-timeout {@link WriteWatchdog} of the open connection.
 * <p>
 * Opening and closing are serialized by one lock; the open connection is read without it.
 */
final class ClientConnectionHolder {

	// TcpClient's category, so that logging configured for the client still applies
	private static final Log logger = LogFactory.getLog(TcpClient.class);

	private final ClientSettings settings;

	private final TcpClientStatistics statistics;

	private final ClientConnectionFactory factory;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable ClientConnection connection;

	private volatile State state = State.NEW;

	// guarded by lock
	private String lostBecause = "";

	// guarded by lock
	private @Nullable WriteWatchdog writeWatchdog;

	/**
	 * Create a holder without a connection.
	 * @param settings the client's settings
	 * @param statistics the client's counters
	 */
	ClientConnectionHolder(ClientSettings settings, TcpClientStatistics statistics) {
		this.settings = settings;
		this.statistics = statistics;
		this.factory = ClientConnectionFactory.create(settings, statistics);
	}

	/**
	 * Return the connection if it is open, without opening one. A connection that the
	 * peer has closed counts as open until an operation notices.
	 * @return the connection, or {@code null}
	 */
	@Nullable ClientConnection openConnection() {
		ClientConnection current = this.connection;
		return (current != null && current.isOpen()) ? current : null;
	}

	/**
	 * Open a connection unless one is open, whatever the state: also after
	 * {@link #close()} or a lost connection.
	 */
	void connect() {
		this.lock.lock();
		try {
			if (openConnection() == null) {
				open();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the open connection for an operation, opening one if there is none yet, or
	 * if the last one was lost and auto-reconnect is on.
	 * @return the open connection
	 * @throws TcpConnectionClosedException if the client was closed, or the connection
	 * was lost without auto-reconnect
	 */
	ClientConnection acquire() {
		ClientConnection current = openConnection();
		if (current != null) {
			return current;
		}
		this.lock.lock();
		try {
			current = openConnection();
			if (current != null) {
				return current;
			}
			if (this.state == State.CLOSED) {
				throw new TcpConnectionClosedException("The connection to " + this.settings.target()
						+ " is closed: the client was closed; call connect() to open a new connection", null);
			}
			if (this.state == State.LOST && !this.settings.autoReconnect()) {
				throw new TcpConnectionClosedException("The connection to " + this.settings.target() + " is closed: "
						+ this.lostBecause + "; call connect() to open a new one, or enable auto-reconnect", null);
			}
			return open();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Open a new connection. Called with the lock held.
	 */
	private ClientConnection open() {
		if (!this.factory.isRunning()) {
			this.factory.start();
		}
		ClientConnection opened;
		try {
			opened = this.factory.connection();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TcpConnectionException("Interrupted while connecting to " + this.settings.target(), ex);
		}
		catch (RuntimeException ex) {
			this.statistics.error(ClientErrors.isTimeout(ex) ? ClientErrors.TIMEOUT : ClientErrors.CONNECT);
			throw ClientErrors.connectFailed(this.settings.target(), ex, this.settings.connectTimeout());
		}
		try {
			opened.handshake(this.settings.handshakeTimeout().toNanos());
		}
		catch (IOException ex) {
			opened.close();
			boolean timeout = ClientErrors.isTimeout(ex);
			this.statistics.error(timeout ? ClientErrors.TIMEOUT : ClientErrors.TLS);
			throw timeout ? ClientErrors.handshakeTimedOut(this.settings.target(), this.settings.handshakeTimeout(), ex)
					: ClientErrors.tlsFailed(this.settings.target(), this.settings.host(), ex);
		}
		this.statistics.connectionOpened();
		this.connection = opened;
		this.state = State.OPEN;
		cancelWatchdog();
		this.writeWatchdog = WriteWatchdog.start(this.settings.writeTimeout(), () -> this.connection);
		if (logger.isDebugEnabled()) {
			logger.debug("TCP client '" + this.settings.name() + "' connected: " + opened.getConnectionId());
		}
		return opened;
	}

	/**
	 * Close the connection, if one is open, and refuse to open another until
	 * {@link #connect()}. Operations blocked on the connection fail (see
	 * {@link #closedByClient}).
	 */
	void close() {
		this.lock.lock();
		try {
			this.state = State.CLOSED;
			cancelWatchdog();
			ClientConnection current = this.connection;
			this.connection = null;
			if (current != null) {
				current.closeByClient();
			}
			this.factory.stop();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the error for an operation that failed because {@link #close()} closed the
	 * connection under it.
	 * @param current the connection of the operation
	 * @param failure what the operation threw
	 * @return the error, or {@code null} if the operation failed for another reason
	 */
	@Nullable TcpException closedByClient(ClientConnection current, Throwable failure) {
		return current.isClosedByClient() ? ClientErrors.closedDuringOperation(this.settings.target(), failure) : null;
	}

	/**
	 * Classify a read or write that failed for another reason than a timeout or
	 * {@link #close()}, and close the connection.
	 * @param operation {@code read} or {@code write}
	 * @param current the connection of the operation
	 * @param failure what the operation threw
	 * @return the error to throw
	 */
	TcpException ioFailed(String operation, ClientConnection current, Throwable failure) {
		boolean freshTls = current.getSslSession() != null && current.bytesReceived() == 0;
		ClientErrors.Classified classified = ClientErrors.ioFailed(operation, this.settings.target(), failure,
				this.settings.host(), freshTls);
		return lost(current, classified.kind(), classified.error());
	}

	/**
	 * Close a connection after an error, count the error, and remember why, for the next
	 * operation's message.
	 * @param current the connection of the operation that failed
	 * @param kind the kind of error, one of {@link TcpClientStatistics#ERROR_KINDS}
	 * @param error the error
	 * @return {@code error}
	 */
	TcpException lost(ClientConnection current, String kind, TcpException error) {
		this.statistics.error(kind);
		current.close();
		this.lock.lock();
		try {
			if (this.connection == current) {
				this.connection = null;
				cancelWatchdog();
				if (this.state == State.OPEN) {
					this.state = State.LOST;
					this.lostBecause = "it was lost after an error (" + error.getMessage() + ")";
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		return error;
	}

	private void cancelWatchdog() {
		WriteWatchdog watchdog = this.writeWatchdog;
		if (watchdog != null) {
			watchdog.cancel();
			this.writeWatchdog = null;
		}
	}

	/**
	 * Return the state, for {@link TcpClient#toString()}.
	 * @return {@code NEW}, {@code OPEN}, {@code LOST} or {@code CLOSED}
	 */
	String state() {
		return this.state.name();
	}

	private enum State {

		NEW, OPEN, LOST, CLOSED

	}

}
