package dev.tcpstarter.benchmarks.push;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load generator of the push benchmark:
 * {@code push-load <devicePortA> <devicePortB> <controlPortA> <devices> <test> [args]},
 * all on 127.0.0.1. Devices log in as {@code d<i>}, alternately on instance A and B, and
 * read frames {@code <sequence> <nanoTime>}; the pushes originate in instance A (its
 * control listener). Tests:
 * <ul>
 * <li>{@code targeted <count> <perSecond>}: targeted pushes round robin over the devices
 * (0: unpaced); prints {@code pushes/s}, lost, p50/p99 from {@code sendToGroup} to the
 * read;</li>
 * <li>{@code broadcast <count> <intervalMillis>}: pushes to the group of every device;
 * prints the median and p99 of the time until the last device read each one;</li>
 * <li>{@code direct <count>}: {@code targeted} to one device against {@code writeBytes}
 * to it (run with one device on the local transport).</li>
 * </ul>
 * The last line is tab-separated: {@code RESULT test value unit ...}.
 */
public final class PushLoad {

	private final List<Device> devices = new ArrayList<>();

	private final LongAdder received = new LongAdder();

	private final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);

	private final AtomicLong lastRead = new AtomicLong();

	// broadcast: sequence -> latest read of it, and reads of it
	private final long[] broadcastLast = new long[100_000];

	private final long[] broadcastSent = new long[100_000];

	private final int[] broadcastReads = new int[100_000];

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
		for (int i = 0; i < count; i++) {
			Device device = new Device(i, (i % 2 == 0) ? portA : portB, test.equals("broadcast"));
			this.devices.add(device);
		}
		for (Device device : this.devices) {
			Thread thread = new Thread(device, "device-" + device.index);
			thread.setDaemon(true);
			thread.start();
		}
		try (Socket socket = new Socket("127.0.0.1", control)) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			OutputStream out = socket.getOutputStream();
			switch (test) {
				case "targeted" -> targeted(in, out, Integer.parseInt(args[5]), Integer.parseInt(args[6]), count);
				case "broadcast" -> broadcast(in, out, Integer.parseInt(args[5]), Integer.parseInt(args[6]), count);
				case "direct" -> direct(in, out, Integer.parseInt(args[5]));
				default -> throw new IllegalArgumentException(test);
			}
		}
	}

	private void targeted(BufferedReader in, OutputStream out, int pushes, int perSecond, int deviceCount)
			throws Exception {
		long started = System.nanoTime();
		String done = command(in, out, "targeted " + pushes + " " + deviceCount + " " + perSecond);
		awaitReceived(pushes, 30);
		long elapsed = this.lastRead.get() - started;
		long got = this.received.sum();
		System.out.printf("targeted: %d pushes to %d devices, published in %.1f ms, last read after %.1f ms%n", pushes,
				deviceCount, Long.parseLong(done.split(" ")[1]) / 1e6, elapsed / 1e6);
		System.out.printf("RESULT\ttargeted\t%.0f\tpushes/s\tlost\t%d\tp50\t%.3f\tms\tp99\t%.3f\tms%n",
				got / (elapsed / 1e9), pushes - got, this.latency.getValueAtPercentile(50) / 1e6,
				this.latency.getValueAtPercentile(99) / 1e6);
	}

	private void broadcast(BufferedReader in, OutputStream out, int pushes, int interval, int deviceCount)
			throws Exception {
		command(in, out, "broadcast " + pushes + " " + interval);
		awaitReceived((long) pushes * deviceCount, 60);
		long[] last = new long[pushes];
		for (int i = 0; i < pushes; i++) {
			synchronized (this) {
				last[i] = this.broadcastLast[i] - this.broadcastSent[i];
			}
		}
		Arrays.sort(last);
		System.out.printf("RESULT\tbroadcast\t%d\tdevices\tlast-delivery-median\t%.1f\tms\tmax\t%.1f\tms\tlost\t%d%n",
				deviceCount, last[pushes / 2] / 1e6, last[pushes - 1] / 1e6,
				(long) pushes * deviceCount - this.received.sum());
	}

	private void direct(BufferedReader in, OutputStream out, int pushes) throws Exception {
		// warm both paths, then measure each on the same connection
		command(in, out, "direct " + pushes);
		command(in, out, "targeted " + pushes + " 1 0");
		awaitReceived(2L * pushes, 30);
		long direct = Long.parseLong(command(in, out, "direct " + pushes).split(" ")[1]);
		long push = Long.parseLong(command(in, out, "targeted " + pushes + " 1 0").split(" ")[1]);
		awaitReceived(4L * pushes, 30);
		System.out.printf("RESULT\tdirect\t%.0f\tns/writeBytes\tpush\t%.0f\tns/sendToGroup\tratio\t%.2f%n",
				(double) direct / pushes, (double) push / pushes, (double) push / direct);
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

	private final class Device implements Runnable {

		final int index;

		private final BufferedReader in;

		private final boolean broadcast;

		Device(int index, int port, boolean broadcast) throws IOException {
			this.index = index;
			this.broadcast = broadcast;
			Socket socket = new Socket("127.0.0.1", port);
			socket.setTcpNoDelay(true);
			this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			socket.getOutputStream().write(("login " + index + "\n").getBytes(StandardCharsets.US_ASCII));
			if (!"ok".equals(this.in.readLine())) {
				throw new IllegalStateException("device " + index + " could not log in");
			}
		}

		@Override
		public void run() {
			try {
				String line;
				while ((line = this.in.readLine()) != null) {
					long now = System.nanoTime();
					int space = line.indexOf(' ');
					long sent = Long.parseLong(line.substring(space + 1));
					PushLoad.this.latency.recordValue(Math.max(0, now - sent));
					if (this.broadcast) {
						int sequence = Integer.parseInt(line.substring(0, space));
						synchronized (PushLoad.this) {
							PushLoad.this.broadcastSent[sequence] = sent;
							PushLoad.this.broadcastLast[sequence] = Math.max(PushLoad.this.broadcastLast[sequence],
									now);
							PushLoad.this.broadcastReads[sequence]++;
						}
					}
					PushLoad.this.lastRead.accumulateAndGet(now, Math::max);
					PushLoad.this.received.increment();
				}
			}
			catch (IOException | RuntimeException ex) {
				// the run is over
			}
		}

	}

}
