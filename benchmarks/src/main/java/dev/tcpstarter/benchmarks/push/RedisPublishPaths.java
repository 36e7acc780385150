package dev.tcpstarter.benchmarks.push;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Side benchmark behind the choice of the push's Redis publish path:
 * {@code redis-publish <redisPort> <messages> <threads> <payloadSize> [path...]}, with
 * {@code PUSH_PIDS=redis:<pid>} for redis-server's CPU. One
 * {@link LettuceConnectionFactory} configured as the push auto-configuration leaves it
 * ({@code REJECT_COMMANDS}, a per-command timeout), two raw-RESP subscribers on the topic
 * (as two instances), and {@code threads} threads publishing {@code messages} in all
 * through one of these paths:
 * <ul>
 * <li>{@code template}: {@code StringRedisTemplate.convertAndSend}, what Spring
 * Integration's {@code SubscribableRedisChannel} does (waits for each reply);</li>
 * <li>{@code async}: Lettuce's {@code publish} on the factory's shared native connection,
 * not waiting (auto-flush: one write per command);</li>
 * <li>{@code batched}: the same connection, commands handed to Lettuce in batches
 * ({@code StatefulConnection.dispatch(Collection)}: one write per batch) by whichever
 * publishing thread finds the queue idle;</li>
 * <li>{@code reactive}: {@code ReactiveStringRedisTemplate.convertAndSend}, subscribed
 * and not waited for.</li>
 * </ul>
 * The non-blocking paths keep at most 1 000 publishes unanswered. Prints per path the
 * rate until both subscribers got every message and the CPU time per publish of
 * redis-server and of this JVM ({@code load}: publishers and subscribers). One run per
 * path after a warm-up; compare paths of the same run only.
 */
public final class RedisPublishPaths {

	private static final String TOPIC = "bench.paths";

	private static final int WINDOW = 1000;

	private final int port;

	private final int payloadSize;

	private final ProcessCpu cpu = ProcessCpu.fromEnvironment();

	private final LettuceConnectionFactory factory;

