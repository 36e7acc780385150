package dev.tcpstarter.benchmarks.push;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load generator of the push benchmark:
 * {@code push-load <devicePortA> <devicePortB> <controlPortA> <devices> <test> [args]},
 * all on 127.0.0.1. Devices log in as {@code login <i>}, alternately on instance A and B;
 * then a few reader threads (environment {@code PUSH_READERS}, default 2) read every
 * device without blocking (one selector each), so that 10 000 devices do not need 10 000
 * threads, and time each frame {@code <sequence> <nanoTime>} as it is read. The pushes
 * originate in instance A (its control listener). Tests:
 * <ul>
 * <li>{@code targeted <count> <perSecond> <senders>}: targeted pushes round robin over
 * the devices from {@code senders} threads of instance A (perSecond 0: unpaced); prints
 * pushes/s (from the first call to the last read), lost, p50/p99 from {@code sendToGroup}
 * to the read;</li>
 * <li>{@code broadcast <count> <intervalMillis>}: pushes to the group of every device;
 * prints the median and maximum of the time until the last device read each one;</li>
 * <li>{@code direct <count>}: on the local transport with one device, a push to the group
 * of that device against {@code writeBytes} to it: time on the calling thread and CPU of
 * instance A per frame (until the device read them all).</li>
 * </ul>
 * With {@code PUSH_PIDS} ({@code name:pid,...}, e.g. {@code A:12,B:34,redis:56}) each
 * test also prints the CPU time every process used per push (or per frame delivered, for
 * a broadcast) during the measured phase only: from {@code /proc/<pid>/stat}, and this
 * process's own as {@code load} (its busy share of one core shows whether it limited the
 * run). Result lines are tab-separated: {@code RESULT test value unit ...} and
 * {@code CPU test per-unit name us ...}.
 */
public final class PushLoad {

	private static final int MAX_BROADCASTS = 100_000;

	private final List<Device> devices = new ArrayList<>();

	private final List<Reader> readers = new ArrayList<>();

	private final LongAdder received = new LongAdder();

