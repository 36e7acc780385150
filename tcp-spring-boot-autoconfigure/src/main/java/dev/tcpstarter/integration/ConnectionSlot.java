package dev.tcpstarter.integration;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpTimeoutException;
import dev.tcpstarter.client.TcpClient;

/**
 * One connection of a client's pool, through its whole life: opened on demand or in the
 * background, lost, reopened, closed for good.
 * <p>
 * <b>States</b> ({@link State}): {@code NEW} (never opened), {@code OPEN},
 * {@code DISCONNECTED} (lost or failed, reopened by the next operation that needs it),
 * {@code WAITING} (a background reconnect is scheduled at {@link #nextAttempt()};
 * operations fail at once until it is due) and {@code CLOSED} (by
 * {@link TcpClient#close()}, until {@link TcpClient#connect()}). A client reconnects in
 * the background when {@code reconnect} is enabled or it has a service (whose pushed
 * frames nobody would ask for); the delay grows with each failed attempt
 * ({@link Backoff}) and starts again after a successful one.
 * <p>
 * <b>Locks.</b> {@code openLock} serializes opening (a connect and TLS handshake);
 * operations wait for it at most the time an open may take. {@code this} guards the state
 * fields and is held only to update them: a channel that closes (on any thread, the
 * shared timer included) reports it here without waiting for an open in progress.
 */
final class ConnectionSlot {

	private static final Log logger = LogFactory.getLog(TcpClient.class);

	private final ClientSettings settings;

	private final ClientStatistics statistics;

	private final ClientConnectionFactory factory;

	private final Supplier<@Nullable ClientSessions> sessions;

	private final Backoff backoff;

	private final ReentrantLock openLock = new ReentrantLock();

	// guarded by this, read without it
	private volatile @Nullable ClientChannel channel;

	private volatile State state = State.NEW;

	private volatile @Nullable TcpException lastFailure;

	private volatile @Nullable Instant nextAttempt;

	// guarded by this
	private long nextAttemptNanos;

	private int failedAttempts;

	private @Nullable ScheduledFuture<?> reconnect;

	ConnectionSlot(ClientSettings settings, ClientStatistics statistics, ClientConnectionFactory factory,
			Supplier<@Nullable ClientSessions> sessions) {
		this.settings = settings;
		this.statistics = statistics;
		this.factory = factory;
		this.sessions = sessions;
		this.backoff = settings.backoff();
	}

	/**
	 * Return the channel if it is open, without opening one.
	 */
	@Nullable ClientChannel openChannel() {
		ClientChannel current = this.channel;
		return (current != null && current.isOpen()) ? current : null;
	}

	State state() {
		return this.state;
	}

	/**
	 * Return the failure of the last attempt to open, if none succeeded since.
	 */
	@Nullable TcpException lastFailure() {
		return this.lastFailure;
	}

	/**
	 * Return when the next background attempt is due, if one is scheduled.
	 */
	@Nullable Instant nextAttempt() {
		return this.nextAttempt;
	}

	/**
	 * Return whether an operation may open this slot now, rather than fail at once.
	 */
	boolean canOpenNow() {
		State current = this.state;
		if (current == State.CLOSED) {
			return false;
		}
		synchronized (this) {
			return current != State.WAITING || System.nanoTime() - this.nextAttemptNanos >= 0;
		}
	}

	/**
	 * Return the open channel for an operation, opening one unless the client was closed
	 * or a background reconnect is not due yet.
	 * @return the open channel
	 * @throws TcpConnectionException if it is closed, waiting for its next attempt, or
	 * opening fails
	 */
	ClientChannel acquire() {
		ClientChannel current = openChannel();
		if (current != null) {
			return current;
		}
		if (this.state == State.CLOSED) {
			throw closedByClient();
		}
		if (!canOpenNow()) {
			throw waiting();
		}
		return open(false);
	}

	/**
	 * Return the channel for a blocking read: the open one, or one that was lost with
	 * frames or its end not yet read (the read reports them first), or a new one.
	 * @return the channel
	 */
	ClientChannel forRead() {
		ClientChannel last = this.channel;
		if (last != null && !last.isOpen() && last.isPipelined() && this.state != State.CLOSED
				&& !last.unsolicited().isDrained()) {
			return last;
		}
		return acquire();
	}

	/**
	 * Open the channel unless it is open: for {@link TcpClient#connect()} (which also
	 * reopens a closed client) and for operations.
	 * @param reopen whether to open a slot the client closed
	 * @return the open channel
	 */
	ClientChannel open(boolean reopen) {
		lockOpen();
		try {
			ClientChannel current = openChannel();
			if (current != null) {
				return current;
			}
			if (this.state == State.CLOSED && !reopen) {
				throw closedByClient();
			}
			return openNow(false);
		}
		finally {
			this.openLock.unlock();
		}
	}

