package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A buffered output stream without the locking of {@link java.io.BufferedOutputStream},
 * for a connection that guards its writes with a lock of its own. Its buffer is bounded:
 * it starts at 256 bytes (idle connections stay cheap), grows up to 64 KiB with the
 * frames written, and a write larger than that goes straight to the underlying stream.
 * When a flush writes less than a quarter of a grown buffer, the buffer goes back to its
 * initial size, so a connection that once wrote a large frame does not keep 64 KiB.
 * <p>
 * It counts the bytes that reach the underlying stream, as {@link FrameInputStream}
 * counts those it reads. The count is written by the writing thread only; other threads
 * may read a stale value.
 */
final class FrameOutputStream extends OutputStream {

	private static final int MAX_BUFFER_SIZE = 64 * 1024;

	private static final int INITIAL_BUFFER_SIZE = 256;

	// consecutive flushes that used under a quarter of a grown buffer before it is given
	// back: one small flush between large ones must not make it shrink and grow again
	static final int SHRINK_AFTER = 2;

	private final OutputStream out;

	private byte[] buffer;

	private int count;

	// consecutive flushes that used under a quarter of a grown buffer
	private int underused;

	private long bytesWritten;

	/**
	 * Create a stream over {@code out}. Its buffer starts small and grows with the frames
	 * written, up to 64 KiB.
	 * @param out the underlying stream, typically a socket's
	 */
	public FrameOutputStream(OutputStream out) {
		this.out = out;
		this.buffer = new byte[INITIAL_BUFFER_SIZE];
	}

	/**
	 * Return whether bytes are buffered and not yet flushed.
	 * @return {@code true} if a flush would write something
	 */
	public boolean hasBuffered() {
		return this.count > 0;
	}

	/**
	 * Return the number of bytes written to the underlying stream so far; bytes still
	 * buffered are not counted.
	 * @return the byte count
	 */
	public long bytesWritten() {
		return this.bytesWritten;
	}

	/**
	 * Return the number of bytes written to this stream so far, buffered or not.
	 * @return the byte count
	 */
	public long bytesAccepted() {
		return this.bytesWritten + this.count;
	}

	@Override
	public void write(int value) throws IOException {
		if (this.count == this.buffer.length) {
			growOrDrain(1);
		}
		this.buffer[this.count++] = (byte) value;
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		if (length > this.buffer.length - this.count) {
			growOrDrain(length);
			if (length > this.buffer.length - this.count) {
				// larger than the largest buffer: straight through, without a copy
				this.out.write(bytes, offset, length);
				this.bytesWritten += length;
				return;
			}
		}
		System.arraycopy(bytes, offset, this.buffer, this.count, length);
		this.count += length;
	}

	@Override
	public void flush() throws IOException {
		int flushed = this.count;
		drain();
		if (this.buffer.length > INITIAL_BUFFER_SIZE && flushed < this.buffer.length / 4) {
			if (++this.underused >= SHRINK_AFTER) {
				this.buffer = new byte[INITIAL_BUFFER_SIZE];
				this.underused = 0;
			}
		}
		else {
			this.underused = 0;
		}
		this.out.flush();
	}

	/**
	 * Make room for {@code length} more bytes: grow the buffer, so that a frame leaves in
	 * one write with what precedes it (its header), or drain it when it is as large as it
	 * gets.
	 */
	private void growOrDrain(int length) throws IOException {
		int needed = this.count + length;
		if (this.buffer.length < MAX_BUFFER_SIZE && needed <= MAX_BUFFER_SIZE) {
			this.buffer = Arrays.copyOf(this.buffer, Math.min(MAX_BUFFER_SIZE, Integer.highestOneBit(needed - 1) << 1));
		}
		else {
			drain();
		}
	}

	private void drain() throws IOException {
		if (this.count > 0) {
			int length = this.count;
			this.count = 0;
			this.out.write(this.buffer, 0, length);
			this.bytesWritten += length;
		}
	}

	@Override
	public void close() throws IOException {
		try {
			flush();
		}
		finally {
			this.out.close();
		}
	}

}
