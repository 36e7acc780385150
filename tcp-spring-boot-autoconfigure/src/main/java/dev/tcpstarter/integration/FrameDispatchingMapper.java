package dev.tcpstarter.integration;

import java.io.UncheckedIOException;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;

/**
 * Hands each decoded frame straight to its connection's session instead of building a
 * {@code Message}: Spring Integration calls the mapper on the thread that read the frame,
 * in stream order, and skips delivery when it returns {@code null}. This removes the
 * message, its random id and its headers from the per-frame path.
 */
final class FrameDispatchingMapper extends TcpMessageMapper {

	private final int maxFrameSize;

	/**
	 * Create the mapper of a listener.
	 * @param maxFrameSize the largest frame accepted: the built-in codecs never decode a
	 * larger one, a codec bean might
	 */
	FrameDispatchingMapper(int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		// Spring Integration hands back the connection its factory created: one of ours
		ServerConnection accepted = (ServerConnection) connection;
		byte[] frame;
		try {
			frame = payload(connection);
		}
		catch (RuntimeException ex) {
			// reported here, before Spring Integration closes the connection
			accepted.decodeFailed(ex);
			throw ex;
		}
		accepted.frameDecoded(frame);
		return null;
	}

	private byte[] payload(TcpConnection connection) {
		Object payload = connection.getPayload();
		if (payload instanceof byte[] frame) {
			if (frame.length > this.maxFrameSize) {
				// a frame error like any other: @OnError, then the connection closes
				throw new UncheckedIOException(FramingException.tooLarge(frame.length, this.maxFrameSize));
			}
			return frame;
		}
		throw new IllegalStateException("Expected a byte[] frame from the codec but got " + payload);
	}

}
