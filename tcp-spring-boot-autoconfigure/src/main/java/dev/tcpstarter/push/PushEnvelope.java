package dev.tcpstarter.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One push as it travels on the channel, and its binary form: the channel's payload is
 * always the encoded {@code byte[]}, so every transport (the in-memory one too) runs the
 * same decoding and delivery code.
 * <p>
 * Layout, big-endian: {@code 'T'}, version {@code 1}, kind (low bits; {@code 0x80} marks
 * a text frame, sent as UTF-8), origin instance (8 bytes), publish time in microseconds
 * since the epoch (8), the origin's {@link System#nanoTime()} at publish (8), target
 * length (2, unsigned) and target in UTF-8, frame length (4) and frame. 33 bytes plus the
 * target and the frame.
 *
 * @param kind what the target names: {@link #GROUP}, {@link #CONNECTION},
 * {@link #LISTENER} or {@link #HEARTBEAT}
 * @param text whether the frame is text in UTF-8, to be re-encoded with each listener's
 * charset
 * @param origin the publishing instance
 * @param publishedMicros the publisher's wall clock at publish, in microseconds since the
 * epoch
 * @param publishedNanos the publisher's monotonic clock at publish
 * @param target the group name, connection id or listener name
 * @param frame the frame
 */
record PushEnvelope(byte kind, boolean text, long origin, long publishedMicros, long publishedNanos, String target,
		byte[] frame) {

	static final byte GROUP = 1;

	static final byte CONNECTION = 2;

	static final byte LISTENER = 3;

	static final byte HEARTBEAT = 4;

	static final int HEADER_SIZE = 33;

	static final int MAX_TARGET_SIZE = 0xFFFF;

	private static final byte MAGIC = 'T';

	private static final byte VERSION = 1;

	private static final int TEXT = 0x80;

	/**
	 * Encode a push; the frame is copied, so the caller may reuse its array.
	 */
	static byte[] encode(byte kind, boolean text, long origin, long publishedMicros, long publishedNanos, byte[] target,
			byte[] frame) {
		ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE + target.length + frame.length);
		buffer.put(MAGIC)
			.put(VERSION)
			.put((byte) (kind | (text ? TEXT : 0)))
			.putLong(origin)
			.putLong(publishedMicros)
			.putLong(publishedNanos)
			.putShort((short) target.length)
			.put(target)
			.putInt(frame.length)
			.put(frame);
		return buffer.array();
	}

	/**
	 * Decode a message from the channel.
	 * @param message the encoded envelope
	 * @param maxFrameSize the largest frame accepted
	 * @return the envelope
	 * @throws Malformed if the message is not an envelope of this version, or too large
	 */
	static PushEnvelope decode(byte[] message, int maxFrameSize) throws Malformed {
		if (message.length > HEADER_SIZE + MAX_TARGET_SIZE + maxFrameSize) {
			throw new Malformed(true, message.length + " bytes, more than tcp.push.max-frame-size allows");
		}
		if (message.length < HEADER_SIZE || message[0] != MAGIC || message[1] != VERSION) {
			throw new Malformed(false, "not a push envelope of version " + VERSION);
		}
		ByteBuffer buffer = ByteBuffer.wrap(message, 2, message.length - 2);
		int flags = buffer.get() & 0xFF;
		byte kind = (byte) (flags & ~TEXT);
		if (kind < GROUP || kind > HEARTBEAT) {
			throw new Malformed(false, "unknown target kind " + kind);
		}
		long origin = buffer.getLong();
		long micros = buffer.getLong();
		long nanos = buffer.getLong();
		int targetLength = buffer.getShort() & 0xFFFF;
		if (targetLength + 4 > buffer.remaining()) {
			throw new Malformed(false, "target length " + targetLength + " beyond the message");
		}
		String target = new String(message, buffer.position(), targetLength, StandardCharsets.UTF_8);
		buffer.position(buffer.position() + targetLength);
		int frameLength = buffer.getInt();
		if (frameLength != buffer.remaining()) {
			throw new Malformed(false,
					"frame length " + frameLength + " does not match the " + buffer.remaining() + " bytes that follow");
		}
		if (frameLength > maxFrameSize) {
			throw new Malformed(true, "a frame of " + frameLength + " bytes, more than tcp.push.max-frame-size ("
					+ maxFrameSize + " bytes)");
		}
		byte[] frame = new byte[frameLength];
		buffer.get(frame);
		return new PushEnvelope(kind, (flags & TEXT) != 0, origin, micros, nanos, target, frame);
	}

	/**
	 * A message on the channel that is not a push this instance can deliver.
	 */
	static final class Malformed extends Exception {

		private static final long serialVersionUID = 1L;

		private final boolean oversized;

		Malformed(boolean oversized, String message) {
			super(message, null, false, false);
			this.oversized = oversized;
		}

		boolean isOversized() {
			return this.oversized;
		}

	}

}
