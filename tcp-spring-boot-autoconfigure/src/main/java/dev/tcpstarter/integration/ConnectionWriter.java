package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.Serializer;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpFrameException;

/**
 * The write side of one connection, shared by the net and nio transports: encodes frames
 * with the listener's codec into a bounded buffer and writes them to the socket, timing
 * each socket write for the write-timeout watchdog.
 * <p>
 * <b>Synchronous writes</b> ({@link #write}) made on the connection's reader thread are
 * buffered and flushed by {@link #flushIfReadComplete()} just before the reader blocks
 * for more input, so a burst of pipelined requests is answered with one socket write
 * (Netty's flush at read complete); on any other thread they are flushed before
 * returning.
 * <p>
 * <b>Asynchronous writes</b> ({@link #send}) are queued and written by a task on the
 * connection's executor (or by the reader at its next read complete), so that the thread
 * that sends never blocks on a peer that does not read. The queue holds at most
 * {@value #MAX_QUEUED_BYTES} bytes in all, or a single frame of any size: a peer that
 * falls further behind is closed ({@link CloseReason#SLOW_PEER}).
 * <p>
 * <b>Locking.</b> {@code lock} guards the buffer, the codec and the frame count. Every
 * write first moves the queued frames into the buffer, under the lock, so frames leave in
 * the order they were written or sent. The socket write happens under the lock, so a
 * writer blocked by a peer that does not read holds it until the watchdog closes the
 * socket; a close asked for meanwhile runs when that write releases the lock.
 */
final class ConnectionWriter implements FrameWriter {

	private static final Log logger = LogFactory.getLog(ConnectionWriter.class);

	/**
	 * Bytes the asynchronous queue may hold in all (a single frame may be larger).
	 */
	static final int MAX_QUEUED_BYTES = 1024 * 1024;

	private final String connectionId;

	private final Duration writeTimeout;

	private final Serializer<byte[]> serializer;

	private final Executor executor;

	private final Consumer<CloseReason> closer;

	private final ReentrantLock lock = new ReentrantLock();

	private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	// the first reason a close was asked for: from then on nothing more is written
	private final AtomicReference<@Nullable CloseReason> closing = new AtomicReference<>();

	// the closer runs once, whichever thread gets to run it
	private final AtomicBoolean closed = new AtomicBoolean();

	// guarded by lock
	private @Nullable FrameOutputStream output;

	// guarded by lock; set only on the reader thread
	private boolean flushDeferred;

	// guarded by lock; read without it by metrics, which may lag by a frame
	private long framesSent;

	private volatile @Nullable Thread reader;

	// the socket's stream under the buffer, set by attach(); read by the write-timeout
	// check of the listener's housekeeping
	private volatile @Nullable TimedOutputStream socketOutput;

	// a close asked for while a write was in progress, run once that write is done
	private volatile @Nullable CloseReason closeAfterWrite;

	private volatile Runnable afterQueueWritten = () -> {
	};

	/**
	 * Create the write side of a connection.
	 * @param connectionId the connection id, for messages
	 * @param writeTimeout how long a socket write may block, for messages
	 * @param serializer the connection's codec
	 * @param executor runs the writes of queued frames
	 * @param closer closes the connection's socket; called at most once per close asked
	 * for, never while a write is in progress
	 */
	ConnectionWriter(String connectionId, Duration writeTimeout, Serializer<byte[]> serializer, Executor executor,
			Consumer<CloseReason> closer) {
		this.connectionId = connectionId;
		this.writeTimeout = writeTimeout;
		this.serializer = serializer;
		this.executor = executor;
		this.closer = closer;
	}

