package dev.tcpstarter.integration;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.client.TcpClient;

/**
 * One open connection of a {@link TcpClient} and everything in flight on it: the requests
 * waiting for answers, the reader thread that matches answers to them, and the one way it
 * ends ({@link #close(TcpException, boolean)}).
 * <p>
 * <b>Reading.</b> Until the first request, the blocking reads of {@link TcpClient} read
 * the socket on the caller's thread ({@link ClientReader}), one at a time under the
 * stream lock of {@link ClientInbound}. The first request (or, with a client-side
 * service, the open) starts the reader thread, which from then on reads every frame
 * ({@link ClientInbound#receive()}): an answer completes its request; any other frame is
 * unsolicited and goes to the service's session, or to the {@link ReadQueue} that
 * {@link TcpClient#readBytes()} takes from. The reader starts reading only after a
 * caller's read in progress ends (it takes and releases the stream lock once); reads that
 * start later see {@code pipelined} and use the queue.
 * <p>
 * <b>Parts.</b> This class decides what happens when, and owns the reader thread, the
 * timeout check and the close; its parts only do as they are told and call nothing back:
 * {@link ClientRequests} keeps the requests in flight (creates, admits, matches, expires
 * and fails them), {@link ClientWriter} writes to the socket, and {@link ClientInbound}
 * delivers the frames the reader thread reads.
 * <p>
 * <b>Locks.</b> The write lock of {@link ClientWriter} serializes writes: a request is
 * added to {@link ClientRequests} and written under it, so that answers are matched in
 * write order; callers wait for it at most the write timeout. The stream lock of
 * {@link ClientInbound} guards the input stream while callers read it. {@code this}
 * guards starting the reader thread ({@code reader}). {@code timerLock} guards the one
 * scheduled timeout check. No lock is held while user code runs, and none is taken on the
 * shared timer thread except {@code timerLock} and the {@link PendingRequests}' own, both
 * held for a few field updates. A request's future may complete under {@code writeLock}
 * (a failed write closes the channel, which fails the pending requests) or on the timer
 * thread (a timeout): what is chained to it must not block or wait for a lock (client
 * services hand their results to a pool of their own).
 * <p>
 * <b>Timeouts.</b> Each request has a deadline (the read timeout). One task on the shared
 * timer, scheduled for the oldest deadline, expires requests: in order mode the
 * connection is then closed, because its answer may still come and would be taken for the
 * next request's; with correlation the connection stays, and a late answer is
 * unsolicited.
 * <p>
 * <b>Close.</b> {@link #close(TcpException, boolean)} runs once, on any thread, and never
 * blocks on a stuck peer: it aborts the socket (the plain socket under TLS), fails every
 * pending request, wakes blocked reads and tells the slot. The session's
 * {@code failed}/{@code closed} are called by the reader thread once its loop ends.
 */
final class ClientChannel {

	private static final Log logger = LogFactory.getLog(TcpClient.class);

	private final ClientSettings settings;

	private final ClientStatistics statistics;

	private final ClientConnection connection;

	private final BiConsumer<ClientChannel, TcpException> onClosed;

	private final ClientRequests requests;

	private final ClientInbound inbound;

	private final ClientWriter writer;

	private final Object timerLock = new Object();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final @Nullable WriteWatchdog writeWatchdog;

	private volatile boolean pipelined;

	// guarded by this
	private @Nullable Thread reader;

	// why the channel closed, set once by close() before anything else sees it closed
	private volatile @Nullable TcpException closeError;

	private volatile boolean closeReportable;

	// guarded by timerLock
	private @Nullable ScheduledFuture<?> timeoutCheck;

	// guarded by timerLock
	private long timeoutCheckAt;

	ClientChannel(ClientConnection connection, ClientSettings settings, ClientStatistics statistics,
			BiConsumer<ClientChannel, TcpException> onClosed) {
		this.connection = connection;
		this.settings = settings;
		this.statistics = statistics;
		this.onClosed = onClosed;
		this.requests = new ClientRequests(settings, statistics);
		this.writer = new ClientWriter(connection, settings, statistics);
		this.inbound = new ClientInbound(connection, statistics, this.requests);
		this.writeWatchdog = WriteWatchdog.start(settings.writeTimeout(), () -> connection);
	}

