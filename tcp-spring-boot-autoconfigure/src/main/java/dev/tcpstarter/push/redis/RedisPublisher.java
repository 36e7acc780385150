package dev.tcpstarter.push.redis;

import java.util.concurrent.CompletableFuture;

/**
 * How {@link RedisPushChannel} publishes: pipelined on Lettuce ({@link LettucePublisher},
 * Boot's default client), or one blocking {@code PUBLISH} at a time on any other client
 * ({@link BlockingPublisher}). Kept apart so that Lettuce's classes are only loaded when
 * the connection factory is Lettuce's.
 */
interface RedisPublisher {

	/**
	 * Make the connection to publish on ready, if Redis answers; called when the channel
	 * starts, on the starting thread.
	 */
	void open();

	/**
	 * Publish a message on the topic.
	 * @param message the message
	 * @param connect whether this call may connect (or reconnect after a failure) and
	 * wait for it; {@code false} for a push, which must not wait for a connection
	 * @return completed when Redis answered, or exceptionally when the publish failed
	 * after it was accepted
	 * @throws RuntimeException if the publish was not accepted
	 */
	CompletableFuture<?> publish(byte[] message, boolean connect);

	/**
	 * Give back the connection; a later {@link #open()} takes one again.
	 */
	void close();

}
