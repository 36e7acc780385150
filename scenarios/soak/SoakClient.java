import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Soak client for an echo listener with raw framing, on loopback only. Run it without a build step:
 *
 * <pre>
 * java -Xss256k scenarios/soak/SoakClient.java hold   127.0.0.1 PORT COUNT [DEADLINE_SECONDS]
 * java -Xss256k scenarios/soak/SoakClient.java cycles 127.0.0.1 PORT COUNT CONCURRENCY [DEADLINE_SECONDS]
 * java -Xss256k scenarios/soak/SoakClient.java probe  127.0.0.1 PORT SECONDS
 * </pre>
 *
 * {@code hold} opens COUNT connections, exchanges one 16-byte frame on each (so the server has a
 * connection service for every one), prints {@code HELD n}, then keeps them open and idle until a
 * line arrives on stdin, stdin ends, SIGTERM/SIGINT, or the deadline; then it closes them all and
 * prints {@code CLOSED n}.
 * <p>
 * {@code cycles} runs COUNT connect / send 16 bytes / read the echo / close cycles on CONCURRENCY
 * threads and prints {@code CYCLES ok=.. failed=.. seconds=.. per_second=..} and one line per
 * failure kind. It exits 1 if any cycle failed or the deadline cut the run short.
 * <p>
 * {@code probe} opens one connection, prints {@code PROBING} after a first exchange, exchanges a
 * frame on it every 10 ms for SECONDS, then
 * prints {@code PROBE n=.. p50_ms=.. p999_ms=.. max_ms=.. over_100ms=..}: how long the server
 * kept a live connection waiting while something else happened (10 000 connections closing).
 * <p>
 * Idle connections need no thread: a {@link Socket} nobody reads costs a file descriptor and a
 * few hundred bytes, so this runs the same on Java 17 and 25.
 */
public final class SoakClient {

	private static final int FRAME_SIZE = 16;

	private static final int IO_TIMEOUT_MILLIS = 10_000;

	private static final int OPENERS = 16;

	public static void main(String[] args) throws Exception {
		if (args.length < 4) {
			usage();
		}
		InetAddress host = InetAddress.getByName(args[1]);
		if (!host.isLoopbackAddress()) {
			System.err.println("refusing " + host + ": the soak client talks to loopback only");
			System.exit(2);
		}
		InetSocketAddress server = new InetSocketAddress(host, Integer.parseInt(args[2]));
		int count = Integer.parseInt(args[3]);
		switch (args[0]) {
			case "hold" -> {
				long deadline = deadline(args, 4, 900);
				System.exit(hold(server, count, deadline));
			}
			case "cycles" -> {
				if (args.length < 5) {
					usage();
				}
				long deadline = deadline(args, 5, 600);
				System.exit(cycles(server, count, Integer.parseInt(args[4]), deadline));
			}
			case "probe" -> System.exit(probe(server, count));
			default -> usage();
		}
	}

	private static void usage() {
		System.err.println("usage: SoakClient hold <host> <port> <count> [deadline-seconds]");
		System.err.println("       SoakClient cycles <host> <port> <count> <concurrency> [deadline-seconds]");
		System.err.println("       SoakClient probe <host> <port> <seconds>");
		System.exit(2);
	}

	private static long deadline(String[] args, int index, int defaultSeconds) {
		int seconds = (args.length > index) ? Integer.parseInt(args[index]) : defaultSeconds;
		return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
	}

	private static int hold(InetSocketAddress server, int count, long deadline) throws Exception {
		List<Socket> sockets = new ArrayList<>(count);
		Map<String, LongAdder> failures = new ConcurrentHashMap<>();
		AtomicInteger next = new AtomicInteger();
		ExecutorService openers = Executors.newFixedThreadPool(OPENERS);
		for (int i = 0; i < OPENERS; i++) {
			openers.execute(() -> {
				while (next.getAndIncrement() < count && System.nanoTime() < deadline) {
					try {
						Socket socket = connect(server);
						exchange(socket);
						synchronized (sockets) {
							sockets.add(socket);
						}
					}
					catch (IOException ex) {
						failures.computeIfAbsent(ex.getClass().getSimpleName() + ": " + ex.getMessage(),
								(key) -> new LongAdder()).increment();
					}
				}
			});
		}
		openers.shutdown();
		openers.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		openers.shutdownNow();
		report(failures);

		AtomicBoolean closed = new AtomicBoolean();
		Runnable closeAll = () -> {
			if (closed.compareAndSet(false, true)) {
				int n;
				synchronized (sockets) {
					n = sockets.size();
					sockets.forEach(SoakClient::closeQuietly);
				}
				System.out.println("CLOSED " + n);
				System.out.flush();
			}
		};
		Runtime.getRuntime().addShutdownHook(new Thread(closeAll));
		synchronized (sockets) {
			System.out.println("HELD " + sockets.size());
		}
		System.out.flush();

		Thread waiter = new Thread(() -> {
			try {
				new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			}
			catch (IOException ex) {
				// stdin is gone: release the connections as for a line
			}
		});
		waiter.setDaemon(true);
		waiter.start();
		waiter.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
		if (waiter.isAlive()) {
			System.err.println("deadline reached while holding: closing");
		}
		closeAll.run();
		return failures.isEmpty() ? 0 : 1;
	}

