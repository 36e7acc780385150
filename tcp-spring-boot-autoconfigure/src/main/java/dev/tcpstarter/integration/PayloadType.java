package dev.tcpstarter.integration;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

import org.jspecify.annotations.Nullable;

/**
 * The payload parameter types an {@code @OnBytes} method may declare, and how a frame
 * becomes one.
 */
enum PayloadType {

	BYTES(byte[].class) {
		@Override
		Object convert(byte[] frame, Charset charset) {
			return frame;
		}
	},

	BYTE_BUFFER(ByteBuffer.class) {
		@Override
		Object convert(byte[] frame, Charset charset) {
			return ByteBuffer.wrap(frame).asReadOnlyBuffer();
		}
	},

	STRING(String.class) {
		@Override
		Object convert(byte[] frame, Charset charset) {
			return new String(frame, charset);
		}
	};

	private final Class<?> type;

	PayloadType(Class<?> type) {
		this.type = type;
	}

	abstract Object convert(byte[] frame, Charset charset);

	static @Nullable PayloadType of(Class<?> parameterType) {
		for (PayloadType candidate : values()) {
			if (candidate.type == parameterType) {
				return candidate;
			}
		}
		return null;
	}

}
