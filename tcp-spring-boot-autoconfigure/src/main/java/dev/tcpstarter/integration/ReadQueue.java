package dev.tcpstarter.integration;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.client.TcpClient;

/**
 * The frames of a pipelining connection that answered no request, kept for
 * {@link TcpClient#readBytes()} when the client has no service to hand them to. Bounded:
 * when {@value #CAPACITY} frames wait, the oldest is dropped (and logged at DEBUG), so
 * that a client that never reads does not run out of memory.
 * <p>
 * {@code lock} guards the queue and the close error; readers wait on {@code arrived}.
 */
final class ReadQueue {

	static final int CAPACITY = 256;

	private static final Log logger = LogFactory.getLog(TcpClient.class);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition arrived = this.lock.newCondition();

	// guarded by lock
	private final ArrayDeque<byte[]> frames = new ArrayDeque<>();

	// guarded by lock
	private @Nullable TcpException closed;

	// guarded by lock: a reader was told of the close
	private boolean closeReported;

	/**
	 * Keep a frame, dropping the oldest if full.
	 * @param frame the frame
	 */
	void offer(byte[] frame) {
		this.lock.lock();
		try {
			if (this.frames.size() == CAPACITY) {
				this.frames.pollFirst();
				logger.debug("A TCP client dropped the oldest of " + CAPACITY + " frames that nobody read");
			}
			this.frames.addLast(frame);
			this.arrived.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Take the oldest frame, waiting at most {@code timeoutNanos} for one.
	 * @param timeoutNanos how long to wait, 0 for no limit
	 * @return the frame, or {@code null} if none arrived in time
	 * @throws TcpException the error the connection closed with, once no frame is left
	 * @throws InterruptedException if interrupted while waiting
	 */
	byte @Nullable [] take(long timeoutNanos) throws InterruptedException {
		long remaining = timeoutNanos;
		this.lock.lock();
		try {
			while (this.frames.isEmpty()) {
				TcpException error = this.closed;
				if (error != null) {
					this.closeReported = true;
					throw error;
				}
				if (timeoutNanos == 0) {
					this.arrived.await();
				}
				else {
					if (remaining <= 0) {
						return null;
					}
					remaining = this.arrived.awaitNanos(remaining);
				}
			}
			return this.frames.pollFirst();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return whether the connection has closed, every frame was taken and a reader was
	 * told of the close: nothing is left to read here.
	 */
	boolean isDrained() {
		this.lock.lock();
		try {
			return this.closed != null && this.frames.isEmpty() && this.closeReported;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wake the readers: once the frames left are taken, reads fail with {@code error}.
	 * @param error the error of the connection's end
	 */
	void close(TcpException error) {
		this.lock.lock();
		try {
			if (this.closed == null) {
				this.closed = error;
			}
			this.arrived.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