	/**
	 * Hand the connection to a client-side service: open its session (on this thread),
	 * then start reading frames for it.
	 * @param sessions the service
	 * @throws TcpConnectionException if the service rejects the connection, which is then
	 * closed
	 */
	void startSession(ClientSessions sessions) {
		try {
			this.inbound.attach(sessions.open(new ClientCaller(this, this.settings)));
		}
		catch (RuntimeException ex) {
			TcpConnectionException rejected = new TcpConnectionException(
					"The service of " + this.settings.target() + " rejected the connection: " + ex, ex);
			close(rejected, false);
			throw rejected;
		}
		startPipelining();
	}

	ClientConnection connection() {
		return this.connection;
	}

	boolean isOpen() {
		return !this.closed.get();
	}

	int pendingRequests() {
		return this.requests.size();
	}

	boolean isFull() {
		return this.requests.isFull();
	}

	boolean isReader(Thread thread) {
		synchronized (this) {
			return this.reader == thread;
		}
	}

	boolean hasSession() {
		return this.inbound.hasSession();
	}

	boolean isPipelined() {
		return this.pipelined;
	}

	ReentrantLock streamLock() {
		return this.inbound.streamLock();
	}

	ReadQueue unsolicited() {
		return this.inbound.unsolicited();
	}

	/**
	 * Write a request and return the future of its answer.
	 * @param frame the request
	 * @return the answer's future, a failed one if the request could not be written, or
	 * {@code null} if the channel closed before the request was taken (nothing was
	 * written: the caller may try another channel)
	 */
	@Nullable CompletableFuture<byte[]> request(byte[] frame) {
		if (this.closed.get()) {
			return null;
		}
		startPipelining();
		PendingRequest request = this.requests.create(frame);
		this.writer.lock();
		try {
			if (this.closed.get()) {
				return null;
			}
			encode(frame);
			String refused = this.requests.add(request);
			if ("closed".equals(refused)) {
				return null;
			}
			if (refused != null) {
				return request.future();
			}
			writeEncoded();
		}
		catch (TcpException ex) {
			// refused by the codec, or the write failed: the close failed the request
			this.requests.notWritten(request, ex);
			return request.future();
		}
		finally {
			this.writer.unlock();
		}
		scheduleTimeoutCheck(request.deadlineNanos());
		return request.future();
	}

	/**
	 * Write one frame.
	 * @param frame the frame payload
	 */
	void write(byte[] frame) {
		this.writer.lock();
		try {
			encode(frame);
			writeEncoded();
		}
		finally {
			this.writer.unlock();
		}
	}

	// under the writer's lock
	private void encode(byte[] frame) {
		if (this.closed.get()) {
			throw closedError();
		}
		try {
			this.writer.encode(frame);
		}
		catch (IOException | RuntimeException ex) {
			if (ClientErrors.unwrap(ex) instanceof FramingException framing) {
				this.statistics.error(ClientErrors.FRAME);
				throw ClientErrors.frameNotWritten(this.settings.target(), framing);
			}
			throw fail("write", ex);
		}
	}

	// under the writer's lock
	private void writeEncoded() {
		try {
			this.writer.writeEncoded();
		}
		catch (IOException | RuntimeException ex) {
			if (this.connection.isWriteTimedOut()) {
				this.statistics.error(ClientErrors.TIMEOUT);
				TcpException timeout = ClientErrors.writeTimedOut(this.settings.target(), this.settings.writeTimeout(),
						ex);
				close(timeout, true);
				throw timeout;
			}
			throw fail("write", ex);
		}
	}

	/**
	 * Classify a failed read or write, count it and close the channel with it; or, if the
	 * channel was closed first (which is why the operation failed), return the error it
	 * closed with.
	 * @param operation {@code read} or {@code write}
	 * @param failure what the operation threw
	 * @return the error to report
	 */
	TcpException fail(String operation, Throwable failure) {
		TcpException closedFirst = this.closeError;
		if (closedFirst != null) {
			return closedDuringOperation(closedFirst, failure);
		}
		boolean freshTls = this.connection.getSslSession() != null && this.connection.bytesReceived() == 0;
		ClientErrors.Classified classified = ClientErrors.ioFailed(operation, this.settings.target(), failure,
				this.settings.host(), freshTls);
		this.statistics.error(classified.kind());
		close(classified.error(), !ClientErrors.CLOSED.equals(classified.kind()));
		TcpException winner = this.closeError;
		return (winner == classified.error() || winner == null) ? classified.error()
				: closedDuringOperation(winner, failure);
	}

