package dev.tcpstarter.benchmarks.netty;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Cuts the inbound bytes into complete RESP commands (arrays of bulk strings, or inline
 * lines) and emits each as a {@code byte[]} with its exact bytes, the same frames
 * {@code RespCodec} produces for Spring Integration.
 */
public final class RespFrameDecoder extends ByteToMessageDecoder {

	private static final long INCOMPLETE = Long.MIN_VALUE;

	private final int maxFrameSize;

	public RespFrameDecoder(int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		int length = frameLength(in, in.readerIndex(), in.writerIndex(), this.maxFrameSize);
		if (length > 0) {
			byte[] frame = new byte[length];
			in.readBytes(frame);
			out.add(frame);
		}
	}

	/**
	 * Length of the complete command starting at {@code start}, or -1 if more bytes are
	 * needed.
	 */
	static int frameLength(ByteBuf buf, int start, int end, int max) {
		if (start >= end) {
			return -1;
		}
		if (buf.getByte(start) != '*') {
			int lf = buf.indexOf(start, Math.min(end, start + max), (byte) '\n');
			if (lf < 0) {
				if (end - start >= max) {
					throw new TooLongFrameException("inline command longer than " + max);
				}
				return -1;
			}
			return lf - start + 1;
		}
		int[] pos = { start + 1 };
		long count = readDecimalLine(buf, pos, end);
		if (count == INCOMPLETE) {
			return -1;
		}
		for (long k = 0; k < count; k++) {
			int i = pos[0];
			if (i >= end) {
				return -1;
			}
			if (buf.getByte(i) != '$') {
				throw new CorruptedFrameException("RESP protocol error: expected '$'");
			}
			pos[0] = i + 1;
			long length = readDecimalLine(buf, pos, end);
			if (length == INCOMPLETE) {
				return -1;
			}
			if (length < 0) {
				throw new CorruptedFrameException("RESP protocol error: invalid bulk length");
			}
			long next = pos[0] + length + 2;
			if (next - start > max) {
				throw new TooLongFrameException("RESP command larger than " + max);
			}
			if (next > end) {
				return -1;
			}
			pos[0] = (int) next;
		}
		if (pos[0] - start > max) {
			throw new TooLongFrameException("RESP command larger than " + max);
		}
		return pos[0] - start;
	}

	/** Parses {@code [-]digits\r\n} at pos[0], or returns {@link #INCOMPLETE}. */
	private static long readDecimalLine(ByteBuf buf, int[] pos, int end) {
		int i = pos[0];
		boolean negative = false;
		long value = 0;
		int digits = 0;
		while (true) {
			if (i >= end) {
				return INCOMPLETE;
			}
			byte b = buf.getByte(i++);
			if (b == '\r') {
				break;
			}
			if (b == '-' && digits == 0 && !negative) {
				negative = true;
			}
			else if (b >= '0' && b <= '9' && digits < 10) {
				value = value * 10 + (b - '0');
				digits++;
			}
			else {
				throw new CorruptedFrameException("RESP protocol error: invalid length");
			}
		}
		if (i >= end) {
			return INCOMPLETE;
		}
		if (buf.getByte(i++) != '\n' || digits == 0) {
			throw new CorruptedFrameException("RESP protocol error: malformed length line");
		}
		pos[0] = i;
		return negative ? -value : value;
	}

}