	private final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);

	// broadcast: sequence -> latest read of it, and its publish time
	private final AtomicLongArray broadcastLast = new AtomicLongArray(MAX_BROADCASTS);

	private final AtomicLongArray broadcastSent = new AtomicLongArray(MAX_BROADCASTS);

	private final ProcessCpu cpu = ProcessCpu.fromEnvironment();

	// written before the readers start
	private boolean broadcast;

	private PushLoad() {
	}

	public static void main(String[] args) throws Exception {
		new PushLoad().run(args);
	}

	private void run(String[] args) throws Exception {
		int portA = Integer.parseInt(args[0]);
		int portB = Integer.parseInt(args[1]);
		int control = Integer.parseInt(args[2]);
		int count = Integer.parseInt(args[3]);
		String test = args[4];
		this.broadcast = test.equals("broadcast");
		connect(count, portA, portB);
		try (Socket socket = new Socket("127.0.0.1", control)) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			OutputStream out = socket.getOutputStream();
			switch (test) {
				case "targeted" -> targeted(in, out, count, Integer.parseInt(args[5]), Integer.parseInt(args[6]),
						Integer.parseInt(args[7]));
				case "broadcast" -> broadcast(in, out, count, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
				case "direct" -> direct(in, out, Integer.parseInt(args[5]));
				default -> throw new IllegalArgumentException(test);
			}
		}
		for (Reader reader : this.readers) {
			reader.selector.close();
		}
	}

	/**
	 * Connect and log in every device (a few at a time), then hand them to the readers.
	 */
	private void connect(int count, int portA, int portB) throws Exception {
		ExecutorService connecting = Executors.newFixedThreadPool(8);
		try {
			List<Future<Device>> connected = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				connected.add(connecting.submit(() -> new Device(index, (index % 2 == 0) ? portA : portB)));
			}
			for (Future<Device> device : connected) {
				this.devices.add(device.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			connecting.shutdown();
		}
		int readerCount = Integer.parseInt(System.getenv().getOrDefault("PUSH_READERS", "2"));
		for (int r = 0; r < readerCount; r++) {
			this.readers.add(new Reader(Selector.open()));
		}
		for (Device device : this.devices) {
			Reader reader = this.readers.get(device.index % readerCount);
			device.channel.configureBlocking(false);
			device.channel.register(reader.selector, SelectionKey.OP_READ, device);
		}
		for (int r = 0; r < readerCount; r++) {
			Thread thread = new Thread(this.readers.get(r), "device-reader-" + r);
			thread.setDaemon(true);
			thread.start();
		}
		System.out.printf("%d devices connected and logged in, read by %d threads%n", count, readerCount);
	}

	private void targeted(BufferedReader in, OutputStream out, int deviceCount, int pushes, int perSecond, int senders)
			throws Exception {
		long[] before = this.cpu.snapshot();
		long started = System.nanoTime();
		String[] done = command(in, out, "targeted " + pushes + " " + deviceCount + " " + perSecond + " " + senders)
			.split(" ");
		awaitReceived(pushes, 30);
		long elapsed = lastRead() - started;
		long[] after = this.cpu.snapshot();
		long got = this.received.sum();
		long publishNanos = Long.parseLong(done[1]);
		System.out.printf(
				"targeted: %d pushes to %d devices from %d sender threads, %s; published in %.1f ms (%.0f/s), last read after %.1f ms%n",
				pushes, deviceCount, senders, (perSecond > 0) ? "paced at " + perSecond + "/s" : "unpaced",
				publishNanos / 1e6, pushes / (publishNanos / 1e9), elapsed / 1e6);
		System.out.printf("RESULT\ttargeted\t%.0f\tpushes/s\tlost\t%d\tfailed\t%s\tp50\t%.3f\tms\tp99\t%.3f\tms%n",
				got / (elapsed / 1e9), pushes - got, done[2], this.latency.getValueAtPercentile(50) / 1e6,
				this.latency.getValueAtPercentile(99) / 1e6);
		this.cpu.print("targeted", "push", pushes, before, after, elapsed);
	}

	private void broadcast(BufferedReader in, OutputStream out, int deviceCount, int pushes, int interval)
			throws Exception {
		long[] before = this.cpu.snapshot();
		long started = System.nanoTime();
		String[] done = command(in, out, "broadcast " + pushes + " " + interval).split(" ");
		awaitReceived((long) pushes * deviceCount, 60);
		long[] after = this.cpu.snapshot();
		long elapsed = System.nanoTime() - started;
		long[] last = new long[pushes];
		for (int i = 0; i < pushes; i++) {
			last[i] = this.broadcastLast.get(i) - this.broadcastSent.get(i);
		}
		Arrays.sort(last);
		System.out.printf(
				"RESULT\tbroadcast\t%d\tdevices\tlast-delivery-median\t%.1f\tms\tmax\t%.1f\tms\tlost\t%d\tfailed\t%s%n",
				deviceCount, last[pushes / 2] / 1e6, last[pushes - 1] / 1e6,
				(long) pushes * deviceCount - this.received.sum(), done[2]);
		this.cpu.print("broadcast-" + deviceCount, "frame delivered", (long) pushes * deviceCount, before, after,
				elapsed);
	}

	private void direct(BufferedReader in, OutputStream out, int pushes) throws Exception {
		// warm both paths, then measure each on the same connection, until the device
		// read every frame (writes may be queued and done by another thread)
		command(in, out, "direct " + pushes);
		command(in, out, "targeted " + pushes + " 1 0 1");
		awaitReceived(2L * pushes, 30);
		long[] before = this.cpu.snapshot();
		long direct = Long.parseLong(command(in, out, "direct " + pushes).split(" ")[1]);
		awaitReceived(3L * pushes, 30);
		long[] between = this.cpu.snapshot();
		long push = Long.parseLong(command(in, out, "targeted " + pushes + " 1 0 1").split(" ")[1]);
		awaitReceived(4L * pushes, 30);
		long[] after = this.cpu.snapshot();
		System.out.printf("RESULT\tdirect\t%.0f\tns/writeBytes\tpush\t%.0f\tns/sendToGroup\tratio\t%.2f\tlost\t%d%n",
				(double) direct / pushes, (double) push / pushes, (double) push / direct,
				4L * pushes - this.received.sum());
		double directCpu = this.cpu.micros("A", before, between);
		double pushCpu = this.cpu.micros("A", between, after);
		if (directCpu >= 0 && pushCpu >= 0) {
			System.out.printf(
					"RESULT\tdirect-cpu\t%.2f\tus/writeBytes\tpush\t%.2f\tus/sendToGroup\tratio\t%.2f\t(instance A, until read)%n",
					directCpu / pushes, pushCpu / pushes, pushCpu / directCpu);
		}
	}

	private long lastRead() {
		long last = 0;
		for (Reader reader : this.readers) {
			last = Math.max(last, reader.lastRead);
		}
		return last;
	}

	private static String command(BufferedReader in, OutputStream out, String command) throws IOException {
		out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		String answer = in.readLine();
		if (answer == null || !answer.startsWith("done")) {
			throw new IllegalStateException(command + ": " + answer);
		}
		return answer;
	}

	private void awaitReceived(long expected, int seconds) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (this.received.sum() < expected && System.nanoTime() < end) {
			Thread.sleep(5);
		}
	}

	private void record(int sequence, long sent, long now, boolean broadcast) {
		this.latency.recordValue(Math.max(0, now - sent));
		if (broadcast && sequence < MAX_BROADCASTS) {
			this.broadcastSent.set(sequence, sent);
			this.broadcastLast.accumulateAndGet(sequence, now, Math::max);
		}
	}

	/**
	 * One reader thread: a selector over its share of the devices; reads what is there,
	 * timestamps it once per read, and parses the frames.
	 */
	private final class Reader implements Runnable {

		private final Selector selector;

		private volatile long lastRead;

		Reader(Selector selector) {
			this.selector = selector;
		}

		@Override
		public void run() {
			try {
				while (this.selector.isOpen()) {
					this.selector.select();
					long now = 0;
					for (SelectionKey key : this.selector.selectedKeys()) {
						Device device = (Device) key.attachment();
						int bytes = device.read();
						if (bytes > 0) {
							now = System.nanoTime();
							device.parse(now);
						}
						else if (bytes < 0) {
							key.cancel();
						}
					}
					this.selector.selectedKeys().clear();
					if (now != 0) {
						this.lastRead = now;
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// the run is over
			}
		}

	}

	/**
	 * One device: logs in with a blocking exchange, then is read without blocking.
	 */
	private final class Device {

		final int index;

		final SocketChannel channel;

		private final ByteBuffer buffer = ByteBuffer.allocate(4096);

		Device(int index, int port) throws IOException {
			this.index = index;
			this.channel = SocketChannel.open();
			this.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			this.channel.connect(new InetSocketAddress("127.0.0.1", port));
			this.channel.write(ByteBuffer.wrap(("login " + index + "\n").getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer answer = ByteBuffer.allocate(3);
			while (answer.hasRemaining()) {
				if (this.channel.read(answer) < 0) {
					throw new IOException("device " + index + " closed while logging in");
				}
			}
			if (!"ok\n".equals(new String(answer.array(), StandardCharsets.US_ASCII))) {
				throw new IllegalStateException("device " + index + " could not log in");
			}
		}

		/**
		 * Read what is there; return the bytes read, or -1 at the end.
		 */
		int read() throws IOException {
			return this.channel.read(this.buffer);
		}

		/**
		 * Parse the complete frames in the buffer ({@code <sequence> <nanos>\n}).
		 */
		void parse(long now) {
			this.buffer.flip();
			while (true) {
				int start = this.buffer.position();
				int end = -1;
				for (int i = start; i < this.buffer.limit(); i++) {
					if (this.buffer.get(i) == '\n') {
						end = i;
						break;
					}
				}
				if (end < 0) {
					break;
				}
				long sequence = 0;
				long sent = 0;
				boolean second = false;
				for (int i = start; i < end; i++) {
					byte b = this.buffer.get(i);
					if (b == ' ') {
						second = true;
					}
					else if (second) {
						sent = sent * 10 + (b - '0');
					}
					else {
						sequence = sequence * 10 + (b - '0');
					}
				}
				this.buffer.position(end + 1);
				record((int) sequence, sent, now, PushLoad.this.broadcast);
				PushLoad.this.received.increment();
			}
			this.buffer.compact();
		}

	}

}
