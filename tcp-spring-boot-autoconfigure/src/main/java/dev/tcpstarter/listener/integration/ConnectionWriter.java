package dev.tcpstarter.listener.integration;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.Serializer;
import org.springframework.util.Assert;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.framing.FrameOutputStream;

/**
 * The write side of one connection: encodes frames with the listener's codec into a
 * bounded buffer and writes them to the socket, timing each socket write for the
 * write-timeout watchdog.
 * <p>
 * Frames written on the connection's reader thread are not flushed at once: the reader
 * flushes them just before it blocks for more input ({@link #flushDeferred()}), so a
 * burst of pipelined requests is answered with one write (Netty's flush at read
 * complete). Frames written on any other thread are flushed before the write returns.
 * <p>
 * One lock guards the buffer, the codec and the frame count; the socket write happens
 * under it, so a writer blocked by a peer that does not read holds it until the watchdog
 * closes the socket.
 */
final class ConnectionWriter {

	private final String connectionId;

	private final Duration writeTimeout;

	private final ReentrantLock lock = new ReentrantLock();

	// guarded by lock
	private @Nullable FrameOutputStream output;

	// guarded by lock; set only on the reader thread
	private boolean flushDeferred;

	// guarded by lock; read without it by metrics, which may lag by a frame
	private long framesSent;

	private volatile @Nullable Thread reader;

	private volatile long writeStartedAt;

	private volatile boolean timedOut;

	// a close asked for while a write was in progress, run once that write is done
	private volatile @Nullable Runnable closeAfterWrite;

	ConnectionWriter(String connectionId, Duration writeTimeout) {
		this.connectionId = connectionId;
		this.writeTimeout = writeTimeout;
	}

	/**
	 * Defer the flush of frames written on the calling thread until
	 * {@link #flushDeferred()}: the connection's reader calls this before it reads.
	 */
	void deferFlushOnCurrentThread() {
		this.reader = Thread.currentThread();
	}

	/**
	 * Write to the socket's stream from now on: called once the connection is established
	 * (with TLS, the stream of the TLS socket), before its first frame.
	 * @param socketOutput the socket's output stream
	 */
	void attach(OutputStream socketOutput) {
		this.lock.lock();
		try {
			this.output = new FrameOutputStream(new TimedStream(socketOutput));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Encode and write one frame.
	 * @param frame the frame
	 * @param serializer the connection's codec
	 * @throws TcpConnectionException if the write fails or timed out; the caller closes
	 * the connection
	 */
	void write(byte[] frame, Serializer<byte[]> serializer) {
		this.lock.lock();
		try {
			FrameOutputStream out = this.output;
			Assert.state(out != null, "Connection not established");
			serializer.serialize(frame, out);
			if (Thread.currentThread() == this.reader) {
				this.flushDeferred = true;
			}
			else {
				out.flush();
			}
			this.framesSent++;
		}
		catch (IOException ex) {
			throw failure(ex);
		}
		finally {
			unlock();
		}
	}

	/**
	 * Flush what the reader thread has written, before it blocks for more input.
	 * @throws TcpConnectionException if the flush fails
	 */
	void flushDeferred() {
		if (!this.flushDeferred) {
			return;
		}
		this.lock.lock();
		try {
			this.flushDeferred = false;
			FrameOutputStream out = this.output;
			if (out != null) {
				out.flush();
			}
		}
		catch (IOException ex) {
			throw failure(ex);
		}
		finally {
			unlock();
		}
	}

	/**
	 * Close the connection between two writes, never in the middle of one: at once if no
	 * write is in progress, otherwise as soon as the one in progress is done (a write to
	 * a peer that does not read ends at the write timeout).
	 * @param closer closes the connection
	 */
	void closeBetweenWrites(Runnable closer) {
		this.closeAfterWrite = closer;
		// a writer that finished before the field was set will not see it: run it here
		// then
		if (this.lock.tryLock()) {
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
				Runnable closer = this.closeAfterWrite;
				if (closer != null) {
					this.closeAfterWrite = null;
					closer.run();
				}
			}
			finally {
				this.lock.unlock();
			}
		}
		while (this.closeAfterWrite != null && this.lock.tryLock());
	}

	/**
	 * Flush what is buffered before the connection closes, unless a write is in progress
	 * (it may be blocked by a peer that does not read): the close must not wait for it.
	 */
	void flushBeforeClose() {
		if (!this.lock.tryLock()) {
			return;
		}
		try {
			FrameOutputStream out = this.output;
			if (out != null && out.hasBuffered()) {
				out.flush();
			}
		}
		catch (IOException ex) {
			// the peer is gone; nothing more to deliver
		}
		finally {
			this.lock.unlock();
		}
	}

	private TcpConnectionException failure(IOException ex) {
		if (this.timedOut) {
			return new TcpConnectionException("Write on connection " + this.connectionId + " did not complete within "
					+ this.writeTimeout + " (write-timeout); the peer is not reading", ex);
		}
		return new TcpConnectionException("Write failed on connection " + this.connectionId + ": " + ex.getMessage(),
				ex);
	}

	/**
	 * Return when the socket write in progress started.
	 * @return {@link System#nanoTime()} at its start, or 0 if no write is in progress
	 */
	long writeStartedAt() {
		return this.writeStartedAt;
	}

	/**
	 * Mark that the write in progress took longer than the write timeout; the caller
	 * closes the socket, and the write fails with a message that says why.
	 */
	void timedOut() {
		this.timedOut = true;
	}

	/**
	 * Return whether frames are buffered and not yet written to the socket.
	 */
	boolean hasBuffered() {
		FrameOutputStream out = this.output;
		return out != null && out.hasBuffered();
	}

	long framesSent() {
		return this.framesSent;
	}

	long bytesSent() {
		FrameOutputStream out = this.output;
		return (out != null) ? out.bytesWritten() : 0;
	}

	/**
	 * Marks when a write to the socket starts: only writes that reach the socket can
	 * block, and they are what the write-timeout watches.
	 */
	private final class TimedStream extends FilterOutputStream {

		TimedStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			ConnectionWriter.this.writeStartedAt = System.nanoTime();
			try {
				this.out.write(bytes, offset, length);
			}
			finally {
				ConnectionWriter.this.writeStartedAt = 0;
			}
		}

	}

}
