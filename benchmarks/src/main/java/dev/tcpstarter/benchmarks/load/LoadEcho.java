package dev.tcpstarter.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import dev.tcpstarter.benchmarks.echo.EchoFraming;

/**
 * Load client for the length-prefix echo servers:
 * {@code load-echo <host> <port> <connections> <inFlight> <payloadSize> <totalRequests> [threads] [warmupRequests]}.
 * <p>
 * Opens the connections first (not timed), then keeps exactly {@code inFlight} frames
 * outstanding on each connection until the connection's share of {@code totalRequests}
 * has been echoed; free window slots are refilled together in one write. Non-blocking
 * NIO, one selector per thread (default 1 thread, like redis-benchmark). A warm-up phase
 * on separate connections ({@code warmupRequests}, default a tenth of the total, 0 to
 * skip) runs first and is not measured. Latency is measured per frame from the start of
 * its write to the last byte of its echo, so it includes the queueing behind the other
 * in-flight frames. Echoes are checked for length and content. Prints one CSV line to
 * stdout: {@code reqs_per_s,mb_per_s,p50_us,p99_us} (MB/s = echoed payload bytes per
 * second / 10^6); details on stderr. Exits 2 when no progress is made for 10 s.
 */
public final class LoadEcho {

	private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private LoadEcho() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 6) {
			System.err.println("usage: load-echo <host> <port> <connections> <inFlight> <payloadSize> <totalRequests>"
					+ " [threads (default 1)] [warmupRequests (default totalRequests/10)]");
			System.exit(1);
		}
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		int connections = Integer.parseInt(args[2]);
		int inFlight = Integer.parseInt(args[3]);
		int payloadSize = Integer.parseInt(args[4]);
		long total = Long.parseLong(args[5]);
		int threads = Math.min(connections, args.length > 6 ? Integer.parseInt(args[6]) : 1);
		long warmup = args.length > 7 ? Long.parseLong(args[7]) : total / 10;
		if (connections < 1 || inFlight < 1 || payloadSize < 0 || payloadSize > EchoFraming.MAX_FRAME_SIZE
				|| total < connections || threads < 1) {
			throw new IllegalArgumentException("need connections >= 1, inFlight >= 1, 0 <= payloadSize <= "
					+ EchoFraming.MAX_FRAME_SIZE + ", totalRequests >= connections, threads >= 1");
		}
		byte[] frame = new byte[EchoFraming.HEADER_SIZE + payloadSize];
		ByteBuffer.wrap(frame).putInt(payloadSize);
		for (int i = EchoFraming.HEADER_SIZE; i < frame.length; i++) {
			frame[i] = (byte) ('a' + i % 26);
		}
		InetSocketAddress address = new InetSocketAddress(host, port);
		if (warmup >= connections) {
			// warms up this JVM (and the server); its
			// connections are closed before the measured phase
			runPhase(address, connections, threads, inFlight, frame, warmup);
		}
		Result result = runPhase(address, connections, threads, inFlight, frame, total);

		double seconds = result.nanos / 1e9;
		double rps = result.completed / seconds;
		double mbps = rps * payloadSize / 1e6;
		Histogram latencies = result.latencies;
		double p50 = latencies.getValueAtPercentile(50) / 1e3;
		double p99 = latencies.getValueAtPercentile(99) / 1e3;
		System.err.printf(Locale.ROOT,
				"load-echo %s:%d connections=%d inFlight=%d payload=%dB requests=%d (after %d warm-up) in %.3fs: "
						+ "%.0f req/s, %.2f MB/s, p50 %.1f us, p99 %.1f us, max %.1f us%n",
				host, port, connections, inFlight, payloadSize, result.completed, warmup, seconds, rps, mbps, p50, p99,
				latencies.getMaxValue() / 1e3);
		System.out.printf(Locale.ROOT, "%.1f,%.2f,%.1f,%.1f%n", rps, mbps, p50, p99);
	}

	private record Result(long completed, long nanos, Histogram latencies) {
	}

	private static Result runPhase(InetSocketAddress address, int connections, int threads, int inFlight, byte[] frame,
			long total) throws Exception {
		List<Worker> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(new Worker(frame, inFlight));
		}
		for (int c = 0; c < connections; c++) {
			long quota = total / connections + (c < total % connections ? 1 : 0);
			workers.get(c % threads).connect(address, quota);
		}
		CyclicBarrier start = new CyclicBarrier(threads + 1);
		List<Thread> running = new ArrayList<>();
		for (Worker worker : workers) {
			Thread thread = new Thread(() -> worker.run(start), "load-echo-" + running.size());
			thread.start();
			running.add(thread);
		}
		start.await();
		long t0 = System.nanoTime();
		for (Thread thread : running) {
			thread.join();
		}
		long elapsed = System.nanoTime() - t0;
		Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
		long done = 0;
		for (Worker worker : workers) {
			if (worker.failure != null) {
				System.err.println("load-echo failed: " + worker.failure);
				System.exit(2);
			}
			latencies.add(worker.latencies);
			done += worker.completed;
		}
		return new Result(done, elapsed, latencies);
	}

	/** One selector thread driving a share of the connections. */
	private static final class Worker {

		private final byte[] frame;

		private final int window;

		private final Selector selector;

		private final List<Connection> connections = new ArrayList<>();

		final Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);

		long completed;

		volatile String failure;

		Worker(byte[] frame, int window) throws IOException {
			this.frame = frame;
			this.window = window;
			this.selector = Selector.open();
		}

		void connect(InetSocketAddress address, long quota) throws IOException {
			SocketChannel channel = SocketChannel.open(address);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.configureBlocking(false);
			Connection connection = new Connection(channel, this.frame, this.window, quota);
			connection.key = channel.register(this.selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE, connection);
			this.connections.add(connection);
		}

		void run(CyclicBarrier start) {
			int open = this.connections.size();
			try {
				start.await();
				long lastProgress = System.nanoTime();
				while (open > 0) {
					this.selector.select(1000);
					long now = System.nanoTime();
					var selected = this.selector.selectedKeys();
					for (SelectionKey key : selected) {
						Connection c = (Connection) key.attachment();
						int before = c.received;
						if (key.isReadable()) {
							c.read(this.latencies);
						}
						if (key.isValid() && c.toSend > 0) {
							c.write();
						}
						if (c.received != before) {
							lastProgress = now;
							this.completed += c.received - before;
						}
						if (c.done()) {
							key.cancel();
							c.channel.close();
							open--;
						}
					}
					selected.clear();
					if (now - lastProgress > STALL_NANOS) {
						throw new IOException("no echo received for 10 s (" + open + " connections unfinished)");
					}
				}
			}
			catch (Exception ex) {
				this.failure = ex.toString();
			}
			finally {
				for (Connection c : this.connections) {
					try {
						c.channel.close();
					}
					catch (IOException ignored) {
					}
				}
			}
		}

	}

	/**
	 * Per-connection state: frames still to send, the in-flight window and the echo
	 * parser.
	 */
	private static final class Connection {

		final SocketChannel channel;

		final ByteBuffer out;

		final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

		final byte[] expected;

		final long[] sentAt;

		SelectionKey key;

		long toSend;

		long toReceive;

		int outstanding;

		int head;

		int tail;

		int received;

		// parser of the current echo frame: position inside header + payload
		int frameOffset;

		Connection(SocketChannel channel, byte[] frame, int window, long quota) {
			this.channel = channel;
			this.out = ByteBuffer.allocateDirect(frame.length * window);
			for (int i = 0; i < window; i++) {
				this.out.put(frame);
			}
			this.out.flip().limit(0);
			this.expected = frame;
			this.sentAt = new long[window];
			this.toSend = quota;
			this.toReceive = quota;
		}

		boolean done() {
			return this.toReceive == 0;
		}

		void write() throws IOException {
			while (true) {
				if (!this.out.hasRemaining()) {
					// refill the window: every free slot
					// at once, one write for all of them
					int frames = (int) Math.min(this.sentAt.length - this.outstanding, this.toSend);
					if (frames == 0) {
						this.key.interestOps(SelectionKey.OP_READ);
						return;
					}
					this.out.clear().limit(frames * this.expected.length);
					long now = System.nanoTime();
					for (int i = 0; i < frames; i++) {
						this.sentAt[this.tail] = now;
						this.tail = (this.tail + 1) % this.sentAt.length;
					}
					this.outstanding += frames;
					this.toSend -= frames;
				}
				this.channel.write(this.out);
				if (this.out.hasRemaining()) {
					this.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
					return;
				}
			}
		}

		void read(Histogram latencies) throws IOException {
			int n = this.channel.read(this.in);
			if (n < 0) {
				throw new IOException("server closed the connection");
			}
			this.in.flip();
			byte[] expected = this.expected;
			while (this.in.hasRemaining()) {
				int offset = this.frameOffset;
				int chunk = Math.min(this.in.remaining(), expected.length - offset);
				if (offset < EchoFraming.HEADER_SIZE || chunk <= 64) {
					for (int i = 0; i < chunk; i++) {
						if (this.in.get() != expected[offset + i]) {
							throw new IOException("echo differs from the request at frame offset " + (offset + i));
						}
					}
				}
				else {
					// check the first and last byte of large chunks, skip the rest
					if (this.in.get(this.in.position()) != expected[offset]
							|| this.in.get(this.in.position() + chunk - 1) != expected[offset + chunk - 1]) {
						throw new IOException("echo differs from the request near frame offset " + offset);
					}
					this.in.position(this.in.position() + chunk);
				}
				this.frameOffset = offset + chunk;
				if (this.frameOffset == expected.length) {
					this.frameOffset = 0;
					if (this.outstanding == 0) {
						throw new IOException("more echoes than requests");
					}
					latencies.recordValue(System.nanoTime() - this.sentAt[this.head]);
					this.head = (this.head + 1) % this.sentAt.length;
					this.outstanding--;
					this.toReceive--;
					this.received++;
				}
			}
			this.in.clear();
		}

	}

}