	/**
	 * Write to the socket's stream from now on: called once the connection is established
	 * (with TLS, the stream of the TLS socket), before its first frame.
	 * @param socketOutput the socket's output stream
	 * @param readerThread the connection's reader thread, whose writes are flushed at
	 * read complete, or {@code null} if no thread reads this connection alone
	 */
	void attach(OutputStream socketOutput, @Nullable Thread readerThread) {
		this.lock.lock();
		try {
			TimedOutputStream timed = new TimedOutputStream(socketOutput);
			this.socketOutput = timed;
			this.output = new FrameOutputStream(timed);
			this.reader = readerThread;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Run {@code task} each time queued frames have been written, for a graceful stop
	 * that waits for them.
	 */
	void afterQueueWritten(Runnable task) {
		this.afterQueueWritten = task;
	}

	@Override
	public void write(byte[] frame) {
		if (this.closing.get() != null) {
			throw new TcpConnectionClosedException(this.connectionId);
		}
		this.lock.lock();
		try {
			FrameOutputStream out = writableOutput();
			writeQueued(out);
			encode(frame, out);
			if (Thread.currentThread() == this.reader) {
				this.flushDeferred = true;
			}
			else {
				out.flush();
			}
		}
		catch (IOException ex) {
			throw failed(ex);
		}
		finally {
			unlock();
		}
	}

	@Override
	public void send(byte[] frame) {
		if (this.closing.get() != null) {
			logger.debug("Frame not sent on connection " + this.connectionId + ", which is closing");
			return;
		}
		long queued = this.queuedBytes.addAndGet(frame.length);
		if (queued > frame.length && queued > MAX_QUEUED_BYTES) {
			this.queuedBytes.addAndGet(-frame.length);
			logger.info("Closing connection " + this.connectionId + ": more than " + MAX_QUEUED_BYTES
					+ " bytes waited to be written to a peer that does not read them");
			closeOnExecutor(CloseReason.SLOW_PEER);
			return;
		}
		this.queue.add(frame);
		if (Thread.currentThread() != this.reader) {
			scheduleQueueWrite();
		}
		// on the reader thread the queue is written at read complete
	}

	private void scheduleQueueWrite() {
		if (!this.drainScheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(this::writeQueue);
		}
		catch (RuntimeException ex) {
			// shutting down, or a custom executor that refuses work in its own way
			this.drainScheduled.set(false);
			close(CloseReason.SHUTDOWN);
		}
	}

	/**
	 * Write what was queued, on the executor, until the queue stays empty.
	 */
	private void writeQueue() {
		do {
			this.lock.lock();
			try {
				FrameOutputStream out = this.output;
				if (out != null && this.closing.get() == null) {
					writeQueued(out);
					out.flush();
				}
			}
			catch (IOException ex) {
				TcpConnectionException failure = failed(ex);
				logger.debug(failure.getMessage());
			}
			finally {
				unlock();
			}
			this.drainScheduled.set(false);
		}
		while (!this.queue.isEmpty() && this.closing.get() == null && this.drainScheduled.compareAndSet(false, true));
		this.afterQueueWritten.run();
	}

	@Override
	public void flushBuffered() {
		flushIfReadComplete();
	}

	/**
	 * Flush what the reader thread has written and what was queued, just before the
	 * reader blocks for more input.
	 * @throws TcpConnectionException if the flush fails
	 */
	void flushIfReadComplete() {
		if (!this.flushDeferred && this.queue.isEmpty()) {
			return;
		}
		this.lock.lock();
		try {
			this.flushDeferred = false;
			FrameOutputStream out = this.output;
			if (out != null && this.closing.get() == null) {
				writeQueued(out);
				out.flush();
			}
		}
		catch (IOException ex) {
			throw failed(ex);
		}
		finally {
			unlock();
		}
	}

	// called with the lock held
	private FrameOutputStream writableOutput() {
		FrameOutputStream out = this.output;
		if (out == null) {
			throw new TcpConnectionClosedException(this.connectionId);
		}
		return out;
	}

	// called with the lock held
	private void writeQueued(FrameOutputStream out) throws IOException {
		byte[] frame;
		while ((frame = this.queue.poll()) != null) {
			this.queuedBytes.addAndGet(-frame.length);
			try {
				encode(frame, out);
			}
			catch (TcpFrameException ex) {
				// a frame this connection's framing
				// cannot carry: dropped, the others go on
				logger.info("Frame not sent on connection " + this.connectionId + ": " + ex.getMessage());
			}
		}
	}

	// called with the lock held
	private void encode(byte[] frame, FrameOutputStream out) throws IOException {
		long before = out.bytesAccepted();
		try {
			this.serializer.serialize(frame, out);
		}
		catch (FramingException ex) {
			if (out.bytesAccepted() == before) {
				// refused before any byte of it was written: the stream is still in step
				throw new TcpFrameException(
						"Frame not written on connection " + this.connectionId + ": " + ex.getMessage(), ex);
			}
			throw ex;
		}
		this.framesSent++;
	}

	/**
	 * Close, from a thread that sends and must not run the close itself (it may be a
	 * broker client's event loop, and closing a TLS socket writes to it and tells the
	 * application's listeners): nothing more is written from now on, and the socket is
	 * closed on the connection's executor, or here if the executor takes no more work.
	 */
	private void closeOnExecutor(CloseReason reason) {
		if (!this.closing.compareAndSet(null, reason)) {
			return;
		}
		try {
			this.executor.execute(() -> closeNow(reason));
		}
		catch (RuntimeException ex) {
			closeNow(reason);
		}
	}

	@Override
	public void close(CloseReason reason) {
		if (this.closing.compareAndSet(null, reason)) {
			closeNow(reason);
		}
	}

	// called once, by whoever set the close reason
	private void closeNow(CloseReason reason) {
		if (!this.lock.tryLock()) {
			// a write is in progress (it may be blocked by a peer that
			// does not read): the close runs when it releases the lock
			this.closeAfterWrite = reason;
			if (!this.lock.tryLock()) {
				return;
			}
		}
		try {
			if (!reason.flushesOutput()) {
				return;
			}
			// what was written before the close still goes out
			FrameOutputStream out = this.output;
			if (out != null) {
				writeQueued(out);
				if (out.hasBuffered()) {
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			// the peer is gone; nothing more to deliver
		}
		finally {
			this.closeAfterWrite = reason;
			unlock();
		}
	}

	/**
	 * Release the lock, first running a close that waited for the write. A close asked
	 * for between that check and the release is run by whichever thread gets the lock
	 * next: this one, if no other does.
	 */
	private void unlock() {
		do {
			try {
				CloseReason reason = this.closeAfterWrite;
				if (reason != null) {
					this.closeAfterWrite = null;
					if (this.closed.compareAndSet(false, true)) {
						this.closer.accept(reason);
					}
				}
			}
			finally {
				this.lock.unlock();
			}
		}
		while (this.closeAfterWrite != null && this.lock.tryLock());
	}

	private TcpConnectionException failed(IOException ex) {
		TimedOutputStream timed = this.socketOutput;
		boolean timedOut = timed != null && timed.isTimedOut();
		CloseReason reason = timedOut ? CloseReason.WRITE_TIMEOUT : CloseReason.IO_ERROR;
		if (this.closing.compareAndSet(null, reason)) {
			this.closeAfterWrite = reason;
		}
		if (timedOut) {
			return new TcpConnectionException("Write on connection " + this.connectionId + " did not complete within "
					+ this.writeTimeout.toMillis() + " ms (write-timeout); the peer is not reading", ex);
		}
		return new TcpConnectionException("Write failed on connection " + this.connectionId + ": " + ex.getMessage(),
				ex);
	}

	/**
	 * Return whether the socket write in progress has been blocked for longer than the
	 * write timeout; if so, the caller closes the socket under it, and the write fails
	 * with a message that says why.
	 * @param now {@link System#nanoTime()}
	 * @return whether the write in progress expired
	 */
	boolean expireWrite(long now) {
		TimedOutputStream timed = this.socketOutput;
		return timed != null && timed.expire(now, this.writeTimeout.toNanos());
	}

	/**
	 * Return whether a socket write is in progress.
	 */
	boolean isWriting() {
		TimedOutputStream timed = this.socketOutput;
		return timed != null && timed.isWriting();
	}

	/**
	 * Return whether frames are buffered or queued and not yet written to the socket.
	 */
	boolean hasPendingOutput() {
		FrameOutputStream out = this.output;
		return !this.queue.isEmpty() || (out != null && out.hasBuffered());
	}

	@Override
	public boolean isOpen() {
		return this.closing.get() == null;
	}

	/**
	 * Return why the connection is closing, or {@code null} while it is open.
	 */
	@Nullable CloseReason closeReason() {
		return this.closing.get();
	}

	long framesSent() {
		return this.framesSent;
	}

	long bytesSent() {
		FrameOutputStream out = this.output;
		return (out != null) ? out.bytesWritten() : 0;
	}

}
