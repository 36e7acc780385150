package dev.tcpstarter.benchmarks.resp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * RESP framing for a server: {@link #deserialize} reads one complete client command,
 * either a RESP array of bulk strings ({@code *2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n}) or an
 * inline command ({@code PING\r\n}), and returns its exact bytes; {@link #serialize}
 * writes a reply that is already RESP-encoded, as is.
 * <p>
 * Header bytes are read with {@link InputStream#read()} (the stream should be buffered),
 * bulk bodies with {@link InputStream#readNBytes(byte[], int, int)} straight into the
 * frame buffer; there is no per-byte allocation. Frames larger than
 * {@link #getMaxMessageSize()} are rejected before their bodies are read. Stateless and
 * thread-safe: one instance serves every connection.
 */
public class RespCodec extends AbstractByteArraySerializer {

	/**
	 * Default largest command accepted: 64 KiB (the starter's default
	 * {@code max-frame-size}).
	 */
	public static final int DEFAULT_MAX_COMMAND_SIZE = 64 * 1024;

	private static final int INITIAL_CAPACITY = 64;

	/**
	 * Longest decimal header accepted ({@code *} or {@code $} lengths); plenty for an
	 * int.
	 */
	private static final int MAX_DIGITS = 10;

	public RespCodec() {
		this(DEFAULT_MAX_COMMAND_SIZE);
	}

	public RespCodec(int maxCommandSize) {
		setMaxMessageSize(maxCommandSize);
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		int first = in.read();
		if (first < 0) {
			throw new SoftEndOfStreamException("Stream closed between commands");
		}
		int max = getMaxMessageSize();
		Frame frame = new Frame(Math.min(INITIAL_CAPACITY, Math.max(max, 1)), max);
		frame.put(first);
		if (first == '*') {
			int count = readDecimalLine(in, frame);
			if (count > max / 4) {
				throw new IOException("RESP array of " + count + " elements cannot fit in max message size " + max);
			}
			for (int i = 0; i < count; i++) {
				int type = in.read();
				checkClosure(type);
				if (type != '$') {
					throw new IOException("RESP protocol error: expected '$', got '" + (char) type + "'");
				}
				frame.put(type);
				int length = readDecimalLine(in, frame);
				if (length < 0) {
					throw new IOException("RESP protocol error: invalid bulk length " + length);
				}
				frame.readBody(in, length + 2); // body and its CRLF
				if (frame.bytes[frame.size - 2] != '\r' || frame.bytes[frame.size - 1] != '\n') {
					throw new IOException("RESP protocol error: bulk string not terminated by CRLF");
				}
			}
		}
		else if (first != '\n') {
			// inline command: everything up to and including LF
			int b;
			do {
				b = in.read();
				checkClosure(b);
				frame.put(b);
			}
			while (b != '\n');
		}
		return frame.bytes.length == frame.size ? frame.bytes : Arrays.copyOf(frame.bytes, frame.size);
	}

	/** Reads {@code [-]digits\r\n} into the frame and returns the number. */
	private int readDecimalLine(InputStream in, Frame frame) throws IOException {
		long value = 0;
		boolean negative = false;
		int digits = 0;
		while (true) {
			int b = in.read();
			checkClosure(b);
			frame.put(b);
			if (b == '\r') {
				break;
			}
			if (b == '-' && digits == 0 && !negative) {
				negative = true;
			}
			else if (b >= '0' && b <= '9' && digits < MAX_DIGITS) {
				value = value * 10 + (b - '0');
				digits++;
			}
			else {
				throw new IOException("RESP protocol error: invalid length byte '" + (char) b + "'");
			}
		}
		int lf = in.read();
		checkClosure(lf);
		if (lf != '\n' || digits == 0) {
			throw new IOException("RESP protocol error: malformed length line");
		}
		frame.put(lf);
		value = negative ? -value : value;
		return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
	}

	@Override
	public void serialize(byte[] reply, OutputStream out) throws IOException {
		out.write(reply);
	}

	/** A growable byte buffer bounded by the max message size. */
	private static final class Frame {

		byte[] bytes;

		int size;

		final int max;

		Frame(int capacity, int max) {
			this.bytes = new byte[capacity];
			this.max = max;
		}

		void put(int b) throws IOException {
			if (this.size == this.bytes.length) {
				ensure(this.size + 1);
			}
			this.bytes[this.size++] = (byte) b;
		}

		void readBody(InputStream in, int length) throws IOException {
			ensure(this.size + length);
			int n = in.readNBytes(this.bytes, this.size, length);
			if (n < length) {
				throw new EOFException("Socket closed during message assembly");
			}
			this.size += length;
		}

		private void ensure(long needed) throws IOException {
			if (needed > this.max) {
				throw new IOException("RESP command larger than max message size " + this.max);
			}
			if (needed > this.bytes.length) {
				int capacity = (int) Math.min(this.max, Math.max(needed, 2L * this.bytes.length));
				this.bytes = Arrays.copyOf(this.bytes, capacity);
			}
		}

	}

}
