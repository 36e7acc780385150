package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Framings that end each frame with a delimiter: {@code lf} ({@code \n}), {@code crlf}
 * ({@code \r\n}; a lone {@code \n} is data) and {@code stx-etx} ({@code 0x02} payload
 * {@code 0x03}). Delimiters are removed from incoming frames and added to outgoing ones.
 * <p>
 * From a {@link FrameInputStream} the decoder scans the buffered bytes and copies each
 * frame once; from any other stream it reads byte by byte.
 */
final class DelimitedFraming extends AbstractByteArraySerializer {

	private static final byte STX = 0x02;

	private static final byte ETX = 0x03;

	private static final byte CR = '\r';

	private static final byte LF = '\n';

	private static final byte[] EMPTY = {};

	private final String name;

	private final boolean startByte;

	private final byte end;

	private final boolean crBeforeEnd;

	private DelimitedFraming(String name, boolean startByte, byte end, boolean crBeforeEnd) {
		this.name = name;
		this.startByte = startByte;
		this.end = end;
		this.crBeforeEnd = crBeforeEnd;
	}

	/**
	 * Create the {@code lf} framing.
	 * @return a new codec
	 */
	public static DelimitedFraming lf() {
		return new DelimitedFraming("LF", false, LF, false);
	}

	/**
	 * Create the {@code crlf} framing.
	 * @return a new codec
	 */
	public static DelimitedFraming crlf() {
		return new DelimitedFraming("CRLF", false, LF, true);
	}

	/**
	 * Create the {@code stx-etx} framing.
	 * @return a new codec
	 */
	public static DelimitedFraming stxEtx() {
		return new DelimitedFraming("ETX", true, ETX, false);
	}

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		if (this.startByte) {
			int first = inputStream.read();
			if (first < 0) {
				throw new SoftEndOfStreamException("Stream closed between frames");
			}
			if (first != STX) {
				throw new FramingException(
						String.format("Expected STX (0x02) at the start of a frame, found 0x%02x", first));
			}
		}
		if (inputStream instanceof FrameInputStream frameInput) {
			return decodeBuffered(frameInput);
		}
		return decodeStream(inputStream);
	}

	private byte[] decodeBuffered(FrameInputStream in) throws IOException {
		int max = getMaxMessageSize();
		byte[] pending = EMPTY;
		int pendingLength = 0;
		while (true) {
			if (in.available() == 0 && !in.fill()) {
				return endOfStream(pendingLength);
			}
			int index = in.indexOf(this.end);
			if (index < 0) {
				int buffered = in.available();
				checkPending(pendingLength + buffered, max);
				pending = Frames.grow(pending, pendingLength + buffered, max);
				in.take(pending, pendingLength, buffered);
				pendingLength += buffered;
				continue;
			}
			int frameLength = pendingLength + index;
			int delimiterLength = 1;
			if (this.crBeforeEnd) {
				if (index > 0 ? peekBefore(in, index) : (pendingLength > 0 && pending[pendingLength - 1] == CR)) {
					frameLength--;
					if (index > 0) {
						delimiterLength = 2;
					}
					else {
						pendingLength--;
					}
				}
				else {
					// a lone LF is data under CRLF framing
					checkPending(pendingLength + index + 1, max);
					pending = Frames.grow(pending, pendingLength + index + 1, max);
					in.take(pending, pendingLength, index + 1);
					pendingLength += index + 1;
					continue;
				}
			}
			if (frameLength > max) {
				throw FramingException.tooLarge(frameLength, max);
			}
			byte[] frame = (pendingLength == 0) ? new byte[frameLength] : Arrays.copyOf(pending, frameLength);
			int fromBuffer = frameLength - pendingLength;
			in.take(frame, pendingLength, fromBuffer);
			in.skipBuffered(delimiterLength);
			return frame;
		}
	}

	private static boolean peekBefore(FrameInputStream in, int index) {
		return in.byteAt(index - 1) == CR;
	}

	private byte[] decodeStream(InputStream in) throws IOException {
		int max = getMaxMessageSize();
		byte[] pending = new byte[64];
		int length = 0;
		int value;
		while ((value = in.read()) >= 0) {
			if (value == (this.end & 0xff)) {
				if (!this.crBeforeEnd) {
					return Arrays.copyOf(pending, length);
				}
				if (length > 0 && pending[length - 1] == CR) {
					return Arrays.copyOf(pending, length - 1);
				}
			}
			checkPending(length + 1, max);
			pending = Frames.grow(pending, length + 1, max);
			pending[length++] = (byte) value;
		}
		return endOfStream(length);
	}

	private void checkPending(int length, int max) throws FramingException {
		// under CRLF one more byte may be the CR of the delimiter
		if (length > max + (this.crBeforeEnd ? 1 : 0)) {
			throw FramingException.tooLargeBeforeDelimiter(this.name, max);
		}
	}

	private byte[] endOfStream(int received) throws FramingException {
		if (received == 0 && !this.startByte) {
			throw new SoftEndOfStreamException("Stream closed between frames");
		}
		throw FramingException.truncated(received);
	}

	@Override
	public void serialize(byte[] frame, OutputStream outputStream) throws IOException {
		if (this.startByte) {
			outputStream.write(STX);
		}
		outputStream.write(frame);
		if (this.crBeforeEnd) {
			outputStream.write(CR);
		}
		outputStream.write(this.end);
	}

	@Override
	public String toString() {
		return "DelimitedFraming[" + this.name + "]";
	}

}
