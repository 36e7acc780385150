import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices and a command sender for the push scenario, run without a build step:
 * {@code java PushClient.java <lb-host> <lb-port> <http-url-of-instance-a> <devices> <restart-flag-file>}.
 * <p>
 * It opens {@code devices} connections through the balancer, each logging in as {@code login d<i>},
 * and keeps them: a device whose connection ends reconnects (through the balancer) and logs in
 * again. Pushes go to instance A over HTTP ({@code POST /devices/commands}, lines
 * {@code d<i> <push-number>}); each device records which push numbers it read and when. The
 * latency of a push is from the start of the HTTP request that carried it (an upper bound: the
 * request publishes its lines one after another) to the device's read, both on this process's
 * clock.
 * <p>
 * Phases: {@code burst} (one push per device, twice, as fast as the sender goes: delivered, lost,
 * pushes/s), {@code paced} (about 2 000 pushes/s for 5 s: latency p50/p99), {@code rolling}
 * (about 1 000 pushes/s until the file {@code restart-flag-file} says {@code done}, while the
 * script restarts instance B). For the rolling phase a push counts against a device that was
 * connected (logged in) when the push was sent and stayed connected to the end; those must all
 * arrive. Pushes to devices that lost their connection meanwhile are reported apart.
 * The last line is {@code RESULT ...}; the exit status is 1 when a push to a device that stayed
 * connected was lost.
 */
public final class PushClient {

	private static final int BATCH = 100;

	private final String host;

	private final int port;

	private final String url;

	private final Device[] devices;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final AtomicInteger nextPush = new AtomicInteger();

	// push number -> device index and send time
	private final int[] target = new int[1_000_000];

	private final long[] sentAt = new long[1_000_000];

	private volatile boolean stopping;

	PushClient(String host, int port, String url, int devices) {
		this.host = host;
		this.port = port;
		this.url = url;
		this.devices = new Device[devices];
	}

