package dev.tcpstarter.push.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.integration.redis.channel.SubscribableRedisChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.util.ClassUtils;

import dev.tcpstarter.push.PipelinedPushChannel;
import dev.tcpstarter.push.TcpPush;

/**
 * The push channel over Redis pub/sub: Spring Integration's
 * {@link SubscribableRedisChannel}, which subscribes, with a publishing side of its own.
 * <ul>
 * <li><b>Publishing</b> ({@link #publish}, what {@link TcpPush} uses for pushes): a
 * {@code PUBLISH} of the envelope's bytes, not waiting for Redis's answer, on the native
 * connection of the application's Lettuce connection factory, so that pushes from any
 * number of threads are pipelined on one connection, in order (see
 * {@link LettucePublisher}); {@link TcpPush} bounds how many are unanswered.
 * {@link #send(Message, long)} publishes the same way and waits for the answer (the
 * heartbeat; Spring Integration flows that send on the channel); the stock channel's
 * synchronous {@code StringRedisTemplate.convertAndSend} is not used. With a factory that
 * is not Lettuce's (Jedis), each publish is a blocking {@code PUBLISH}.</li>
 * <li><b>Subscribing</b>: the stock channel's own listener container, reading the message
 * bytes as they are (a {@code byte[]} serializer instead of the default UTF-8 strings),
 * delivered in the order received: on one thread of the channel's own, or, when asked for
 * and the client is Lettuce, on the thread that read the message (Lettuce's event loop),
 * which saves each instance a thread handoff per push. The stock default runs each
 * message on a new thread.</li>
 * <li>A Redis that is unreachable at startup does not fail the application: the
 * subscription is retried in the background (1 s, doubling up to 10 s) until it works.
 * Once subscribed, Lettuce reconnects and re-subscribes by itself after an outage.</li>
 * </ul>
 */
public class RedisPushChannel extends SubscribableRedisChannel implements PipelinedPushChannel {

	private static final Log logger = LogFactory.getLog(RedisPushChannel.class);

	private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	private static final Duration MAX_RETRY = Duration.ofSeconds(10);

	// null when messages are delivered on the thread that read them
	private final @Nullable ExecutorService deliveryExecutor;

	private final String topic;

	private final RedisPublisher publisher;

	private final long sendTimeoutMillis;

	// guarded by this
	private boolean running;

	// guarded by this: retries of a subscription that failed; null while none are due
	private @Nullable ScheduledExecutorService retries;

	/**
	 * Create a channel on a Redis pub/sub channel that delivers messages on a thread of
	 * its own.
	 * @param connectionFactory the application's Redis connection factory
	 * @param topic the Redis channel
	 * @param sendTimeout how long {@link #send(Message)} waits for Redis's answer; also
	 * how long a pipelined publish may stay unanswered when Lettuce's own options time
	 * out no command
	 */
	public RedisPushChannel(RedisConnectionFactory connectionFactory, String topic, Duration sendTimeout) {
		this(connectionFactory, topic, sendTimeout, false);
	}

	/**
	 * Create a channel on a Redis pub/sub channel.
	 * @param connectionFactory the application's Redis connection factory
	 * @param topic the Redis channel
	 * @param sendTimeout how long {@link #send(Message)} waits for Redis's answer; also
	 * how long a pipelined publish may stay unanswered when Lettuce's own options time
	 * out no command
	 * @param deliverOnReadingThread whether to deliver each message on the thread that
	 * read it, Lettuce's event loop, rather than on a thread of the channel's own. Right
	 * when handing a frame to a connection is cheap, as with connections on virtual
	 * threads (measured with the push benchmark, see docs/push.md); with a thread per
	 * connection, the handoff may start a thread, which should not hold up Lettuce's
	 * event loop. On the event loop, a push to a group holds that thread for its whole
	 * fan-out. Ignored with a client other than Lettuce (Jedis reads on a blocking
	 * subscription thread).
	 */
	public RedisPushChannel(RedisConnectionFactory connectionFactory, String topic, Duration sendTimeout,
			boolean deliverOnReadingThread) {
		super(connectionFactory, topic);
		this.topic = topic;
		this.sendTimeoutMillis = sendTimeout.toMillis();
		byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
		boolean lettuce = isLettuce(connectionFactory);
		this.publisher = lettuce ? LettucePublishers.create(connectionFactory, topicBytes, this.sendTimeoutMillis)
				: new BlockingPublisher(connectionFactory, topicBytes);
		this.deliveryExecutor = (lettuce && deliverOnReadingThread) ? null
				: Executors.newSingleThreadExecutor(daemon("tcp-push-redis"));
		setSerializer(RedisSerializer.byteArray());
		setMessageConverter(new EnvelopeMessageConverter());
		setTaskExecutor((this.deliveryExecutor != null) ? this.deliveryExecutor : Runnable::run);
	}

