package dev.tcpstarter.push.redis;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.redis.channel.SubscribableRedisChannel;

import dev.tcpstarter.push.TcpPush;

/**
 * The push channel over Redis pub/sub: Spring Integration's
 * {@link SubscribableRedisChannel} with three changes.
 * <ul>
 * <li>The envelope travels as a string of ISO-8859-1 characters (the channel's template
 * only writes strings; a {@code byte[]} payload fails with a
 * {@code ClassCastException}).</li>
 * <li>Messages are delivered on one thread of its own, in the order received (the default
 * runs each message on a new thread).</li>
 * <li>A Redis that is unreachable at startup does not fail the application: the
 * subscription is retried in the background (1 s, doubling up to 10 s) until it works.
 * Once subscribed, Lettuce reconnects and re-subscribes by itself after an outage.</li>
 * </ul>
 */
public class RedisPushChannel extends SubscribableRedisChannel {

	private static final Log logger = LogFactory.getLog(RedisPushChannel.class);

	private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	private static final Duration MAX_RETRY = Duration.ofSeconds(10);

	private final ExecutorService deliveryExecutor = Executors.newSingleThreadExecutor(daemon("tcp-push-redis"));

	private final String topic;

	// guarded by this
	private boolean running;

	// guarded by this: retries of a subscription that failed; null while none are due
	private @Nullable ScheduledExecutorService retries;

	/**
	 * Create a channel on a Redis pub/sub channel.
	 * @param connectionFactory the application's Redis connection factory
	 * @param topic the Redis channel
	 */
	public RedisPushChannel(RedisConnectionFactory connectionFactory, String topic) {
		super(connectionFactory, topic);
		this.topic = topic;
		setMessageConverter(new Latin1MessageConverter());
		setTaskExecutor(this.deliveryExecutor);
	}

	/**
	 * Subscribe: at once if Redis answers, otherwise in the background until it does.
	 */
	@Override
	public synchronized void start() {
		if (!this.running) {
			this.running = true;
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
		this.deliveryExecutor.shutdownNow();
	}

	private static ThreadFactory daemon(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
