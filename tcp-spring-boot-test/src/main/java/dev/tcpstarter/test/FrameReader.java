package dev.tcpstarter.test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reads frames from a blocking stream. Bytes of an incomplete frame stay buffered when a
 * read times out, so a later read continues where the previous one stopped.
 */
final class FrameReader {

	private static final int CHUNK_SIZE = 8192;

	private final InputStream input;

	private byte[] buffer = new byte[CHUNK_SIZE];

	private int size;

	FrameReader(InputStream input) {
		this.input = input;
	}

	/**
	 * Read the next frame.
	 * @param framing the framing to decode
	 * @return the frame payload, or {@code null} if the stream ended first
	 * @throws IOException on read errors, timeouts and malformed frames
	 */
	byte @Nullable [] readFrame(Framing framing) throws IOException {
		int length = framing.frameLength(this.buffer, this.size);
		while (length < 0) {
			if (!fill()) {
				return null;
			}
			length = framing.frameLength(this.buffer, this.size);
		}
		return framing.payload(take(length));
	}

	/**
	 * Read exactly the given number of bytes, ignoring framing.
	 * @param count the number of bytes
	 * @return the bytes, or {@code null} if the stream ended first
	 * @throws IOException on read errors and timeouts
	 */
	byte @Nullable [] readExactly(int count) throws IOException {
		while (this.size < count) {
			if (!fill()) {
				return null;
			}
		}
		return take(count);
	}

	/**
	 * Read once from the stream into the buffer.
	 * @return {@code false} if the stream ended
	 * @throws IOException on read errors and timeouts
	 */
	boolean fill() throws IOException {
		if (this.size == this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
		}
		int read = this.input.read(this.buffer, this.size, this.buffer.length - this.size);
		if (read < 0) {
			return false;
		}
		this.size += read;
		return true;
	}

	/**
	 * Return a copy of the bytes received but not yet consumed.
	 * @return the buffered bytes
	 */
	byte[] buffered() {
		return Arrays.copyOf(this.buffer, this.size);
	}

	private byte[] take(int count) {
		byte[] taken = Arrays.copyOf(this.buffer, count);
		System.arraycopy(this.buffer, count, this.buffer, 0, this.size - count);
		this.size -= count;
		return taken;
	}

}
