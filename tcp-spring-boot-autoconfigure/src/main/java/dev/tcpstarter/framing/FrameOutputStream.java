package dev.tcpstarter.framing;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered output stream without the locking of {@link java.io.BufferedOutputStream}, for a
 * connection that guards its writes with a lock of its own. Its buffer is bounded: it grows up to
 * 64 KiB for large frames, and a write larger than that goes straight to the underlying stream.
 * <p>
 * It counts the bytes that reach the underlying stream, as {@link FrameInputStream} counts those
 * it reads. The count is written by the writing thread only; other threads may read a stale value.
 *
 * @author tcp-spring-boot-starter
 */
public final class FrameOutputStream extends OutputStream {

	private final OutputStream out;

	private static final int MAX_BUFFER_SIZE = 64 * 1024;

	private byte[] buffer;

	private int count;

	private long bytesWritten;

	/**
	 * Create a stream over {@code out}.
	 * @param out the underlying stream, typically a socket's
	 * @param bufferSize the buffer size in bytes
	 */
	public FrameOutputStream(OutputStream out, int bufferSize) {
		this.out = out;
		this.buffer = new byte[bufferSize];
	}

	/**
	 * Return whether bytes are buffered and not yet flushed.
	 * @return {@code true} if a flush would write something
	 */
	public boolean hasBuffered() {
		return this.count > 0;
	}

	/**
	 * Return the number of bytes written to the underlying stream so far; bytes still buffered
	 * are not counted.
	 * @return the byte count
	 */
	public long bytesWritten() {
		return this.bytesWritten;
	}

	@Override
	public void write(int value) throws IOException {
		if (this.count == this.buffer.length) {
			drain();
		}
		this.buffer[this.count++] = (byte) value;
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		if (length >= this.buffer.length && this.buffer.length < MAX_BUFFER_SIZE
				&& this.count + length <= MAX_BUFFER_SIZE) {
			// a large frame: grow so that it leaves in one write with what precedes it (its header)
			this.buffer = java.util.Arrays.copyOf(this.buffer,
					Math.min(MAX_BUFFER_SIZE, Integer.highestOneBit(this.count + length - 1) << 1));
		}
		if (length >= this.buffer.length) {
			drain();
			this.out.write(bytes, offset, length);
			this.bytesWritten += length;
			return;
		}
		if (length > this.buffer.length - this.count) {
			drain();
		}
		System.arraycopy(bytes, offset, this.buffer, this.count, length);
		this.count += length;
	}

	@Override
	public void flush() throws IOException {
		drain();
		this.out.flush();
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