	private RedisPublishPaths(int port, int payloadSize) {
		this.port = port;
		this.payloadSize = payloadSize;
		TimeoutOptions timeouts = TimeoutOptions.builder().timeoutSource(new TimeoutOptions.TimeoutSource() {

			@Override
			public long getTimeout(RedisCommand<?, ?, ?> command) {
				return (command.getType() == CommandType.PUBLISH) ? 2000 : 60_000;
			}

		}).build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.timeoutOptions(timeouts)
				.build())
			.build();
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port), client);
		this.factory.afterPropertiesSet();
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int messages = Integer.parseInt(args[1]);
		int threads = Integer.parseInt(args[2]);
		int size = Integer.parseInt(args[3]);
		List<String> paths = (args.length > 4) ? List.of(args).subList(4, args.length)
				: List.of("template", "async", "batched", "reactive");
		RedisPublishPaths bench = new RedisPublishPaths(port, size);
		try {
			for (String path : paths) {
				bench.run(path, Math.max(1000, messages / 5), threads, false);
				bench.run(path, messages, threads, true);
			}
		}
		finally {
			bench.factory.destroy();
		}
	}

	private void run(String path, int messages, int threads, boolean report) throws Exception {
		Publisher publisher = publisher(path);
		byte[] payload = "x".repeat(this.payloadSize).getBytes(StandardCharsets.ISO_8859_1);
		LongAdder received = new LongAdder();
		List<Socket> subscribers = new ArrayList<>();
		List<Thread> readers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Socket socket = new Socket("127.0.0.1", this.port);
			subscribers.add(socket);
			socket.getOutputStream()
				.write(("*2\r\n$9\r\nSUBSCRIBE\r\n$" + TOPIC.length() + "\r\n" + TOPIC + "\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
			RedisPubSubBaseline.skipReply(in);
			Thread reader = new Thread(() -> {
				try {
					for (int m = 0; m < messages; m++) {
						RedisPubSubBaseline.skipReply(in);
						received.increment();
					}
				}
				catch (IOException ex) {
					// closed at the end of the run
				}
			}, "subscriber-" + i);
			reader.start();
			readers.add(reader);
		}
		CountDownLatch answered = new CountDownLatch(messages);
		LongAdder failed = new LongAdder();
		BiConsumer<Object, Throwable> done = (result, error) -> {
			if (error != null) {
				failed.increment();
			}
			answered.countDown();
		};
		long[] before = this.cpu.snapshot();
		long started = System.nanoTime();
		List<Thread> senders = new ArrayList<>();
		AtomicLong next = new AtomicLong();
		for (int t = 0; t < threads; t++) {
			Thread sender = new Thread(() -> {
				while (next.getAndIncrement() < messages) {
					publisher.publish(payload, done);
				}
			}, "publisher-" + t);
			sender.start();
			senders.add(sender);
		}
		for (Thread sender : senders) {
			sender.join();
		}
		boolean all = answered.await(60, TimeUnit.SECONDS);
		for (Thread reader : readers) {
			reader.join(TimeUnit.SECONDS.toMillis(30));
		}
		long elapsed = System.nanoTime() - started;
		long[] after = this.cpu.snapshot();
		for (Socket socket : subscribers) {
			socket.close();
		}
		publisher.close();
		if (report) {
			System.out.printf("RESULT\tpublish-%s\t%.0f\tmessages/s\tthreads\t%d\tfailed\t%d\treceived\t%d\tof\t%d%s%n",
					path, received.sum() / 2 / (elapsed / 1e9), threads, failed.sum(), received.sum(), 2L * messages,
					all ? "" : "\t(not all answered)");
			this.cpu.print("publish-" + path, "publish", messages, before, after, elapsed);
		}
	}

	private Publisher publisher(String path) {
		byte[] topic = TOPIC.getBytes(StandardCharsets.US_ASCII);
		return switch (path) {
			case "template" -> {
				StringRedisTemplate template = new StringRedisTemplate(this.factory);
				yield (payload, done) -> {
					try {
						template.convertAndSend(TOPIC, new String(payload, StandardCharsets.ISO_8859_1));
						done.accept(null, null);
					}
					catch (RuntimeException ex) {
						done.accept(null, ex);
					}
				};
			}
			case "async" -> new AsyncPublisher(this.factory.getConnection(), topic);
			case "batched" -> new BatchedPublisher(this.factory.getConnection(), topic);
			case "reactive" -> {
				ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(this.factory);
				Semaphore window = new Semaphore(WINDOW);
				yield (payload, done) -> {
					window.acquireUninterruptibly();
					template.convertAndSend(TOPIC, new String(payload, StandardCharsets.ISO_8859_1))
						.subscribe((count) -> {
						}, (error) -> {
							window.release();
							done.accept(null, error);
						}, () -> {
							window.release();
							done.accept(null, null);
						});
				};
			}
			default -> throw new IllegalArgumentException("unknown path " + path);
		};
	}

	private interface Publisher extends AutoCloseable {

		void publish(byte[] payload, BiConsumer<Object, Throwable> done);

		@Override
		default void close() {
		}

	}

	private static final class AsyncPublisher implements Publisher {

		private final RedisConnection connection;

		private final RedisClusterAsyncCommands<byte[], byte[]> commands;

		private final byte[] topic;

		private final Semaphore window = new Semaphore(WINDOW);

		AsyncPublisher(RedisConnection connection, byte[] topic) {
			this.connection = connection;
			@SuppressWarnings("unchecked")
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			this.commands = commands;
			this.topic = topic;
		}

		@Override
		public void publish(byte[] payload, BiConsumer<Object, Throwable> done) {
			this.window.acquireUninterruptibly();
			this.commands.publish(this.topic, payload).whenComplete((count, error) -> {
				this.window.release();
				done.accept(count, error);
			});
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

	private static final class BatchedPublisher implements Publisher {

		private final RedisConnection connection;

		private final StatefulRedisConnection<byte[], byte[]> stateful;

		private final byte[] topic;

		private final Semaphore window = new Semaphore(WINDOW);

		private final ConcurrentLinkedQueue<AsyncCommand<byte[], byte[], Long>> queue = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean draining = new AtomicBoolean();

		@SuppressWarnings("unchecked")
		BatchedPublisher(RedisConnection connection, byte[] topic) {
			this.connection = connection;
			this.stateful = ((RedisAsyncCommands<byte[], byte[]>) connection.getNativeConnection())
				.getStatefulConnection();
			this.topic = topic;
		}

		@Override
		public void publish(byte[] payload, BiConsumer<Object, Throwable> done) {
			this.window.acquireUninterruptibly();
			CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(this.topic)
				.addValue(payload);
			AsyncCommand<byte[], byte[], Long> command = new AsyncCommand<>(
					new Command<>(CommandType.PUBLISH, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args));
			command.whenComplete((count, error) -> {
				this.window.release();
				done.accept(count, error);
			});
			this.queue.add(command);
			while (!this.queue.isEmpty() && this.draining.compareAndSet(false, true)) {
				try {
					List<RedisCommand<byte[], byte[], ?>> batch = new ArrayList<>();
					AsyncCommand<byte[], byte[], Long> next;
					while ((next = this.queue.poll()) != null) {
						batch.add(next);
					}
					if (!batch.isEmpty()) {
						this.stateful.dispatch(batch);
					}
				}
				finally {
					this.draining.set(false);
				}
			}
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

}
