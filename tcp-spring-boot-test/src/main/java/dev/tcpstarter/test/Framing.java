package dev.tcpstarter.test;

import java.net.ProtocolException;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a byte stream is split into frames, mirroring the {@code framing} options of a TCP
 * listener: {@link #RAW raw}, {@link #LF lf}, {@link #CRLF crlf}, {@link #STX_ETX
 * stx-etx} and {@link #lengthPrefix(int) length-prefix}.
 *
 * @since 0.1.0
 */
public final class Framing {

	/**
	 * No framing: a frame is whatever one read delivers, and frames are written as they
	 * are.
	 */
	public static final Framing RAW = new Framing(Kind.RAW, 0);

	/**
	 * Frames terminated by a line feed ({@code \n}).
	 */
	public static final Framing LF = new Framing(Kind.LF, 0);

	/**
	 * Frames terminated by a carriage return and a line feed ({@code \r\n}).
	 */
	public static final Framing CRLF = new Framing(Kind.CRLF, 0);

	/**
	 * Frames that start with STX ({@code 0x02}) and end with ETX ({@code 0x03}).
	 */
	public static final Framing STX_ETX = new Framing(Kind.STX_ETX, 0);

	private static final byte STX = 0x02;

	private static final byte ETX = 0x03;

	private final Kind kind;

	private final int prefixSize;

	private Framing(Kind kind, int prefixSize) {
		this.kind = kind;
		this.prefixSize = prefixSize;
	}

	/**
	 * Frames preceded by their length as an unsigned big-endian integer.
	 * @param size the size of the length header in bytes: 1, 2 or 4
	 * @return the framing
	 */
	public static Framing lengthPrefix(int size) {
		if (size != 1 && size != 2 && size != 4) {
			throw new IllegalArgumentException("Length prefix size must be 1, 2 or 4, not " + size);
		}
		return new Framing(Kind.LENGTH_PREFIX, size);
	}

	/**
	 * Encode one frame: add the delimiters or length header of this framing to the
	 * payload.
	 * @param payload the frame payload
	 * @return the bytes to write
	 * @throws IllegalArgumentException if the payload is too long for the length header
	 */
	public byte[] encode(byte[] payload) {
		return switch (this.kind) {
			case RAW -> payload.clone();
			case LF -> concat(new byte[0], payload, new byte[] { '\n' });
			case CRLF -> concat(new byte[0], payload, new byte[] { '\r', '\n' });
			case STX_ETX -> concat(new byte[] { STX }, payload, new byte[] { ETX });
			case LENGTH_PREFIX -> concat(lengthHeader(payload.length), payload, new byte[0]);
		};
	}

	/**
	 * Return the length of the first complete encoded frame in the given buffer.
	 * @param buffer the received bytes
	 * @param size the number of valid bytes in the buffer
	 * @return the length of the encoded frame, or -1 if the buffer holds no complete
	 * frame yet
	 * @throws ProtocolException if the bytes cannot start a frame of this framing
	 */
	int frameLength(byte[] buffer, int size) throws ProtocolException {
		return switch (this.kind) {
			case RAW -> (size > 0) ? size : -1;
			case LF -> endAfter(buffer, 0, size, (byte) '\n');
			case CRLF -> crlfFrameLength(buffer, size);
			case STX_ETX -> stxEtxFrameLength(buffer, size);
			case LENGTH_PREFIX -> lengthPrefixFrameLength(buffer, size);
		};
	}

	/**
	 * Return the payload of a complete encoded frame.
	 * @param frame an encoded frame, as delimited by {@link #frameLength(byte[], int)}
	 * @return the payload
	 */
	byte[] payload(byte[] frame) {
		return switch (this.kind) {
			case RAW -> frame;
			case LF -> Arrays.copyOf(frame, frame.length - 1);
			case CRLF -> Arrays.copyOf(frame, frame.length - 2);
			case STX_ETX -> Arrays.copyOfRange(frame, 1, frame.length - 1);
			case LENGTH_PREFIX -> Arrays.copyOfRange(frame, this.prefixSize, frame.length);
		};
	}

	private byte[] lengthHeader(int length) {
		long max = (1L << (8 * this.prefixSize)) - 1;
		if (length > max) {
			throw new IllegalArgumentException(
					"Payload of " + length + " bytes does not fit a " + this.prefixSize + "-byte length prefix");
		}
		byte[] header = new byte[this.prefixSize];
		for (int i = 0; i < this.prefixSize; i++) {
			header[i] = (byte) (length >>> (8 * (this.prefixSize - 1 - i)));
		}
		return header;
	}

	private int crlfFrameLength(byte[] buffer, int size) {
		for (int i = 1; i < size; i++) {
			if (buffer[i - 1] == '\r' && buffer[i] == '\n') {
				return i + 1;
			}
		}
		return -1;
	}

	private int stxEtxFrameLength(byte[] buffer, int size) throws ProtocolException {
		if (size > 0 && buffer[0] != STX) {
			throw new ProtocolException(
					String.format("Expected STX (0x02) at the start of a frame but got 0x%02x", buffer[0]));
		}
		return endAfter(buffer, 1, size, ETX);
	}

	private int lengthPrefixFrameLength(byte[] buffer, int size) throws ProtocolException {
		if (size < this.prefixSize) {
			return -1;
		}
		long length = 0;
		for (int i = 0; i < this.prefixSize; i++) {
			length = (length << 8) | (buffer[i] & 0xff);
		}
		if (length > Integer.MAX_VALUE - this.prefixSize - 8) {
			throw new ProtocolException("Length prefix announces a frame of " + length + " bytes");
		}
		int frameLength = this.prefixSize + (int) length;
		return (size >= frameLength) ? frameLength : -1;
	}

	private static int endAfter(byte[] buffer, int from, int size, byte delimiter) {
		for (int i = from; i < size; i++) {
			if (buffer[i] == delimiter) {
				return i + 1;
			}
		}
		return -1;
	}

	private static byte[] concat(byte[] head, byte[] body, byte[] tail) {
		byte[] result = new byte[head.length + body.length + tail.length];
		System.arraycopy(head, 0, result, 0, head.length);
		System.arraycopy(body, 0, result, head.length, body.length);
		System.arraycopy(tail, 0, result, head.length + body.length, tail.length);
		return result;
	}

	/**
	 * Whether the given object is the same framing.
	 * @param obj the object to compare with
	 * @return {@code true} for the same framing and length prefix size
	 */
	@Override
	public boolean equals(@Nullable Object obj) {
		return (obj instanceof Framing other) && this.kind == other.kind && this.prefixSize == other.prefixSize;
	}

	/**
	 * Hash code consistent with {@link #equals(Object)}.
	 * @return the hash code
	 */
	@Override
	public int hashCode() {
		return Objects.hash(this.kind, this.prefixSize);
	}

	/**
	 * Return the name of this framing as used in the listener configuration.
	 * @return for example {@code "stx-etx"} or {@code "length-prefix(2)"}
	 */
	@Override
	public String toString() {
		return (this.kind == Kind.LENGTH_PREFIX) ? this.kind.configName + "(" + this.prefixSize + ")"
				: this.kind.configName;
	}

	private enum Kind {

		RAW("raw"), LF("lf"), CRLF("crlf"), STX_ETX("stx-etx"), LENGTH_PREFIX("length-prefix");

		private final String configName;

		Kind(String configName) {
			this.configName = configName;
		}

	}

}
