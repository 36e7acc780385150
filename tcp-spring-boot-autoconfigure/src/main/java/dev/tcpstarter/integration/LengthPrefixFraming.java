package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * The {@code length-prefix} framing: each frame is preceded by its length as an unsigned
 * big-endian integer of 1, 2 or 4 bytes. A length above {@code max-frame-size} is refused
 * before anything is allocated for the frame, and the frame grows as its bytes arrive: a
 * length prefix alone costs nothing.
 */
final class LengthPrefixFraming extends AbstractByteArraySerializer {

	private final int prefixSize;

	/**
	 * Create a codec with the given prefix size.
	 * @param prefixSize 1, 2 or 4
	 */
	public LengthPrefixFraming(int prefixSize) {
		Framings.checkLengthPrefixSize(prefixSize);
		this.prefixSize = prefixSize;
	}

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		int first = inputStream.read();
		if (first < 0) {
			throw new SoftEndOfStreamException("Stream closed between frames");
		}
		long length = first;
		for (int i = 1; i < this.prefixSize; i++) {
			int next = inputStream.read();
			if (next < 0) {
				throw FramingException.truncated(i);
			}
			length = (length << 8) | next;
		}
		int max = getMaxMessageSize();
		if (length > max) {
			throw FramingException.tooLarge(length, max);
		}
		return Frames.readAnnounced(inputStream, (int) length, this.prefixSize);
	}

	@Override
	public void serialize(byte[] frame, OutputStream outputStream) throws IOException {
		int length = frame.length;
		if (this.prefixSize < 4 && length >= (1 << (8 * this.prefixSize))) {
			throw new FramingException(
					"Frame of " + length + " bytes does not fit a " + this.prefixSize + "-byte length prefix");
		}
		for (int shift = 8 * (this.prefixSize - 1); shift >= 0; shift -= 8) {
			outputStream.write(length >>> shift);
		}
		outputStream.write(frame);
	}

}