	private TcpException closedDuringOperation(TcpException closedWith, Throwable failure) {
		if (closedWith instanceof TcpConnectionClosedException) {
			return ClientErrors.closedDuringOperation(this.settings.target(), failure);
		}
		return closedWith;
	}

	private TcpException closedError() {
		TcpException error = this.closeError;
		return new TcpConnectionClosedException("The connection to " + this.settings.target() + " is closed"
				+ ((error != null) ? ": " + error.getMessage() : ""), error);
	}

	private void startPipelining() {
		if (this.pipelined) {
			return;
		}
		synchronized (this) {
			if (this.pipelined || this.closed.get()) {
				return;
			}
			this.pipelined = true;
			Thread thread = this.settings.threadFactory().newThread(this::readFrames);
			this.reader = thread;
			thread.start();
		}
	}

	/**
	 * The reader thread: every frame, until the connection ends.
	 */
	private void readFrames() {
		this.inbound.awaitCallerRead();
		try {
			while (!this.closed.get()) {
				this.inbound.receive();
			}
		}
		catch (IOException | RuntimeException ex) {
			fail("read", ex);
		}
		finally {
			this.inbound.endSession(this.closeError, this.closeReportable);
		}
	}

	private void scheduleTimeoutCheck(long deadline) {
		if (deadline == Long.MAX_VALUE) {
			return;
		}
		synchronized (this.timerLock) {
			ScheduledFuture<?> scheduled = this.timeoutCheck;
			if (this.closed.get() || (scheduled != null && this.timeoutCheckAt - deadline <= 0)) {
				return;
			}
			if (scheduled != null) {
				scheduled.cancel(false);
			}
			this.timeoutCheckAt = deadline;
			this.timeoutCheck = WriteWatchdog.schedule(this::checkTimeouts, Math.max(0, deadline - System.nanoTime()));
		}
	}

	/**
	 * On the shared timer: fail the requests whose deadline passed; in order mode, close
	 * the connection if one did.
	 */
	private void checkTimeouts() {
		synchronized (this.timerLock) {
			this.timeoutCheck = null;
		}
		long now = System.nanoTime();
		List<PendingRequest> expired = this.requests.expire(now);
		if (expired != null) {
			// closed before any request is failed: a caller that reacts to the timeout
			// with a new request gets a new connection
			close(this.requests.closedAfterTimeout(), true);
			this.requests.failAfterTimeout(expired, now);
			return;
		}
		scheduleTimeoutCheck(this.requests.nextDeadline());
	}

	/**
	 * End the connection: abort the socket, fail the pending requests, wake blocked reads
	 * and tell the slot. Only the first call does anything.
	 * @param error why, given to the oldest pending request; the others get a
	 * {@link TcpConnectionException} caused by it
	 * @param reportable whether the service's {@code @OnError} should hear of it (not for
	 * a close asked for, nor a peer's orderly close)
	 */
	void close(TcpException error, boolean reportable) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.closeError = error;
		this.closeReportable = reportable;
		if (this.writeWatchdog != null) {
			this.writeWatchdog.cancel();
		}
		synchronized (this.timerLock) {
			if (this.timeoutCheck != null) {
				this.timeoutCheck.cancel(false);
				this.timeoutCheck = null;
			}
		}
		this.writer.closeSocket();
		this.requests.close(error);
		this.inbound.close(error);
		this.onClosed.accept(this, error);
		if (logger.isDebugEnabled()) {
			logger.debug("TCP client '" + this.settings.name() + "' closed " + this.connection.getConnectionId() + ": "
					+ error.getMessage());
		}
	}

	@Override
	public String toString() {
		return "ClientChannel[" + this.connection.getConnectionId() + ", pending=" + this.requests.size()
				+ (isOpen() ? "" : ", closed") + "]";
	}

}
