package dev.tcpstarter.framing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Stream helpers shared by the codecs.
 */
final class Frames {

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

	static byte[] grow(byte[] bytes, int minCapacity, int maxFrameSize) {
		if (minCapacity <= bytes.length) {
			return bytes;
		}
		int capacity = (int) Math.min(Math.max((long) bytes.length * 2, minCapacity), (long) maxFrameSize + 2);
		return Arrays.copyOf(bytes, Math.max(capacity, minCapacity));
	}

}
