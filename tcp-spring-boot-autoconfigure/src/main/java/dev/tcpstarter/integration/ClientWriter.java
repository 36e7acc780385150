package dev.tcpstarter.integration;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpTimeoutException;

/**
 * The writing side of one {@link ClientChannel}'s socket: one write at a time, each
 * encoded into the connection's buffer and then written, with the bytes counted; and a
 * close of the socket that never waits for a blocked write. What a failed write means for
 * the channel is the channel's to decide: the failures are thrown as they are.
 * <p>
 * <b>Locks.</b> {@code writeLock} serializes the writes, and so guards the connection's
 * encode buffer and output stream: {@link #encode(byte[])} and {@link #writeEncoded()}
 * are called between {@link #lock()} and {@link #unlock()}. A writer waits for it at most
 * the write timeout.
 */
final class ClientWriter {

	private final ClientConnection connection;

	private final ClientSettings settings;

	private final ClientStatistics statistics;

	private final ReentrantLock writeLock = new ReentrantLock();

	ClientWriter(ClientConnection connection, ClientSettings settings, ClientStatistics statistics) {
		this.connection = connection;
		this.settings = settings;
		this.statistics = statistics;
	}

	/**
	 * Take the write lock, waiting at most the write timeout for another write.
	 * @throws TcpTimeoutException if another write held it that long
	 * @throws TcpConnectionException if interrupted
	 */
	void lock() {
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

	void unlock() {
		this.writeLock.unlock();
	}

	/**
	 * Encode a frame into the connection's buffer, writing nothing yet; under the write
	 * lock.
	 * @param frame the frame payload
	 * @throws IOException if the codec refused the frame (a {@link RuntimeException} too)
	 */
	void encode(byte[] frame) throws IOException {
		this.connection.encode(frame);
	}

	/**
	 * Write the frame encoded last and count the bytes sent, and the frame if all of it
	 * was; under the write lock.
	 * @throws IOException if the write failed (a {@link RuntimeException} too)
	 */
	void writeEncoded() throws IOException {
		long sentBefore = this.connection.bytesSent();
		try {
			this.connection.writeEncoded();
			this.statistics.sent(this.connection.bytesSent() - sentBefore, 1);
		}
		catch (IOException | RuntimeException ex) {
			this.statistics.sent(this.connection.bytesSent() - sentBefore, 0);
			throw ex;
		}
	}

	/**
	 * Close the socket without waiting for a blocked write: a TLS close sends
	 * close_notify under the write lock of the TLS socket, so unless no write is in
	 * progress here the plain socket under it is closed first, which ends the write.
	 */
	void closeSocket() {
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

}
