package dev.tcpstarter.push.redis;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Where {@link RedisPushChannel} touches Lettuce's classes, once it knows Lettuce is on
 * the classpath.
 */
final class LettucePublishers {

	private LettucePublishers() {
	}

	static boolean isLettuce(RedisConnectionFactory connectionFactory) {
		return connectionFactory instanceof LettuceConnectionFactory;
	}

	static RedisPublisher create(RedisConnectionFactory connectionFactory, byte[] topic, long sendTimeoutMillis) {
		return new LettucePublisher((LettuceConnectionFactory) connectionFactory, topic, sendTimeoutMillis);
	}

}
