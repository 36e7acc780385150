package dev.tcpstarter.push.redis;

import java.util.concurrent.CompletableFuture;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Publishes with a blocking {@code PUBLISH} on a connection of any
 * {@link RedisConnectionFactory} (Jedis): each call waits for Redis's answer, so one
 * thread publishes at most one push per round trip, as Spring Integration's stock channel
 * does. Used when the factory is not Lettuce's.
 */
final class BlockingPublisher implements RedisPublisher {

	private final RedisConnectionFactory connectionFactory;

	private final byte[] topic;

	BlockingPublisher(RedisConnectionFactory connectionFactory, byte[] topic) {
		this.connectionFactory = connectionFactory;
		this.topic = topic;
	}

	@Override
	public void open() {
	}

	@Override
	public CompletableFuture<?> publish(byte[] message, boolean connect) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return CompletableFuture.completedFuture(connection.publish(this.topic, message));
		}
	}

	@Override
	public void close() {
	}

}