	private static boolean isLettuce(RedisConnectionFactory connectionFactory) {
		return ClassUtils.isPresent("io.lettuce.core.RedisClient", RedisPushChannel.class.getClassLoader())
				&& LettucePublishers.isLettuce(connectionFactory);
	}

	/**
	 * Publish an envelope without waiting for Redis's answer (see the class description).
	 * Never waits for a connection: fails at once when there is none, or when Lettuce
	 * rejects the command because it is disconnected.
	 * @param envelope the message
	 * @return completed when Redis answered, or exceptionally when the publish failed
	 * after it was accepted
	 */
	@Override
	public CompletableFuture<?> publish(byte[] envelope) {
		return this.publisher.publish(envelope, false);
	}

	/**
	 * Publish the message's payload ({@code byte[]}, or a {@code String} as UTF-8) and
	 * wait for Redis's answer, at most the send timeout (or {@code timeout} when given);
	 * (re)connects first if no connection is ready or the last publish failed.
	 */
	@Override
	protected boolean doSend(Message<?> message, long timeout) {
		Object payload = message.getPayload();
		byte[] bytes;
		if (payload instanceof byte[] envelope) {
			bytes = envelope;
		}
		else if (payload instanceof String text) {
			bytes = text.getBytes(StandardCharsets.UTF_8);
		}
		else {
			throw new IllegalArgumentException(
					"The push channel publishes byte[] or String payloads, not " + payload.getClass().getName());
		}
		long wait = (timeout < 0) ? this.sendTimeoutMillis : timeout;
		CompletableFuture<?> answer = this.publisher.publish(bytes, true);
		try {
			answer.get(Math.max(wait, 1), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			throw new MessageDeliveryException(message, "PUBLISH on Redis channel '" + this.topic + "' failed",
					(ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MessageDeliveryException(message, "Interrupted while waiting for Redis", ex);
		}
	}

	/**
	 * Subscribe: at once if Redis answers, otherwise in the background until it does.
	 */
	@Override
	public synchronized void start() {
		if (!this.running) {
			this.running = true;
			this.publisher.open();
			subscribe(FIRST_RETRY);
		}
	}

	private synchronized void subscribe(Duration nextDelay) {
		if (!this.running) {
			return;
		}
		try {
			super.start();
			if (this.retries != null) {
				logger.info("Push channel subscribed to Redis channel '" + this.topic + "'");
				this.retries.shutdown();
				this.retries = null;
			}
		}
		catch (RuntimeException ex) {
			// the container counts itself started after a failed start: stop() arms the
			// next start()
			super.stop();
			logger.warn("Push channel could not subscribe to Redis channel '" + this.topic + "' (" + ex
					+ "); retrying in " + nextDelay.toMillis() + " ms");
			if (this.retries == null) {
				this.retries = Executors.newSingleThreadScheduledExecutor(daemon("tcp-push-redis-subscribe"));
			}
			Duration after = nextDelay.multipliedBy(2);
			this.retries.schedule(() -> subscribe((after.compareTo(MAX_RETRY) > 0) ? MAX_RETRY : after),
					nextDelay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.publisher.close();
		if (this.retries != null) {
			this.retries.shutdownNow();
			this.retries = null;
		}
		super.stop();
	}

	@Override
	public void stop(Runnable callback) {
		stop();
		callback.run();
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

	/**
	 * Start just before {@link TcpPush}, and stop just after it.
	 */
	@Override
	public int getPhase() {
		return TcpPush.PHASE - 1;
	}

	@Override
	public void destroy() {
		super.destroy();
		if (this.deliveryExecutor != null) {
			this.deliveryExecutor.shutdownNow();
		}
	}

	private static ThreadFactory daemon(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
