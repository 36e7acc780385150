package dev.tcpstarter.push.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.GenericMessage;

/**
 * Turns what the channel's subscription receives (the message bytes as published, the
 * channel reading them with a {@code byte[]} serializer) into a message, with nothing
 * else: the envelope carries all a push needs, and Redis pub/sub carries no headers.
 * Outbound, the channel publishes the {@code byte[]} payload itself, without conversion.
 */
final class EnvelopeMessageConverter implements MessageConverter {

	@Override
	public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass) {
		return message.getPayload();
	}

	@Override
	public Message<?> toMessage(Object payload, @Nullable MessageHeaders headers) {
		return new GenericMessage<>(payload);
	}

}
