package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * The {@code raw} framing: a frame is whatever one read delivered, up to
 * {@code max-frame-size} bytes (a larger read is split into several frames, never
 * refused). Outgoing frames are written as they are.
 * <p>
 * Unlike Spring Integration's {@code ByteArrayRawSerializer}, which waits for the peer to
 * close, this returns as soon as bytes arrive: the seed platform's semantics.
 */
class RawFraming extends AbstractByteArraySerializer {

	@Override
	public byte[] deserialize(InputStream inputStream) throws IOException {
		int first = inputStream.read();
		if (first < 0) {
			throw new SoftEndOfStreamException("Stream closed between frames");
		}
		int more = Math.min(inputStream.available(), getMaxMessageSize() - 1);
		byte[] frame = new byte[1 + more];
		frame[0] = (byte) first;
		if (more > 0 && Frames.readFully(inputStream, frame, 1, more) < more) {
			throw FramingException.truncated(1);
		}
		return frame;
	}

	@Override
	public void serialize(byte[] frame, OutputStream outputStream) throws IOException {
		outputStream.write(frame);
	}

}
