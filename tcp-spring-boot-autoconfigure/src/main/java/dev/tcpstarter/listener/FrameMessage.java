package dev.tcpstarter.listener;

import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * The lightest {@link Message} Spring Integration's {@code send} accepts: a frame with shared
 * empty headers, so a write costs no id, timestamp or header map.
 *
 * @param payload the frame
 * @author tcp-spring-boot-starter
 */
record FrameMessage(byte[] payload) implements Message<byte[]> {

	private static final MessageHeaders NO_HEADERS = new MessageHeaders(Map.of(), MessageHeaders.ID_VALUE_NONE,
			-1L) {
	};

	@Override
	public byte[] getPayload() {
		return this.payload;
	}

	@Override
	public MessageHeaders getHeaders() {
		return NO_HEADERS;
	}

}
