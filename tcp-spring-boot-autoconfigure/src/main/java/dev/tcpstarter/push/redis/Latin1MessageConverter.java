package dev.tcpstarter.push.redis;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.GenericMessage;

/**
 * Carries a {@code byte[]} payload through the Redis channel, whose template only writes
 * strings (in UTF-8): each byte becomes the character of the same value (ISO-8859-1), and
 * back. Lossless, and free for ASCII; a byte of 0x80 and above takes two bytes on the
 * wire. A message someone else published as text comes back as its bytes and fails to
 * decode as an envelope, as it should.
 */
final class Latin1MessageConverter implements MessageConverter {

	@Override
	public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass) {
		Object payload = message.getPayload();
		return (payload instanceof byte[] bytes) ? new String(bytes, StandardCharsets.ISO_8859_1) : payload;
	}

	@Override
	public @Nullable Message<?> toMessage(Object payload, @Nullable MessageHeaders headers) {
		return new GenericMessage<>(
				(payload instanceof String text) ? text.getBytes(StandardCharsets.ISO_8859_1) : payload);
	}

}
