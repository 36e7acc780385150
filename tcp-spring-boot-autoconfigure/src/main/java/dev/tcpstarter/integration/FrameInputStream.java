package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A buffered input stream for one connection's reader, without the locking of
 * {@link java.io.BufferedInputStream}, that lets the built-in codecs scan its buffer for
 * delimiters instead of reading byte by byte.
 * <p>
 * The buffer starts small and doubles, up to 64 KiB, each time a read fills it, so busy
 * connections need fewer reads; when a read uses less than a quarter of a grown buffer,
 * the next one goes back to the initial size, so a connection that once received a large
 * frame does not keep 64 KiB while it idles.
 * <p>
 * It can also note when the frame being decoded started (its first byte was consumed), so
 * that a connection can bound how long a frame may take to arrive whole (see
 * {@link #frameStartedAt()} and {@link #frameEnded()}).
 * <p>
 * Before each read from the underlying stream that may block, it runs an optional hook: a
 * connection uses it to flush responses it has buffered while the input was being drained
 * (the equivalent of Netty's flush at read-complete). Not thread-safe: one reader thread
 * at a time.
 */
final class FrameInputStream extends InputStream {

	private final InputStream in;

	private static final int MAX_BUFFER_SIZE = 64 * 1024;

	// consecutive reads that used under a quarter of a grown buffer before it is given
	// back: one short read between full ones must not make it shrink and grow again
	static final int SHRINK_AFTER = 2;

	private byte[] buffer;

	private final int initialSize;

	private final @Nullable Runnable beforeRead;

	private final boolean timeFrames;

	// System.nanoTime() when the first byte of the frame being decoded was
	// consumed, 0 between frames; written by the reader, read by a deadline checker
	private volatile long frameStartedAt;

	private int position;

	private int limit;

	// consecutive reads that used under a quarter of a grown buffer
	private int underused;

	private long bytesRead;

	/**
	 * Create a stream over {@code in}.
	 * @param in the underlying stream, typically a socket's
	 * @param bufferSize the buffer size in bytes
	 * @param beforeRead run before each read of the underlying stream, or {@code null}
	 */
	public FrameInputStream(InputStream in, int bufferSize, @Nullable Runnable beforeRead) {
		this(in, bufferSize, beforeRead, false);
	}

	/**
	 * Create a stream over {@code in}.
	 * @param in the underlying stream, typically a socket's
	 * @param bufferSize the initial buffer size in bytes
	 * @param beforeRead run before each read of the underlying stream that may block, or
	 * {@code null}
	 * @param timeFrames whether to note when each frame starts (one clock read per frame)
	 */
	public FrameInputStream(InputStream in, int bufferSize, @Nullable Runnable beforeRead, boolean timeFrames) {
		this.in = in;
		this.initialSize = bufferSize;
		this.buffer = new byte[bufferSize];
		this.beforeRead = beforeRead;
		this.timeFrames = timeFrames;
	}

	/**
	 * Return when the first byte of the frame being decoded was consumed.
	 * @return {@link System#nanoTime()} then, or 0 between frames or when frames are not
	 * timed
	 */
	public long frameStartedAt() {
		return this.frameStartedAt;
	}

	/**
	 * The frame being decoded is complete: the next byte consumed starts the next one.
	 */
	public void frameEnded() {
		if (this.timeFrames) {
			this.frameStartedAt = 0;
		}
	}

	private void consuming() {
		if (this.timeFrames && this.frameStartedAt == 0) {
			this.frameStartedAt = System.nanoTime();
		}
	}

	/**
	 * Return the number of bytes buffered and readable without touching the underlying
	 * stream: the rest of what the last read delivered.
	 */
	@Override
	public int available() {
		return this.limit - this.position;
	}

	@Override
	public int read() throws IOException {
		if (this.position == this.limit && !fill()) {
			return -1;
		}
		consuming();
		return this.buffer[this.position++] & 0xff;
	}

	@Override
	public int read(byte[] target, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, target.length);
		if (length == 0) {
			return 0;
		}
		int buffered = this.limit - this.position;
		if (buffered == 0) {
			if (length >= this.buffer.length) {
				// large reads bypass the buffer, as BufferedInputStream does
				runBeforeRead();
				int count = this.in.read(target, offset, length);
				if (count > 0) {
					consuming();
					this.bytesRead += count;
				}
				return count;
			}
			if (!fill()) {
				return -1;
			}
			buffered = this.limit - this.position;
		}
		int count = Math.min(buffered, length);
		consuming();
		System.arraycopy(this.buffer, this.position, target, offset, count);
		this.position += count;
		return count;
	}

	/**
	 * Read exactly {@code length} bytes into {@code target}.
	 * @param target the destination
	 * @param offset the first index to fill
	 * @param length the number of bytes
	 * @return {@code length}, or the number of bytes read before the stream ended
	 * @throws IOException on an I/O error
	 */
	public int readFully(byte[] target, int offset, int length) throws IOException {
		int done = 0;
		while (done < length) {
			int count = read(target, offset + done, length - done);
			if (count < 0) {
				return done;
			}
			done += count;
		}
		return done;
	}

	/**
	 * Return the index in the buffer of the first occurrence of {@code value} among the
	 * buffered bytes, or {@code -1}. The index is relative to the start of the buffered
	 * bytes.
	 * @param value the byte to look for
	 * @return the offset of the byte from the read position, or -1
	 */
	int indexOf(byte value) {
		byte[] bytes = this.buffer;
		for (int i = this.position, end = this.limit; i < end; i++) {
			if (bytes[i] == value) {
				return i - this.position;
			}
		}
		return -1;
	}

	/**
	 * Return the number of bytes that have arrived and can be read without blocking:
	 * those buffered, plus those the underlying stream reports (for a socket, received by
	 * the kernel; this asks the kernel).
	 * @return the byte count
	 * @throws IOException if the underlying stream fails
	 */
	public int arrived() throws IOException {
		return (this.limit - this.position) + this.in.available();
	}

	/**
	 * Return the number of bytes read from the underlying stream so far.
	 * @return the byte count
	 */
	public long bytesRead() {
		return this.bytesRead;
	}

	/**
	 * Return the buffered byte at {@code offset} from the read position.
	 */
	byte byteAt(int offset) {
		return this.buffer[this.position + offset];
	}

	/**
	 * Copy {@code length} buffered bytes to {@code target} and consume them.
	 */
	void take(byte[] target, int offset, int length) {
		consuming();
		System.arraycopy(this.buffer, this.position, target, offset, length);
		this.position += length;
	}

	/**
	 * Consume {@code length} buffered bytes.
	 */
	void skipBuffered(int length) {
		consuming();
		this.position += length;
	}

	/**
	 * Read more data into the empty buffer, blocking until at least one byte arrives.
	 * @return {@code false} at the end of the stream
	 */
	boolean fill() throws IOException {
		runBeforeRead();
		if (this.limit == this.buffer.length && this.buffer.length < MAX_BUFFER_SIZE) {
			// the last read filled the buffer: the peer sends faster, read more at once
			this.buffer = new byte[this.buffer.length * 2];
			this.underused = 0;
		}
		else if (this.buffer.length > this.initialSize && this.limit < this.buffer.length / 4) {
			// reads use little of a grown buffer: give it back once that has lasted
			if (++this.underused >= SHRINK_AFTER) {
				this.buffer = new byte[this.initialSize];
				this.underused = 0;
			}
		}
		else {
			this.underused = 0;
		}
		int count = this.in.read(this.buffer, 0, this.buffer.length);
		if (count <= 0) {
			this.position = 0;
			this.limit = 0;
			return false;
		}
		this.position = 0;
		this.limit = count;
		this.bytesRead += count;
		return true;
	}

	private void runBeforeRead() {
		if (this.beforeRead != null) {
			this.beforeRead.run();
		}
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

}
