package dev.tcpstarter.integration;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpTimeoutException;
import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpCorrelation;

/**
 * One open connection of a {@link TcpClient} and everything in flight on it: the requests
 * waiting for answers, the reader thread that matches answers to them, and the one way it
 * ends ({@link #close(TcpException, boolean)}).
 * <p>
 * <b>Reading.</b> Until the first request, the blocking reads of {@link TcpClient} read
 * the socket on the caller's thread ({@link ClientReader}), one at a time under
 * {@code streamLock}. The first request (or, with a client-side service, the open) starts
 * the reader thread, which from then on reads every frame: an answer completes its
 * request; any other frame is unsolicited and goes to the service's session, or to the
 * {@link ReadQueue} that {@link TcpClient#readBytes()} takes from. The reader starts
 * reading only after a caller's read in progress ends (it takes and releases
 * {@code streamLock} once); reads that start later see {@code pipelined} and use the
 * queue.
 * <p>
 * <b>Locks.</b> {@code writeLock} serializes writes: a request is added to
 * {@link PendingRequests} and written under it, so that answers are matched in write
 * order; callers wait for it at most the write timeout. {@code streamLock} guards the
 * input stream while callers read it. {@code timerLock} guards the one scheduled timeout
 * check. No lock is held while a future is completed or user code runs, and none is taken
 * on the shared timer thread except {@code timerLock} and the {@link PendingRequests}'
 * own, both held for a few field updates.
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

	private final PendingRequests pending;

	private final ReadQueue unsolicited = new ReadQueue();

	private final ReentrantLock writeLock = new ReentrantLock();

	private final ReentrantLock streamLock = new ReentrantLock();

	private final Object timerLock = new Object();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final @Nullable WriteWatchdog writeWatchdog;

	// set before the reader starts; read by the reader thread only
	private ClientSessions.@Nullable Session session;

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
		this.pending = new PendingRequests(settings.correlation() != null, settings.maxPendingRequests());
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
			this.session = sessions.open(new ClientCaller(this, this.settings));
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
		return this.pending.size();
	}

	boolean isFull() {
		return this.pending.isFull();
	}

	boolean isReader(Thread thread) {
		synchronized (this) {
			return this.reader == thread;
		}
	}

	boolean hasSession() {
		return this.session != null;
	}

	boolean isPipelined() {
		return this.pipelined;
	}

	ReentrantLock streamLock() {
		return this.streamLock;
	}

	ReadQueue unsolicited() {
		return this.unsolicited;
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
		TcpCorrelation correlation = this.settings.correlation();
		Object key = (correlation != null) ? correlation.requestKey(frame) : null;
		PendingRequest request = new PendingRequest(key, this.settings.readTimeout().toNanos(), this.statistics);
		lockForWrite();
		try {
			if (this.closed.get()) {
				return null;
			}
			encode(frame);
			String refused = this.pending.add(request);
			if ("closed".equals(refused)) {
				return null;
			}
			if (refused != null) {
				request.fail(refusal(refused, key));
				return request.future();
			}
			writeEncoded();
		}
		catch (TcpException ex) {
			// refused by the codec, or the write failed: the close failed the request
			this.pending.remove(request);
			request.fail(ex);
			return request.future();
		}
		finally {
			this.writeLock.unlock();
		}
		scheduleTimeoutCheck(request.deadlineNanos());
		return request.future();
	}

	private TcpException refusal(String reason, @Nullable Object key) {
		return switch (reason) {
			case "full" -> new TcpException("Request not written to " + this.settings.target() + ": "
					+ this.settings.maxPendingRequests() + " requests are pending on the connection "
					+ "(max-pending-requests); wait for answers or raise it, or the pool-size");
			case "duplicate" -> new TcpException(
					"Request not written to " + this.settings.target() + ": a request with correlation key '" + key
							+ "' is pending; keys must be unique among " + "pending requests (and not null)");
			default -> closedError();
		};
	}

	/**
	 * Write one frame.
	 * @param frame the frame payload
	 */
	void write(byte[] frame) {
		lockForWrite();
		try {
			encode(frame);
			writeEncoded();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void lockForWrite() {
		long timeoutNanos = this.settings.writeTimeout().toNanos();
		try {
			if (timeoutNanos == 0) {
				this.writeLock.lockInterruptibly();
			}
			else if (!this.writeLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
				this.statistics.error(ClientErrors.TIMEOUT);
				throw new TcpTimeoutException("Write to " + this.settings.target() + " waited "
						+ ClientErrors.format(this.settings.writeTimeout())
						+ " (write-timeout) for another write on the connection to complete", null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TcpConnectionException("Interrupted while waiting to write to " + this.settings.target(), ex);
		}
	}

	// under writeLock
	private void encode(byte[] frame) {
		if (this.closed.get()) {
			throw closedError();
		}
		try {
			this.connection.encode(frame);
		}
		catch (IOException | RuntimeException ex) {
			if (ClientErrors.unwrap(ex) instanceof FramingException framing) {
				this.statistics.error(ClientErrors.FRAME);
				throw ClientErrors.frameNotWritten(this.settings.target(), framing);
			}
			throw fail("write", ex);
		}
	}

	// under writeLock
	private void writeEncoded() {
		long sentBefore = this.connection.bytesSent();
		try {
			this.connection.writeEncoded();
			this.statistics.sent(this.connection.bytesSent() - sentBefore, 1);
		}
		catch (IOException | RuntimeException ex) {
			this.statistics.sent(this.connection.bytesSent() - sentBefore, 0);
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
		// a blocking read that a caller started before pipelining began ends first
		this.streamLock.lock();
		this.streamLock.unlock();
		try {
			while (!this.closed.get()) {
				long receivedBefore = this.connection.bytesReceived();
				byte[] frame;
				try {
					frame = this.connection.readFrame(0);
				}
				finally {
					this.statistics.received(this.connection.bytesReceived() - receivedBefore, 0);
				}
				this.statistics.received(0, 1);
				dispatch(frame);
			}
		}
		catch (IOException | RuntimeException ex) {
			fail("read", ex);
		}
		finally {
			endSession();
		}
	}

	private void dispatch(byte[] frame) {
		TcpCorrelation correlation = this.settings.correlation();
		PendingRequest request;
		if (correlation == null) {
			request = this.pending.take(null);
		}
		else {
			Object key = responseKey(correlation, frame);
			request = (key != null) ? this.pending.take(key) : null;
		}
		if (request != null) {
			request.answer(frame);
			return;
		}
		this.statistics.unsolicited();
		ClientSessions.Session current = this.session;
		if (current != null) {
			current.frameDecoded(frame);
		}
		else {
			this.unsolicited.offer(frame);
		}
	}

	private @Nullable Object responseKey(TcpCorrelation correlation, byte[] frame) {
		try {
			return correlation.responseKey(frame);
		}
		catch (RuntimeException ex) {
			logger.warn("TCP client '" + this.settings.name() + "': the correlation failed on a frame of "
					+ frame.length + " bytes, which is handled as unsolicited: " + ex);
			return null;
		}
	}

	private void endSession() {
		ClientSessions.Session current = this.session;
		if (current == null) {
			return;
		}
		TcpException error = this.closeError;
		try {
			if (error != null && this.closeReportable) {
				current.failed(error);
			}
		}
		finally {
			current.closed();
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
		String target = this.settings.target();
		Duration timeout = this.settings.readTimeout();
		if (this.settings.correlation() == null) {
			List<PendingRequest> all = this.pending.expireInOrder(now);
			if (all != null) {
				// closed before any request is failed: a caller that reacts to the
				// timeout
				// with a new request gets a new connection
				close(ClientErrors.closedAfterTimeout(target, timeout), true);
				for (PendingRequest request : all) {
					if (request.isExpired(now)) {
						request.timedOut(ClientErrors.requestTimedOut(target, timeout, true));
					}
					else {
						request.fail(new TcpConnectionException(
								"The connection to " + target
										+ " was closed before the answer arrived, because an earlier request timed out",
								null));
					}
				}
				return;
			}
		}
		else {
			for (PendingRequest request : this.pending.expire(now)) {
				request.timedOut(ClientErrors.requestTimedOut(target, timeout, false));
			}
		}
		scheduleTimeoutCheck(this.pending.nextDeadline());
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
		closeSocket();
		List<PendingRequest> requests = this.pending.close();
		for (int i = 0; i < requests.size(); i++) {
			requests.get(i)
				.fail((i == 0) ? error : new TcpConnectionException("The connection to " + this.settings.target()
						+ " closed before the answer arrived: " + error.getMessage(), error));
		}
		this.unsolicited.close(error);
		this.onClosed.accept(this, error);
		if (logger.isDebugEnabled()) {
			logger.debug("TCP client '" + this.settings.name() + "' closed " + this.connection.getConnectionId() + ": "
					+ error.getMessage());
		}
	}

	/**
	 * Close the socket without waiting for a blocked write: a TLS close sends
	 * close_notify under the write lock of the TLS socket, so unless no write is in
	 * progress here the plain socket under it is closed first, which ends the write.
	 */
	private void closeSocket() {
		boolean noWrite = this.writeLock.tryLock();
		try {
			if (!noWrite) {
				this.connection.abort();
			}
			this.connection.close();
		}
		finally {
			if (noWrite) {
				this.writeLock.unlock();
			}
		}
	}

	@Override
	public String toString() {
		return "ClientChannel[" + this.connection.getConnectionId() + ", pending=" + this.pending.size()
				+ (isOpen() ? "" : ", closed") + "]";
	}

}