	public static void main(String[] args) throws Exception {
		PushClient client = new PushClient(args[0], Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
		System.exit(client.run(Path.of(args[4])));
	}

	int run(Path restartFlag) throws Exception {
		long started = System.nanoTime();
		for (int i = 0; i < this.devices.length; i++) {
			this.devices[i] = new Device(i);
			this.devices[i].connect();
		}
		for (Device device : this.devices) {
			Thread reader = new Thread(device::readLoop, "device-" + device.index);
			reader.setDaemon(true);
			reader.start();
		}
		System.out.printf("connected %d devices through the balancer in %d ms%n", this.devices.length,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		System.out.flush();

		// burst: every device twice, unpaced
		int burstFrom = this.nextPush.get();
		long burstStart = System.nanoTime();
		for (int round = 0; round < 2; round++) {
			List<Integer> all = new ArrayList<>();
			for (int i = 0; i < this.devices.length; i++) {
				all.add(i);
			}
			sendAll(all);
		}
		int burstTo = this.nextPush.get();
		awaitDelivered(burstFrom, burstTo, Duration.ofSeconds(10));
		long burstEnd = lastRead(burstFrom, burstTo);
		report("burst", burstFrom, burstTo, burstStart, burstEnd, false);

		// paced: ~2 000 pushes/s for 5 s, in requests of 20 every 10 ms
		int pacedFrom = this.nextPush.get();
		long pacedStart = System.nanoTime();
		pace(2000, Duration.ofSeconds(5), () -> false);
		int pacedTo = this.nextPush.get();
		awaitDelivered(pacedFrom, pacedTo, Duration.ofSeconds(10));
		report("paced", pacedFrom, pacedTo, pacedStart, lastRead(pacedFrom, pacedTo), false);

		// rolling restart of instance B while pushing ~1 000/s
		Files.writeString(restartFlag, "pushing\n");
		int rollingFrom = this.nextPush.get();
		long rollingStart = System.nanoTime();
		pace(1000, Duration.ofSeconds(180), () -> isDone(restartFlag));
		int rollingTo = this.nextPush.get();
		Thread.sleep(3000);
		int lostStayed = report("rolling", rollingFrom, rollingTo, rollingStart, lastRead(rollingFrom, rollingTo),
				true);
		this.stopping = true;
		int reconnects = Arrays.stream(this.devices).mapToInt((device) -> device.connections.get() - 1).sum();
		System.out.printf("RESULT devices=%d pushes=%d reconnects=%d lost-stayed-connected=%d%n", this.devices.length,
				this.nextPush.get(), reconnects, lostStayed);
		return (lostStayed == 0) ? 0 : 1;
	}

	private static boolean isDone(Path flag) {
		try {
			return Files.readString(flag).contains("done");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void pace(int perSecond, Duration limit, java.util.function.BooleanSupplier done) throws Exception {
		int perRequest = Math.max(1, perSecond / 100);
		long end = System.nanoTime() + limit.toNanos();
		long next = System.nanoTime();
		int device = 0;
		while (System.nanoTime() < end && !done.getAsBoolean()) {
			List<Integer> batch = new ArrayList<>();
			for (int i = 0; i < perRequest; i++) {
				batch.add(device);
				device = (device + 1) % this.devices.length;
			}
			send(batch);
			next += TimeUnit.MILLISECONDS.toNanos(10);
			long sleep = next - System.nanoTime();
			if (sleep > 0) {
				TimeUnit.NANOSECONDS.sleep(sleep);
			}
		}
	}

	private void sendAll(List<Integer> targets) throws Exception {
		for (int from = 0; from < targets.size(); from += BATCH) {
			send(targets.subList(from, Math.min(targets.size(), from + BATCH)));
		}
	}

	/**
	 * One request to instance A; a push counts as sent when the request starts, whether or not
	 * the instance accepts it (a refused request's pushes are reported as lost at the sender).
	 */
	private void send(List<Integer> targets) throws Exception {
		StringBuilder body = new StringBuilder(targets.size() * 16);
		long now = System.nanoTime();
		for (int index : targets) {
			int push = this.nextPush.getAndIncrement();
			this.target[push] = index;
			this.sentAt[push] = now;
			this.devices[index].sentWhileConnected(push, now);
			body.append('d').append(index).append(' ').append(push).append('\n');
		}
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.url + "/devices/commands"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 202) {
			System.out.println("sender: HTTP " + response.statusCode() + " " + response.body());
		}
	}

	private void awaitDelivered(int from, int to, Duration limit) throws InterruptedException {
		long end = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < end) {
			int missing = 0;
			for (int push = from; push < to; push++) {
				if (this.devices[this.target[push]].readAt(push) == 0) {
					missing++;
				}
			}
			if (missing == 0) {
				return;
			}
			Thread.sleep(100);
		}
	}

	private long lastRead(int from, int to) {
		long last = 0;
		for (int push = from; push < to; push++) {
			last = Math.max(last, this.devices[this.target[push]].readAt(push));
		}
		return last;
	}

	private int report(String phase, int from, int to, long start, long end, boolean rolling) {
		int delivered = 0;
		int lost = 0;
		int lostStayed = 0;
		int toReconnecting = 0;
		int deliveredReconnecting = 0;
		long[] latencies = new long[to - from];
		for (int push = from; push < to; push++) {
			Device device = this.devices[this.target[push]];
			long read = device.readAt(push);
			boolean stayed = device.stayedConnected(push);
			if (!stayed) {
				toReconnecting++;
			}
			if (read != 0) {
				latencies[delivered++] = read - this.sentAt[push];
				if (!stayed) {
					deliveredReconnecting++;
				}
			}
			else {
				lost++;
				if (stayed) {
					lostStayed++;
				}
			}
		}
		long[] sorted = Arrays.copyOf(latencies, delivered);
		Arrays.sort(sorted);
		double seconds = Math.max(1, end - start) / 1e9;
		System.out.printf(
				"%s: sent=%d delivered=%d lost=%d pushes/s=%.0f latency p50=%.2f ms p99=%.2f ms max=%.2f ms%n", phase,
				to - from, delivered, lost, (to - from) / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
				percentile(sorted, 1.0));
		if (rolling) {
			System.out.printf(
					"%s: to devices connected at send time that stayed connected: lost=%d; to devices whose connection"
							+ " ended or was not there at send time: %d, of which delivered=%d lost=%d%n",
					phase, lostStayed, toReconnecting, deliveredReconnecting, toReconnecting - deliveredReconnecting);
		}
		System.out.flush();
		return rolling ? lostStayed : lost;
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	/**
	 * One device: its current connection, when each push reached it, and whether each push was
	 * sent while it was logged in on a connection that lasted.
	 */
	final class Device {

		final int index;

		final AtomicInteger connections = new AtomicInteger();

		// push number -> read time; sparse enough for a map per device
		private final java.util.concurrent.ConcurrentHashMap<Integer, Long> reads = new java.util.concurrent.ConcurrentHashMap<>();

		// push number -> generation of the connection it was sent during (-1: not logged in)
		private final java.util.concurrent.ConcurrentHashMap<Integer, Integer> sentDuring = new java.util.concurrent.ConcurrentHashMap<>();

		// generation of the current connection; -1 while (re)connecting
		private volatile int generation = -1;

		// generations whose connection ended
		private final java.util.Set<Integer> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();

		private volatile Socket socket;

		private volatile BufferedReader input;

		Device(int index) {
			this.index = index;
		}

		void connect() throws IOException {
			IOException last = null;
			for (int attempt = 0; attempt < 100 && !PushClient.this.stopping; attempt++) {
				try {
					Socket socket = new Socket();
					socket.connect(new InetSocketAddress(PushClient.this.host, PushClient.this.port), 5000);
					socket.setSoTimeout(10_000);
					BufferedReader input = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
					OutputStream output = socket.getOutputStream();
					output.write(("login d" + this.index + "\n").getBytes(StandardCharsets.US_ASCII));
					output.flush();
					String answer = input.readLine();
					if (("ok d" + this.index).equals(answer)) {
						socket.setSoTimeout(0);
						this.socket = socket;
						this.input = input;
						this.generation = this.connections.incrementAndGet();
						return;
					}
					socket.close();
				}
				catch (IOException ex) {
					last = ex;
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			throw (last != null) ? last : new IOException("device d" + this.index + " could not log in");
		}

		void readLoop() {
			while (!PushClient.this.stopping) {
				try {
					String line = this.input.readLine();
					if (line == null) {
						throw new IOException("closed by the server");
					}
					this.reads.putIfAbsent(Integer.parseInt(line.trim()), System.nanoTime());
				}
				catch (IOException | RuntimeException ex) {
					if (PushClient.this.stopping) {
						return;
					}
					this.ended.add(this.generation);
					this.generation = -1;
					try {
						this.socket.close();
						connect();
					}
					catch (IOException failed) {
						System.out.println("device d" + this.index + " could not reconnect: " + failed);
						return;
					}
				}
			}
		}

		void sentWhileConnected(int push, long now) {
			this.sentDuring.put(push, this.generation);
		}

		long readAt(int push) {
			Long read = this.reads.get(push);
			return (read != null) ? read : 0;
		}

		boolean stayedConnected(int push) {
			Integer during = this.sentDuring.get(push);
			return during != null && during >= 0 && !this.ended.contains(during);
		}

	}

}
