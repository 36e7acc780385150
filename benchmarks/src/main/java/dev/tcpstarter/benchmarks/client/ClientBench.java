package dev.tcpstarter.benchmarks.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.HdrHistogram.Histogram;

import dev.tcpstarter.client.TcpClient;

/**
 * Client benchmark against a real redis-server: GETs of one key through the starter's
 * {@link TcpClient} or through Lettuce (the baseline), one connection each.
 * <ul>
 * <li>{@code pipelined}: {@code requestAsync} (Lettuce: async commands) with at most
 * {@code depth} requests in flight;</li>
 * <li>{@code sync}: one blocking request at a time ({@code request}; Lettuce: sync
 * commands).</li>
 * </ul>
 * Usage: {@code client-bench <starter|lettuce> <pipelined|sync> <port> <requests> [depth]
 * [warmup]}. Prints {@code RESULT req/s,-,p50us,p99us,cpu_us_per_req} (latencies of the
 * sync mode only; CPU of this JVM over the measured requests).
 */
public final class ClientBench {

	private static final String KEY = "bench:key";

	private static final String VALUE = "v".repeat(64);

	private ClientBench() {
	}

	public static void main(String[] args) throws Exception {
		String client = args[0];
		boolean pipelined = args[1].equals("pipelined");
		int port = Integer.parseInt(args[2]);
		int requests = Integer.parseInt(args[3]);
		int depth = (args.length > 4) ? Integer.parseInt(args[4]) : 64;
		int warmup = (args.length > 5) ? Integer.parseInt(args[5]) : requests / 5;
		Target target = client.equals("lettuce") ? new LettuceTarget(port) : new StarterTarget(port);
		String result;
		try (target) {
			target.set();
			run(target, pipelined, warmup, depth, new Histogram(1));
			Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
			long cpuBefore = cpuNanos();
			long start = System.nanoTime();
			run(target, pipelined, requests, depth, latencies);
			long elapsed = System.nanoTime() - start;
			long cpu = cpuNanos() - cpuBefore;
			double rps = requests / (elapsed / 1e9);
			result = String.format("%.0f,-,%s,%s,%.2f", rps,
					pipelined ? "-" : String.valueOf(latencies.getValueAtPercentile(50) / 1000),
					pipelined ? "-" : String.valueOf(latencies.getValueAtPercentile(99) / 1000),
					cpu / 1000.0 / requests);
		}
		// one marked line: the clients log to standard output too
		System.out.println("RESULT " + result);
	}

	private static void run(Target target, boolean pipelined, int requests, int depth, Histogram latencies)
			throws InterruptedException {
		if (!pipelined) {
			for (int i = 0; i < requests; i++) {
				long start = System.nanoTime();
				target.getSync();
				latencies.recordValue(Math.min(System.nanoTime() - start, latencies.getHighestTrackableValue()));
			}
			return;
		}
		Semaphore inFlight = new Semaphore(depth);
		for (int i = 0; i < requests; i++) {
			inFlight.acquire();
			target.getAsync().whenComplete((value, error) -> {
				if (error != null) {
					error.printStackTrace();
				}
				inFlight.release();
			});
		}
		inFlight.acquire(depth);
	}

	private static long cpuNanos() {
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		return (os != null) ? os.getProcessCpuTime() : threads.getCurrentThreadCpuTime();
	}

	private interface Target extends AutoCloseable {

		void set();

		Object getSync();

		CompletionStage<?> getAsync();

		@Override
		void close();

	}

	/**
	 * The starter's client: RESP commands encoded once, answers in order.
	 */
	private static final class StarterTarget implements Target {

		private static final byte[] GET = command("GET", KEY);

		private final TcpClient client;

		StarterTarget(int port) {
			this.client = TcpClient.builder()
				.name("bench")
				.host("127.0.0.1")
				.port(port)
				.codec(new RespReplyCodec())
				.readTimeout(Duration.ofSeconds(10))
				.build();
		}

		@Override
		public void set() {
			this.client.request(command("SET", KEY, VALUE));
		}

		@Override
		public Object getSync() {
			return this.client.request(GET);
		}

		@Override
		public CompletableFuture<byte[]> getAsync() {
			return this.client.requestAsync(GET);
		}

		@Override
		public void close() {
			this.client.close();
		}

		static byte[] command(String... words) {
			StringBuilder resp = new StringBuilder("*").append(words.length).append("\r\n");
			for (String word : words) {
				resp.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
			}
			return resp.toString().getBytes(StandardCharsets.US_ASCII);
		}

	}

	/**
	 * Lettuce with its defaults (auto-flush: every command is written at once).
	 */
	private static final class LettuceTarget implements Target {

		private final RedisClient client;

		private final StatefulRedisConnection<String, String> connection;

		LettuceTarget(int port) {
			this.client = RedisClient.create(RedisURI.create("127.0.0.1", port));
			this.connection = this.client.connect();
		}

		@Override
		public void set() {
			this.connection.sync().set(KEY, VALUE);
		}

		@Override
		public Object getSync() {
			return this.connection.sync().get(KEY);
		}

		@Override
		public CompletionStage<String> getAsync() {
			return this.connection.async().get(KEY);
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

}
