package dev.tcpstarter.push.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Publishes without waiting for Redis's answer, on the native connection of the
 * application's {@link LettuceConnectionFactory}: Lettuce's asynchronous {@code PUBLISH},
 * which writes each command as it comes (auto-flush) and matches the answers in order, so
 * publishes from any number of threads are pipelined on one connection, in the order they
 * were handed to Lettuce.
 * <p>
 * The connection is the one the factory hands out: its shared native connection (Boot's
 * default, {@code shareNativeConnection}), or else one dedicated connection held for as
 * long as the channel runs. It is taken when the channel starts and again after a
 * failure, but only by a call that may wait for it ({@code connect}: the heartbeat); a
 * push never connects, it fails at once when there is no connection yet. While
 * disconnected, Lettuce rejects a command at once ({@code REJECT_COMMANDS}, set by the
 * push auto-configuration) and fails those in flight.
 * <p>
 * Every accepted publish is answered, fails with the connection, or times out: by
 * Lettuce's command timeout for {@code PUBLISH} ({@code tcp.push.send-timeout}, set by
 * the push auto-configuration), or by a timer of its own when the client's options time
 * out no command (an application that replaced Lettuce's options).
 */
final class LettucePublisher implements RedisPublisher {

	private static final Log logger = LogFactory.getLog(LettucePublisher.class);

	private final LettuceConnectionFactory connectionFactory;

	private final byte[] topic;

	// > 0 when Lettuce does not time out commands and this class must
	private final long ownTimeoutMillis;

	private final Object lock = new Object();

	// written under lock, read by any publishing thread
	private volatile @Nullable Connection connection;

	// set when a publish that may connect failed, or one was refused at once: the next
	// call that may connect takes the connection again
	private volatile boolean failed;

	// guarded by lock: closed until open(), and again after close()
	private boolean closed = true;

	private final BiConsumer<@Nullable Long, @Nullable Throwable> answered = this::answered;

	LettucePublisher(LettuceConnectionFactory connectionFactory, byte[] topic, long sendTimeoutMillis) {
		this.connectionFactory = connectionFactory;
		this.topic = topic;
		boolean lettuceTimesOut = connectionFactory.getClientConfiguration()
			.getClientOptions()
			.map(ClientOptions::getTimeoutOptions)
			.map((options) -> options.isTimeoutCommands())
			.orElse(false);
		this.ownTimeoutMillis = lettuceTimesOut ? 0 : sendTimeoutMillis;
	}

	@Override
	public void open() {
		synchronized (this.lock) {
			this.closed = false;
		}
		try {
			connect();
		}
		catch (RuntimeException ex) {
			// Redis is down: the heartbeat connects when it is back
			if (logger.isDebugEnabled()) {
				logger.debug("No Redis connection to publish pushes on yet: " + ex);
			}
		}
	}

	@Override
	public CompletableFuture<?> publish(byte[] message, boolean connect) {
		Connection connection = connect ? connect() : this.connection;
		if (connection == null) {
			throw new RedisConnectionFailureException(
					"No connection to Redis yet; the push heartbeat connects and reopens publishing");
		}
		CompletableFuture<Long> answer;
		try {
			answer = connection.commands().publish(this.topic, message).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			this.failed = true;
			throw translate(ex);
		}
		if (answer.isCompletedExceptionally()) {
			// rejected at once: not connected (REJECT_COMMANDS) or closed
			this.failed = true;
			throw translate(cause(answer));
		}
		if (this.ownTimeoutMillis > 0) {
			answer.orTimeout(this.ownTimeoutMillis, TimeUnit.MILLISECONDS);
		}
		// a push that fails later closes publishing until a heartbeat, whose own failure
		// (connect) makes the next one take the connection again: no callback per push
		return connect ? answer.whenComplete(this.answered) : answer;
	}

	private void answered(@Nullable Long count, @Nullable Throwable error) {
		if (error != null) {
			this.failed = true;
		}
	}

	/**
	 * Return the connection to publish on, taking it (again) from the factory when there
	 * is none or a publish failed since it was taken. May wait for Redis.
	 */
	private Connection connect() {
		Connection current = this.connection;
		if (current != null && !this.failed) {
			return current;
		}
		synchronized (this.lock) {
			if (this.closed) {
				throw new IllegalStateException("The push channel is stopped");
			}
			current = this.connection;
			if (current != null && !this.failed) {
				return current;
			}
			this.connection = null;
			if (current != null) {
				// the factory's shared connection stays open; a dedicated one is released
				current.close();
			}
			this.failed = false;
			RedisConnection redis = this.connectionFactory.getConnection();
			try {
				@SuppressWarnings("unchecked")
				RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) redis
					.getNativeConnection();
				current = new Connection(redis, commands);
			}
			catch (RuntimeException ex) {
				redis.close();
				throw translate(ex);
			}
			this.connection = current;
			return current;
		}
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			this.closed = true;
			Connection current = this.connection;
			this.connection = null;
			if (current != null) {
				current.close();
			}
		}
	}

	private RuntimeException translate(Throwable ex) {
		if (ex instanceof RuntimeException runtime) {
			DataAccessException translated = this.connectionFactory.translateExceptionIfPossible(runtime);
			return (translated != null) ? translated : runtime;
		}
		return new IllegalStateException(ex);
	}

	private static Throwable cause(CompletableFuture<?> failed) {
		try {
			failed.join();
			return new IllegalStateException("not failed");
		}
		catch (CompletionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/**
	 * A connection taken from the factory and its native commands.
	 */
	private record Connection(RedisConnection redis, RedisClusterAsyncCommands<byte[], byte[]> commands) {

		void close() {
			try {
				this.redis.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close a Redis connection of the push channel", ex);
			}
		}

	}

}