	private void lockOpen() {
		Duration timeout = this.settings.openTimeout();
		try {
			if (timeout.isZero()) {
				this.openLock.lockInterruptibly();
			}
			else if (!this.openLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new TcpTimeoutException("Waited " + ClientErrors.format(timeout) + " for another thread to open "
						+ "the connection to " + this.settings.target() + " (connect-timeout, handshake-timeout)",
						null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TcpConnectionException("Interrupted while connecting to " + this.settings.target(), ex);
		}
	}

	// under openLock
	private ClientChannel openNow(boolean background) {
		cancelReconnect();
		ClientChannel opened;
		try {
			opened = new ClientChannel(connect(), this.settings, this.statistics, this::closed);
			ClientSessions service = this.sessions.get();
			if (service != null) {
				opened.startSession(service);
			}
		}
		catch (TcpException ex) {
			failed(ex, background);
			throw ex;
		}
		synchronized (this) {
			this.channel = opened;
			this.state = State.OPEN;
			this.lastFailure = null;
			this.nextAttempt = null;
			this.failedAttempts = 0;
		}
		if (background) {
			this.statistics.reconnected(true);
			logger.info("TCP client '" + this.settings.name() + "' reconnected to " + this.settings.target());
		}
		return opened;
	}

	private ClientConnection connect() {
		if (!this.factory.isRunning()) {
			this.factory.start();
		}
		ClientConnection opened;
		try {
			opened = this.factory.newConnection();
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
			opened.abort();
			opened.close();
			boolean timeout = ClientErrors.isTimeout(ex);
			this.statistics.error(timeout ? ClientErrors.TIMEOUT : ClientErrors.TLS);
			throw timeout ? ClientErrors.handshakeTimedOut(this.settings.target(), this.settings.handshakeTimeout(), ex)
					: ClientErrors.tlsFailed(this.settings.target(), this.settings.host(), ex);
		}
		this.statistics.connectionOpened();
		return opened;
	}

	private boolean reconnects() {
		return this.settings.reconnect() || this.sessions.get() != null;
	}

	private synchronized void failed(TcpException error, boolean background) {
		this.lastFailure = error;
		this.failedAttempts++;
		if (background) {
			this.statistics.reconnected(false);
		}
		if (this.state == State.CLOSED) {
			return;
		}
		if (reconnects()) {
			Duration delay = this.backoff.delay(this.failedAttempts);
			scheduleReconnect(delay);
			String message = "TCP client '" + this.settings.name() + "' could not connect: " + error.getMessage()
					+ "; next attempt in " + ClientErrors.format(delay);
			if (this.failedAttempts == 1) {
				logger.warn(message);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug(message);
			}
		}
		else {
			this.state = State.DISCONNECTED;
		}
	}

	/**
	 * A channel of this slot closed (on any thread): reopen it in the background if this
	 * client reconnects, otherwise on demand.
	 */
	private synchronized void closed(ClientChannel closed, TcpException error) {
		if (this.channel != closed || this.state != State.OPEN) {
			return;
		}
		if (reconnects()) {
			// a connection closed because a request timed out is reopened at once
			boolean timeout = error instanceof TcpTimeoutException;
			scheduleReconnect(timeout ? Duration.ZERO : this.backoff.delay(0));
			logger.info("TCP client '" + this.settings.name() + "' lost its connection: " + error.getMessage()
					+ "; reconnecting");
		}
		else {
			this.state = State.DISCONNECTED;
		}
	}

	// under this
	private void scheduleReconnect(Duration delay) {
		if (this.reconnect != null) {
			this.reconnect.cancel(false);
		}
		this.state = State.WAITING;
		this.nextAttemptNanos = System.nanoTime() + delay.toNanos();
		this.nextAttempt = Instant.now().plus(delay);
		// the timer only starts the attempt: connecting blocks
		this.reconnect = WriteWatchdog.schedule(
				() -> this.settings.threadFactory().newThread(this::reconnectInBackground).start(), delay.toNanos());
	}

	private synchronized void cancelReconnect() {
		if (this.reconnect != null) {
			this.reconnect.cancel(false);
			this.reconnect = null;
		}
	}

	private void reconnectInBackground() {
		if (!this.openLock.tryLock()) {
			// an operation is opening it
			return;
		}
		try {
			if (this.state == State.WAITING && openChannel() == null) {
				openNow(true);
			}
		}
		catch (TcpException ex) {
			// counted, logged and rescheduled by failed()
		}
		finally {
			this.openLock.unlock();
		}
	}

	/**
	 * Close the channel, if open, and open none until {@link #open(boolean)} with
	 * {@code reopen}.
	 * @param error what the pending requests fail with
	 */
	void close(TcpException error) {
		ClientChannel current;
		synchronized (this) {
			this.state = State.CLOSED;
			this.nextAttempt = null;
			if (this.reconnect != null) {
				this.reconnect.cancel(false);
				this.reconnect = null;
			}
			current = this.channel;
		}
		if (current != null) {
			current.close(error, false);
		}
	}

	private TcpConnectionClosedException closedByClient() {
		return new TcpConnectionClosedException("The connection to " + this.settings.target()
				+ " is closed: the client was closed; call connect() to open a new connection", null);
	}

	private TcpConnectionException waiting() {
		TcpException failure = this.lastFailure;
		Instant next = this.nextAttempt;
		long inNanos;
		synchronized (this) {
			inNanos = Math.max(0, this.nextAttemptNanos - System.nanoTime());
		}
		return new TcpConnectionException(
				"Not connected to " + this.settings.target()
						+ ((failure != null) ? " (last attempt: " + failure.getMessage() + ")" : "")
						+ "; the next attempt is at " + next + " (in "
						+ ClientErrors.format(Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(inNanos))) + ")",
				failure);
	}

	/**
	 * States of a slot.
	 */
	enum State {

		NEW, OPEN, DISCONNECTED, WAITING, CLOSED

	}

}
