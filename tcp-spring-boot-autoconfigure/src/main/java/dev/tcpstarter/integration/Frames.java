package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Stream helpers shared by the codecs.
 */
final class Frames {

	// the least an announced frame grows by: a few reads' worth, not its announced size
	private static final int MIN_ALLOCATION = 1024;

	private Frames() {
	}

	static int readFully(InputStream in, byte[] target, int offset, int length) throws IOException {
		if (in instanceof FrameInputStream frameInput) {
			return frameInput.readFully(target, offset, length);
		}
		int done = 0;
		while (done < length) {
			int count = in.read(target, offset + done, length - done);
			if (count < 0) {
				break;
			}
			done += count;
		}
		return done;
	}

	/**
	 * Read a frame of {@code length} bytes whose size was announced by the peer, with
	 * memory that follows the bytes received: the array starts at what has arrived and
	 * grows (at most doubling) as more arrives, so an announced size alone costs nothing.
	 * A frame that has fully arrived is read straight into an array of its size.
	 * @param in the stream
	 * @param length the announced length
	 * @param alreadyRead bytes of the frame's header read so far, for the message
	 * @return the frame
	 * @throws FramingException if the stream ends inside the frame
	 */
	static byte[] readAnnounced(InputStream in, int length, int alreadyRead) throws IOException {
		byte[] frame = new byte[Math.min(length, Math.max(arrived(in, length), MIN_ALLOCATION))];
		int done = 0;
		while (done < length) {
			if (done == frame.length) {
				int more = Math.max(arrived(in, length - done), MIN_ALLOCATION);
				frame = Arrays.copyOf(frame, (int) Math.min(length, Math.max(2L * done, (long) done + more)));
			}
			int count = in.read(frame, done, frame.length - done);
			if (count < 0) {
				throw FramingException.truncated(alreadyRead + done);
			}
			done += count;
		}
		return frame;
	}

	/**
	 * Return how many bytes have arrived, asking the kernel only when fewer than
	 * {@code needed} are buffered (a system call per frame otherwise).
	 */
	private static int arrived(InputStream in, int needed) throws IOException {
		if (in instanceof FrameInputStream frameInput) {
			int buffered = frameInput.available();
			return (buffered >= needed) ? buffered : frameInput.arrived();
		}
		return in.available();
	}

	static byte[] grow(byte[] bytes, int minCapacity, int maxFrameSize) {
		if (minCapacity <= bytes.length) {
			return bytes;
		}
		int capacity = (int) Math.min(Math.max((long) bytes.length * 2, minCapacity), (long) maxFrameSize + 2);
		return Arrays.copyOf(bytes, Math.max(capacity, minCapacity));
	}

}