	private static int cycles(InetSocketAddress server, int count, int concurrency, long deadline)
			throws InterruptedException {
		LongAdder ok = new LongAdder();
		Map<String, LongAdder> failures = new ConcurrentHashMap<>();
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		ExecutorService workers = Executors.newFixedThreadPool(concurrency);
		for (int i = 0; i < concurrency; i++) {
			workers.execute(() -> {
				while (next.getAndIncrement() < count && System.nanoTime() < deadline) {
					try (Socket socket = connect(server)) {
						exchange(socket);
						ok.increment();
					}
					catch (IOException ex) {
						failures.computeIfAbsent(ex.getClass().getSimpleName() + ": " + ex.getMessage(),
								(key) -> new LongAdder()).increment();
					}
				}
			});
		}
		workers.shutdown();
		workers.awaitTermination(Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(
				2 * IO_TIMEOUT_MILLIS / 1000), TimeUnit.NANOSECONDS);
		workers.shutdownNow();
		double seconds = (System.nanoTime() - start) / 1e9;
		long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
		System.out.printf("CYCLES ok=%d failed=%d seconds=%.1f per_second=%.0f%n", ok.sum(), failed, seconds,
				ok.sum() / seconds);
		report(failures);
		boolean complete = ok.sum() + failed >= count;
		if (!complete) {
			System.out.println("DEADLINE reached after " + (ok.sum() + failed) + " of " + count + " cycles");
		}
		return (failed == 0 && complete) ? 0 : 1;
	}

	private static int probe(InetSocketAddress server, int seconds) {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		List<Long> rounds = new ArrayList<>();
		try (Socket socket = connect(server)) {
			exchange(socket);
			System.out.println("PROBING");
			System.out.flush();
			while (System.nanoTime() < end) {
				long start = System.nanoTime();
				exchange(socket);
				rounds.add(System.nanoTime() - start);
				// pacing, not waiting for an event: one exchange per 10 ms
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		}
		catch (IOException ex) {
			System.out.println("PROBE failed after " + rounds.size() + " exchanges: " + ex);
			return 1;
		}
		rounds.sort(null);
		int n = rounds.size();
		long over = rounds.stream().filter((nanos) -> nanos > TimeUnit.MILLISECONDS.toNanos(100)).count();
		System.out.printf("PROBE n=%d p50_ms=%.2f p999_ms=%.1f max_ms=%.1f over_100ms=%d%n", n,
				rounds.get(n / 2) / 1e6, rounds.get(Math.min(n - 1, n * 999 / 1000)) / 1e6, rounds.get(n - 1) / 1e6,
				over);
		return 0;
	}

	private static Socket connect(InetSocketAddress server) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.connect(server, IO_TIMEOUT_MILLIS);
			socket.setSoTimeout(IO_TIMEOUT_MILLIS);
			return socket;
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw ex;
		}
	}

	/**
	 * Send one frame and read its echo; with raw framing the echo may come back in pieces.
	 */
	private static void exchange(Socket socket) throws IOException {
		byte[] frame = new byte[FRAME_SIZE];
		Arrays.fill(frame, (byte) ('a' + (socket.getLocalPort() % 26)));
		socket.getOutputStream().write(frame);
		byte[] echo = new byte[FRAME_SIZE];
		InputStream in = socket.getInputStream();
		int read = 0;
		while (read < FRAME_SIZE) {
			int n = in.read(echo, read, FRAME_SIZE - read);
			if (n < 0) {
				throw new IOException("closed by the server after " + read + " of " + FRAME_SIZE + " bytes");
			}
			read += n;
		}
		if (!Arrays.equals(frame, echo)) {
			throw new IOException("echo differs from what was sent");
		}
	}

	private static void report(Map<String, LongAdder> failures) {
		new TreeMap<>(failures).forEach((kind, n) -> System.out.println("FAILED " + n.sum() + " x " + kind));
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing to release
		}
	}

}
