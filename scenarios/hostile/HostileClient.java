import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Hostile peers against the sample app, from outside its JVM, while a well-behaved client keeps a
 * steady request rate. Started by {@code scenarios/hostile/run.sh}, which starts the server and
 * passes its pid and ports; run without a build step:
 *
 * <pre>
 * java HostileClient.java pid=PID http=PORT ack=PORT echo=PORT lb=PORT tls=PORT chat=PORT slow=PORT cert=FILE [key=value ...]
 * </pre>
 *
 * The good client sends {@code ping} lines to the {@code ack} listener (lf framing, answer
 * {@code ACK}) from 127.0.0.1: {@code connections} persistent connections sharing {@code rate}
 * requests per second on a fixed schedule (latency counts from the scheduled time, so a stalled
 * server cannot hide behind a slower client), plus one worker that opens a new connection for
 * every request, {@code reconnect-rate} per second. Any failure (refused, reset, closed, no answer
 * within 2 s, a wrong answer) is an error.
 * <p>
 * The attacks, one after another, each for {@code seconds}:
 * <ol>
 * <li>slow PROXY: {@code slow-proxy} connections to {@code lb} (proxy-protocol required) trickle
 * a PROXY v1 header a byte every 500 ms; each one the server cuts is opened again;</li>
 * <li>silent TLS: {@code silent-tls} connections to the TLS listener that send nothing, opened
 * again 250 ms after the server closes them; a TLS probe tries a handshake every second;</li>
 * <li>header-only: {@code header-only} connections to {@code echo} (length-prefix framing) each
 * send only {@code 00 FF FF F0} (a 16 MiB frame announced) and wait; the server's heap is
 * measured while they are held;</li>
 * <li>half-open and reset storms against {@code echo}: connections that send half a frame and
 * reset (SO_LINGER 0), connect/reset loops, and {@code vanished} peers that send half a frame
 * and go silent until reset at the end;</li>
 * <li>one address in a loop: from {@code attacker} (127.0.0.2), connections to {@code ack}
 * opened as fast as possible (at most {@code loop-rate} per second) and kept;</li>
 * <li>PROXY headers that name no address from a denied address: from {@code attacker}, which
 * {@code chat} denies (proxy-protocol required, no trusted proxies: any peer may send a
 * header), connections that start with {@code PROXY UNKNOWN} or a v2 {@code LOCAL} header; each
 * must be closed before it gets a byte, while a peer that is not denied is served;</li>
 * <li>IPv6 /64 rotation: from the trusted proxy (the loopback address {@code host}, since the
 * machine may have no IPv6 address but {@code ::1}), connections to {@code lb} whose PROXY v2
 * TCP6 headers name a new source address of one /64 each time; {@code max-connections-per-address}
 * must hold for the whole /64, while a client of another /64 is served;</li>
 * <li>descriptor exhaustion: from {@code attacker2} (127.0.0.3), connections to {@code echo}
 * opened until the server has no file descriptor left (its {@code Max open files}, read from
 * {@code /proc/PID/limits}; run.sh starts it under a low {@code ulimit -n}), held, then closed.
 * The good client's persistent connections must see no error; its new connections wait in the
 * accept queue meanwhile (counted as waited, not as errors), and a new connection must be
 * served again within {@code recover-limit-ms} of descriptors being free.</li>
 * <li>pipelined slow futures: from {@code attacker}, {@code slow-connections} connections to
 * {@code slow} (the sample's SlowService: each line answered by a future that completes
 * {@code slow-delay} seconds later, {@code max-pending-results} = {@code slow-max-pending})
 * write lines as fast as their sockets take them and read the answers; the server must stop
 * reading each connection at {@code max-pending-results}, so that it handles at most
 * {@code slow-max-pending} lines per connection and {@code slow-delay}, and its heap stays
 * flat while the attackers' lines wait in the socket buffers.</li>
 * </ol>
 * {@code only=9} (attack numbers, comma-separated) runs only those attacks, for work on them.
 * <p>
 * The server is measured from outside: threads ({@code /proc/PID/status}), open descriptors
 * ({@code /proc/PID/fd}), threads per listener pool ({@code /proc/PID/task/N/comm}), heap in use
 * after a full GC ({@code jcmd PID GC.run}, {@code GC.heap_info}) and the counters of
 * {@code /actuator/prometheus}. Prints a Markdown report and exits 1 when a check fails.
 */
public final class HostileClient {

	private static final int IO_TIMEOUT_MILLIS = 2000;

	private static final int KIB = 1024;

	private static final String[] POOLS = { "tcp-ack-", "tcp-echo-", "tcp-lb-", "tcp-tls-echo-", "tcp-chat-",
			"tcp-slow-" };

	private final Map<String, String> config;

	private final String host;

	private final InetSocketAddress ack;

	private final InetSocketAddress echo;

	private final InetSocketAddress lb;

	private final InetSocketAddress tls;

	private final InetSocketAddress chat;

	private final InetSocketAddress slow;

	private final String attacker;

	private final String attacker2;

	private final int attackSeconds;

	private final Server server;

	private final SSLContext tlsContext;

	private final List<String> checks = new ArrayList<>();

	private final List<AttackResult> results = new ArrayList<>();

	private boolean failed;

	private final long startedAt = System.nanoTime();

	private volatile Phase phase;

	private HostileClient(Map<String, String> config) throws Exception {
		this.config = config;
		this.host = text("host", "127.0.0.1");
		this.ack = new InetSocketAddress(this.host, integer("ack", 0));
		this.echo = new InetSocketAddress(this.host, integer("echo", 0));
		this.lb = new InetSocketAddress(this.host, integer("lb", 0));
		this.tls = new InetSocketAddress(this.host, integer("tls", 0));
		this.chat = new InetSocketAddress(this.host, integer("chat", 0));
		this.slow = new InetSocketAddress(this.host, integer("slow", 0));
		this.attacker = text("attacker", "127.0.0.2");
		this.attacker2 = text("attacker2", "127.0.0.3");
		this.attackSeconds = integer("seconds", 10);
		this.server = new Server(integer("pid", 0), this.host, integer("http", 0));
		this.tlsContext = tlsContext(Path.of(text("cert", "")));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> config = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (equals < 1) {
				System.err.println("usage: HostileClient key=value ... (see the class comment)");
				System.exit(2);
			}
			config.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		for (String required : List.of("pid", "http", "ack", "echo", "lb", "tls", "chat", "slow", "cert")) {
			if (!config.containsKey(required)) {
				System.err.println("missing " + required + "=...");
				System.exit(2);
			}
		}
		if (!InetAddress.getByName(config.getOrDefault("host", "127.0.0.1")).isLoopbackAddress()) {
			System.err.println("the hostile client talks to loopback only");
			System.exit(2);
		}
		int status;
		try {
			status = new HostileClient(config).run();
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			status = 1;
		}
		System.exit(status);
	}

	private String text(String key, String fallback) {
		return this.config.getOrDefault(key, fallback);
	}

	private int integer(String key, int fallback) {
		return Integer.parseInt(text(key, String.valueOf(fallback)));
	}

	private double decimal(String key, double fallback) {
		return Double.parseDouble(text(key, String.valueOf(fallback)));
	}

	// ------------------------------------------------------------------ the run

	private int run() throws Exception {
		for (String address : List.of(this.attacker, this.attacker2)) {
			try (Socket probe = new Socket()) {
				probe.bind(new InetSocketAddress(address, 0));
			}
			catch (IOException ex) {
				System.err.println("cannot bind " + address + " as a local address (Linux routes 127.0.0.0/8 to the "
						+ "loopback interface): " + ex.getMessage());
				return 2;
			}
		}
		double rate = decimal("rate", 200);
		int connections = integer("connections", 4);
		double reconnectRate = decimal("reconnect-rate", 5);
		Phase warmUp = new Phase("warm-up");
		this.phase = warmUp;
		GoodClient good = new GoodClient(rate, connections, reconnectRate);
		good.start();
		Sampler sampler = new Sampler();
		sampler.start();
		log("good client: %d connections, %.0f req/s to ack %s, plus a new connection %.0f times a second", connections,
				rate, this.ack, reconnectRate);
		sleepSeconds(integer("warm-up", 4));

		Phase quiet = switchPhase(new Phase("no attack (baseline)"));
		sleepSeconds(integer("quiet", 5));
		Phase between = switchPhase(new Phase("between attacks"));
		Snapshot before = this.server.snapshot(true);
		int ackBaseline = (int) before.metrics.sum("tcp_server_connections_active_connections", "listener", "ack");
		log("baseline: threads=%d fds=%d heap=%.1f MiB (after GC), pools %s", before.threads, before.fds,
				before.heapKib / 1024.0, poolsText(before.pools));

		List<Attack> attacks = List.of(new Attack("1. slow PROXY", "lb", this::slowProxy),
				new Attack("2. silent TLS flood", "tls-echo", this::silentTls),
				new Attack("3. header-only flood", "echo", this::headerOnly),
				new Attack("4. half-open and reset storms", "echo", this::storms),
				new Attack("5. one address in a loop", "ack", this::oneAddressLoop),
				new Attack("6. PROXY UNKNOWN from a denied address", "chat", this::unknownFromDenied),
				new Attack("7. IPv6 /64 rotation", "lb", this::ipv6Rotation),
				new Attack("8. descriptor exhaustion", "echo", this::descriptorExhaustion),
				new Attack("9. pipelined slow futures", "slow", this::pipelinedSlowFutures));
		if (this.config.containsKey("only")) {
			// e.g. only=9 or only=3,9: while working on some attacks (the full run's checks still apply)
			List<String> only = List.of(text("only", "").split(","));
			attacks = attacks.stream().filter((a) -> only.contains(a.name.substring(0, a.name.indexOf('.')))).toList();
		}
		Snapshot previous = before;
		for (Attack attack : attacks) {
			Phase attackPhase = switchPhase(new Phase(attack.name));
			log("%s: start", attack.name);
			AttackResult result;
			try {
				result = attack.body.run(attackPhase);
			}
			catch (Exception ex) {
				result = new AttackResult();
				result.summary = "the attack failed: " + ex;
			}
			switchPhase(between);
			result.phase = attackPhase;
			this.results.add(result);
			if (!this.server.alive()) {
				check(false, "the server exited during '%s'", attack.name);
				break;
			}
			// what the attack left must go: the listener's gauge back to where it was
			int expected = attack.listener.equals("ack") ? ackBaseline : 0;
			waitUntil(10, () -> activeConnections(attack.listener) <= expected);
			result.activeAfter = activeConnections(attack.listener);
			Snapshot after;
			try {
				after = this.server.snapshot(true);
			}
			catch (IOException ex) {
				check(false, "the server could not be measured after '%s': %s", attack.name, ex.getMessage());
				break;
			}
			result.after = after;
			result.counters = after.metrics.minus(previous.metrics, attack.listener);
			previous = after;
			log("%s: %s; server counters %s; good client %s", attack.name, result.summary, result.counters,
					attackPhase.line());
			check(result.activeAfter <= expected, "%s: tcp.server.connections.active{listener=%s} back to %d (read %d)",
					attack.name, attack.listener, expected, result.activeAfter);
		}

		// the attacks are over: the good client keeps going while the server settles
		Phase settle = switchPhase(new Phase("after the attacks (settling)"));
		int fdTolerance = integer("fd-tolerance", 4);
		int threadTolerance = integer("thread-tolerance", 4);
		boolean settled = false;
		double settledAfter = 0;
		Snapshot after = null;
		if (this.server.alive()) {
			int settleSeconds = integer("settle", 90);
			long settleStart = System.nanoTime();
			long[] lastLog = { settleStart };
			settled = waitUntil(settleSeconds, () -> {
				int fds = this.server.fds();
				int threads = this.server.threads();
				if (System.nanoTime() - lastLog[0] >= TimeUnit.SECONDS.toNanos(10)) {
					lastLog[0] = System.nanoTime();
					log("settling: threads=%d fds=%d, pools %s", threads, fds, poolsText(this.server.pools()));
				}
				return fds <= before.fds + fdTolerance && threads <= before.threads + threadTolerance;
			});
			settledAfter = (System.nanoTime() - settleStart) / 1e9;
			try {
				after = this.server.snapshot(true);
			}
			catch (IOException ex) {
				check(false, "the server could not be measured after the attacks: %s", ex.getMessage());
			}
		}
		good.stop();
		sampler.stop();
		Map<String, LongAdder> goodErrors = good.errors();

		// ------------------------------------------------------------ checks
		boolean alive = this.server.alive();
		check(alive, "the server is running at the end");
		long totalErrors = Stream.of(warmUp, quiet, between, settle).mapToLong(Phase::errors).sum()
				+ this.results.stream().mapToLong((r) -> r.phase.errors()).sum();
		check(totalErrors == 0, "good client: %d errors in the whole run (goal 0)%s", totalErrors,
				goodErrors.isEmpty() ? "" : ": " + goodErrors);
		double p99Limit = decimal("p99-limit-ms", 1000);
		for (Phase p : Stream.concat(Stream.of(quiet), this.results.stream().map((r) -> r.phase)).toList()) {
			double expectedRequests = (rate + reconnectRate) * p.seconds();
			check(p.ok() >= 0.95 * expectedRequests, "good client kept its rate during '%s': %d requests in %.1f s "
					+ "(%.0f req/s, at least 95%% of %.0f)", p.name, p.ok(), p.seconds(), p.ok() / p.seconds(),
					rate + reconnectRate);
			check(p.percentileMillis(99) <= p99Limit, "good client p99 during '%s' %.1f ms <= %.0f ms", p.name,
					p.percentileMillis(99), p99Limit);
		}
		if (after != null) {
			check(settled, "fds %d (baseline %d, at most +%d) and threads %d (baseline %d, at most +%d) back %.0f s "
					+ "after the last attack (idle connection threads end 60 to 90 s after their last connection)", after.fds,
					before.fds, fdTolerance, after.threads, before.threads, threadTolerance, settledAfter);
			double heapTolerance = decimal("heap-tolerance-mib", 8);
			double heapGrowth = (after.heapKib - before.heapKib) / 1024.0;
			check(heapGrowth <= heapTolerance, "heap in use after a full GC %.1f MiB, baseline %.1f MiB: %+.1f MiB "
					+ "(at most +%.0f MiB)", after.heapKib / 1024.0, before.heapKib / 1024.0, heapGrowth,
					heapTolerance);
		}
		check(this.results.size() == attacks.size(), "all %d attacks ran (%d did)", attacks.size(),
				this.results.size());

		print(rate, reconnectRate, connections, quiet, between, settle, before, after, settledAfter, goodErrors);
		return this.failed ? 1 : 0;
	}

	private Phase switchPhase(Phase next) {
		Phase current = this.phase;
		long now = System.nanoTime();
		current.end(now);
		next.begin(now);
		this.phase = next;
		return next;
	}

	private int activeConnections(String listener) {
		try {
			return (int) this.server.metrics().sum("tcp_server_connections_active_connections", "listener", listener);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private void check(boolean passed, String format, Object... args) {
		String text = String.format(Locale.ROOT, format, args);
		this.checks.add((passed ? "- PASS: " : "- **FAIL**: ") + text);
		if (!passed) {
			this.failed = true;
			log("FAIL: %s", text);
		}
	}

	private void log(String format, Object... args) {
		double seconds = (System.nanoTime() - this.startedAt) / 1e9;
		System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", seconds, String.format(Locale.ROOT, format, args));
	}

	// ------------------------------------------------------------------
	// attack 1: slow PROXY

	private AttackResult slowProxy(Phase phase) throws Exception {
		int count = integer("slow-proxy", 200);
		double timeout = decimal("proxy-timeout", 2);
		byte[] header = "PROXY TCP4 192.0.2.10 192.0.2.20 40000 3003\r\nhello\n".getBytes(StandardCharsets.US_ASCII);
		long interval = TimeUnit.MILLISECONDS.toNanos(500);
		List<Double> lifetimes = new ArrayList<>();
		int[] maxBytes = new int[1];
		AttackResult result = new AttackResult();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.attackSeconds);
		try (Swarm swarm = new Swarm()) {
			Swarm.Events events = new Swarm.Events() {
				@Override
				public void connected(Swarm.Conn conn) {
					conn.nextAt = System.nanoTime();
				}

				@Override
				public void closedByServer(Swarm.Conn conn, String how) {
					result.closedByServer++;
					lifetimes.add(conn.age());
					maxBytes[0] = Math.max(maxBytes[0], conn.sent);
				}
			};
			while (System.nanoTime() < end) {
				for (int opened = 0; swarm.size() < count && opened < 50; opened++) {
					swarm.open(this.lb, null, events);
					result.attempts++;
				}
				swarm.poll(10, events);
				long now = System.nanoTime();
				for (Swarm.Conn conn : swarm.connected()) {
					if (conn.nextAt <= now && conn.sent < header.length) {
						conn.nextAt = now + interval;
						swarm.write(conn, header, conn.sent, 1, events);
					}
				}
			}
			result.openAtEnd = swarm.size();
		}
		lifetimes.sort(null);
		double min = lifetimes.isEmpty() ? 0 : lifetimes.get(0);
		double max = lifetimes.isEmpty() ? 0 : lifetimes.get(lifetimes.size() - 1);
		double median = lifetimes.isEmpty() ? 0 : lifetimes.get(lifetimes.size() / 2);
		result.refused = String.format(Locale.ROOT, "%d cut by the server %.2f–%.2f s after connecting (median %.2f s), "
				+ "after at most %d header bytes; %d still trickling at the end, closed by the attacker",
				result.closedByServer, min, max, median, maxBytes[0], result.openAtEnd);
		result.summary = String.format(Locale.ROOT, "%d connections trickling a PROXY header (1 byte / 500 ms), "
				+ "%d attempts", count, result.attempts);
		check(result.closedByServer > 0 && min >= timeout - 0.1 && max <= timeout + 1.5,
				"slow PROXY: every trickling connection cut at proxy-protocol-timeout %.0f s (%.2f–%.2f s, %d cut)",
				timeout, min, max, result.closedByServer);
		result.expect = (counters) -> check(counters.getOrDefault("rejected{proxy-protocol}", 0L) >= result.closedByServer,
				"slow PROXY: rejected{reason=proxy-protocol} grew by %d, at least the %d connections cut",
				counters.getOrDefault("rejected{proxy-protocol}", 0L), result.closedByServer);
		return result;
	}

	// ------------------------------------------------------------------
	// attack 2: silent TLS

	private AttackResult silentTls(Phase phase) throws Exception {
		int count = integer("silent-tls", 300);
		double timeout = decimal("handshake-timeout", 3);
		long reopenDelay = TimeUnit.MILLISECONDS.toNanos(250);
		AttackResult result = new AttackResult();
		long[] refusedAtAccept = new long[1];
		long[] cutAtDeadline = new long[1];
		long[] otherCloses = new long[1];
		AtomicInteger probesOk = new AtomicInteger();
		AtomicInteger probesRefused = new AtomicInteger();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.attackSeconds);
		Thread prober = new Thread(() -> {
			while (System.nanoTime() < end - TimeUnit.SECONDS.toNanos(1)) {
				(tlsProbe() == null ? probesOk : probesRefused).incrementAndGet();
				sleepMillis(1000);
			}
		}, "tls-probe");
		prober.start();
		try (Swarm swarm = new Swarm()) {
			List<Long> reopenAt = new ArrayList<>();
			Swarm.Events events = new Swarm.Events() {
				@Override
				public void closedByServer(Swarm.Conn conn, String how) {
					result.closedByServer++;
					double age = conn.age();
					if (age < 1.0) {
						refusedAtAccept[0]++;
					}
					else if (age >= timeout - 0.1) {
						cutAtDeadline[0]++;
					}
					else {
						otherCloses[0]++;
					}
					reopenAt.add(System.nanoTime() + reopenDelay);
				}
			};
			while (System.nanoTime() < end) {
				int toOpen = Math.min(50, count - swarm.size() - reopenAt.size());
				long now = System.nanoTime();
				for (Iterator<Long> it = reopenAt.iterator(); it.hasNext();) {
					if (it.next() <= now) {
						it.remove();
						toOpen++;
					}
				}
				for (int i = 0; i < toOpen && swarm.size() < count; i++) {
					swarm.open(this.tls, null, events);
					result.attempts++;
				}
				swarm.poll(10, events);
			}
			result.openAtEnd = swarm.size();
		}
		prober.join();
		// the flood is gone: a TLS client must be served again
		long recoverStart = System.nanoTime();
		String lastFailure = null;
		boolean recovered = false;
		while (System.nanoTime() - recoverStart < TimeUnit.SECONDS.toNanos(5)) {
			lastFailure = tlsProbe();
			if (lastFailure == null) {
				recovered = true;
				break;
			}
			sleepMillis(250);
		}
		double recoveredAfter = (System.nanoTime() - recoverStart) / 1e9;
		result.refused = String.format(Locale.ROOT, "%d refused at accept (closed < 1 s), %d cut at the handshake "
				+ "deadline (%.0f s)%s; %d open at the end, closed by the attacker", refusedAtAccept[0],
				cutAtDeadline[0], timeout, otherCloses[0] > 0 ? ", " + otherCloses[0] + " other closes" : "",
				result.openAtEnd);
		result.summary = String.format(Locale.ROOT, "%d silent connections to the TLS listener (max-connections %s), "
				+ "%d attempts; TLS probe during the flood: %d served, %d refused; after it: served %s", count,
				text("tls-max", "?"), result.attempts, probesOk.get(), probesRefused.get(),
				recovered ? String.format(Locale.ROOT, "after %.1f s", recoveredAfter) : "NOT (" + lastFailure + ")");
		check(recovered, "silent TLS: a TLS client is served once the flood stops (%s)",
				recovered ? String.format(Locale.ROOT, "%.1f s", recoveredAfter) : lastFailure);
		check(cutAtDeadline[0] > 0, "silent TLS: silent handshakes cut at handshake-timeout (%d)", cutAtDeadline[0]);
		result.expect = (counters) -> {
			check(counters.getOrDefault("rejected{max-connections}", 0L) > 0,
					"silent TLS: rejected{reason=max-connections} grew (by %d)",
					counters.getOrDefault("rejected{max-connections}", 0L));
			check(counters.getOrDefault("rejected{tls-handshake}", 0L) >= cutAtDeadline[0],
					"silent TLS: rejected{reason=tls-handshake} grew by %d, at least the %d cut at the deadline",
					counters.getOrDefault("rejected{tls-handshake}", 0L), cutAtDeadline[0]);
		};
		int poolLimit = integer("tls-max", 50) + 1 + integer("pool-slack", 10);
		result.poolCheck = (peak) -> check(peak <= poolLimit,
				"silent TLS: the listener's pool peaked at %d threads (max-connections %s + accept thread + %d slack)",
				peak, text("tls-max", "?"), integer("pool-slack", 10));
		return result;
	}

	/**
	 * One TLS handshake and echo on the TLS listener.
	 * @return {@code null} when served, else what went wrong
	 */
	private String tlsProbe() {
		try (Socket raw = new Socket()) {
			raw.connect(this.tls, IO_TIMEOUT_MILLIS);
			raw.setSoTimeout(IO_TIMEOUT_MILLIS);
			try (SSLSocket socket = (SSLSocket) this.tlsContext.getSocketFactory()
				.createSocket(raw, this.tls.getHostString(), this.tls.getPort(), true)) {
				socket.startHandshake();
				byte[] probe = "probe\n".getBytes(StandardCharsets.US_ASCII);
				socket.getOutputStream().write(probe);
				byte[] echoed = socket.getInputStream().readNBytes(probe.length);
				return Arrays.equals(probe, echoed) ? null : "wrong echo";
			}
		}
		catch (IOException ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	// ------------------------------------------------------------------
	// attack 3: header-only flood

	private AttackResult headerOnly(Phase phase) throws Exception {
		int count = integer("header-only", 200);
		byte[] prefix = { 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0 };
		AttackResult result = new AttackResult();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.attackSeconds);
		CompletableFuture<Snapshot> held = null;
		int heldCount = 0;
		try (Swarm swarm = new Swarm()) {
			Swarm.Events events = new Swarm.Events() {
				@Override
				public void connected(Swarm.Conn conn) {
					swarm.write(conn, prefix, 0, prefix.length, this);
				}

				@Override
				public void closedByServer(Swarm.Conn conn, String how) {
					result.closedByServer++;
				}
			};
			while (System.nanoTime() < end) {
				for (int opened = 0; result.attempts < count && opened < 50; opened++) {
					swarm.open(this.echo, null, events);
					result.attempts++;
				}
				swarm.poll(10, events);
				// once every prefix is out, measure the
				// heap while the connections are held
				if (held == null && swarm.connected().size() == count
						&& swarm.connected().stream().allMatch((c) -> c.sent == prefix.length)) {
					heldCount = count;
					held = CompletableFuture.supplyAsync(() -> {
						sleepMillis(1000);
						return this.server.snapshotUnchecked(true);
					});
				}
			}
			if (held != null) {
				held.join();
			}
			result.openAtEnd = swarm.size();
		}
		Snapshot during = (held != null) ? held.join() : null;
		result.refused = result.closedByServer + " closed by the server (none expected: a frame in progress is not an "
				+ "error until its bytes stop)";
		if (during != null) {
			result.heldHeapKib = during.heapKib;
			result.summary = String.format(Locale.ROOT, "%d connections announcing a 16 MiB frame (00 FF FF F0) and "
					+ "sending nothing more; while held: heap %.1f MiB after GC, %d active on echo", heldCount,
					during.heapKib / 1024.0, (int) during.metrics.sum("tcp_server_connections_active_connections",
							"listener", "echo"));
		}
		else {
			result.summary = String.format(Locale.ROOT, "%d connections announcing a 16 MiB frame: not all were "
					+ "connected and written within the attack, heap not measured", count);
		}
		result.heapCheck = (baselineKib) -> {
			double limit = decimal("header-heap-limit-mib", 32);
			double growth = (during == null) ? Double.NaN : (during.heapKib - baselineKib) / 1024.0;
			check(during != null && growth <= limit,
					"header-only: %d peers announcing 16 MiB frames moved the heap by %+.1f MiB (at most %.0f MiB; "
							+ "allocating the announced frames would take %d MiB)",
					count, growth, limit, count * 16);
		};
		return result;
	}

	// ------------------------------------------------------------------ attack 4: storms

	private AttackResult storms(Phase phase) throws Exception {
		double ratePerKind = decimal("storm-rate", 300);
		int vanished = integer("vanished", 100);
		AttackResult result = new AttackResult();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.attackSeconds);
		LongAdder halfFrames = new LongAdder();
		LongAdder resets = new LongAdder();
		Map<String, LongAdder> failures = new ConcurrentHashMap<>();
		byte[] halfFrame = new byte[4 + 2048];
		halfFrame[2] = 0x10; // length 4096, 2048 bytes of it sent
		Thread half = new Thread(() -> storm(end, ratePerKind, halfFrame, halfFrames, failures), "half-frames");
		Thread reset = new Thread(() -> storm(end, ratePerKind, null, resets, failures), "connect-reset");
		half.start();
		reset.start();
		byte[] vanishing = new byte[4 + 32 * KIB];
		vanishing[1] = 0x01; // length 65536, 32 KiB of it sent
		try (Swarm swarm = new Swarm()) {
			Swarm.Events events = new Swarm.Events() {
				@Override
				public void connected(Swarm.Conn conn) {
					swarm.write(conn, vanishing, 0, vanishing.length, this);
				}

				@Override
				public void closedByServer(Swarm.Conn conn, String how) {
					result.closedByServer++;
				}
			};
			int opened = 0;
			while (System.nanoTime() < end) {
				for (int i = 0; opened < vanished && i < 20; i++, opened++) {
					swarm.open(this.echo, null, events);
				}
				swarm.poll(20, events);
				swarm.flush(events);
			}
			result.openAtEnd = swarm.size();
			swarm.resetAll();
		}
		half.join();
		reset.join();
		long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
		result.attempts = halfFrames.sum() + resets.sum() + failed + vanished;
		result.refused = result.closedByServer + " closed by the server (none expected: the peers reset first)"
				+ (failed > 0 ? "; " + failed + " attempts failed: " + failures : "");
		result.summary = String.format(Locale.ROOT, "%d half frames then reset, %d connect/reset, %d vanished peers "
				+ "(half of a 64 KiB frame, then silent, reset at the end); %.0f/s of each storm at most",
				halfFrames.sum(), resets.sum(), vanished, ratePerKind);
		return result;
	}

	private void storm(long end, double rate, byte[] payload, LongAdder done, Map<String, LongAdder> failures) {
		long interval = (long) (1e9 / rate);
		long next = System.nanoTime();
		while (System.nanoTime() < end) {
			sleepUntil(next);
			next = Math.max(next + interval, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(100));
			try (Socket socket = new Socket()) {
				socket.connect(this.echo, IO_TIMEOUT_MILLIS);
				if (payload != null) {
					socket.getOutputStream().write(payload);
				}
				socket.setSoLinger(true, 0);
				done.increment();
			}
			catch (IOException ex) {
				failures.computeIfAbsent(ex.getClass().getSimpleName(), (k) -> new LongAdder()).increment();
			}
		}
	}

	// ------------------------------------------------------------------
	// attack 5: one address in a loop

	private AttackResult oneAddressLoop(Phase phase) throws Exception {
		int inflight = integer("loop-inflight", 32);
		double maxRate = decimal("loop-rate", 2000);
		int limit = integer("per-address", 20);
		InetSocketAddress source = new InetSocketAddress(this.attacker, 0);
		AttackResult result = new AttackResult();
		long interval = (long) (1e9 / maxRate);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.attackSeconds);
		String endpoint = null;
		try (Swarm swarm = new Swarm()) {
			Swarm.Events events = result.counting();
			long next = System.nanoTime();
			long endpointAt = end - TimeUnit.SECONDS.toNanos(2);
			while (System.nanoTime() < end) {
				long now = System.nanoTime();
				// keep up to `inflight` connections that are not
				// yet known to be kept, at most maxRate a second
				while (swarm.size() - swarm.settled(TimeUnit.MILLISECONDS.toNanos(500)) < inflight && next <= now) {
					swarm.open(this.ack, source, events);
					result.attempts++;
					next = Math.max(next + interval, now - TimeUnit.MILLISECONDS.toNanos(100));
				}
				swarm.poll(2, events);
				if (endpoint == null && now >= endpointAt) {
					endpoint = this.server.endpoint();
				}
			}
			result.openAtEnd = swarm.settled(TimeUnit.MILLISECONDS.toNanos(500));
		}
		String busiest = "?";
		if (endpoint != null) {
			Matcher m = Pattern.compile("\"name\":\"ack\".*?\"busiestAddresses\":(\\[.*?\\])").matcher(endpoint);
			busiest = m.find() ? m.group(1) : "not found";
		}
		result.refused = result.closedByServer + " refused at accept" + (result.connectFailures > 0
				? ", " + result.connectFailures + " connects failed" : "") + "; " + result.openAtEnd
				+ " kept, closed by the attacker at the end";
		result.summary = String.format(Locale.ROOT, "%s opened connections to ack as fast as it could (at most %.0f/s, "
				+ "%d in flight) and kept them: %d attempts, %d kept at the end; /actuator/tcp busiestAddresses of ack "
				+ "2 s before the end: %s", this.attacker, maxRate, inflight, result.attempts, result.openAtEnd, busiest);
		check(result.openAtEnd == limit, "one address in a loop: %s kept exactly max-connections-per-address=%d "
				+ "connections (kept %d)", this.attacker, limit, result.openAtEnd);
		check(busiest.contains("\"" + this.attacker + "\"") && busiest.contains(":" + limit + "}"),
				"one address in a loop: /actuator/tcp lists %s with %d connections among the busiest addresses: %s",
				this.attacker, limit, busiest);
		result.expect = (counters) -> check(
				counters.getOrDefault("rejected{max-connections-per-address}", 0L) >= result.closedByServer
						&& result.closedByServer > 0,
				"one address in a loop: rejected{reason=max-connections-per-address} grew by %d (the attacker saw %d "
						+ "refused)",
				counters.getOrDefault("rejected{max-connections-per-address}", 0L), result.closedByServer);
		return result;
	}

	// ------------------------------------------------------------------ attack 6: PROXY UNKNOWN from a denied address

	private AttackResult unknownFromDenied(Phase phase) throws Exception {
		double maxRate = decimal("unknown-rate", 200);
		byte[] v1 = "PROXY UNKNOWN\r\nhello\n".getBytes(StandardCharsets.US_ASCII);
		byte[] v2 = proxyV2(0x20, 0x00, new byte[0], "hello\n");
		AttackResult result = new AttackResult();
		long served = 0;
		long interval = (long) (1e9 / maxRate);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.attackSeconds);
		for (long next = System.nanoTime(); System.nanoTime() < end; next += interval) {
			sleepUntil(next);
			boolean useV2 = (result.attempts++ % 2) == 1;
			if (servedAfterHeader(this.attacker, this.chat, useV2 ? v2 : v1)) {
				served++;
			}
			else {
				result.closedByServer++;
			}
		}
		boolean controlServed = servedAfterHeader(this.attacker2, this.chat, v1);
		long servedTotal = served;
		result.refused = result.closedByServer + " closed before a byte reached the peer" + ((served > 0)
				? ", **" + served + " served**" : "") + "; control from " + this.attacker2 + ": "
				+ (controlServed ? "served" : "**refused**");
		result.summary = String.format(Locale.ROOT, "%s, denied by `chat`, sent `PROXY UNKNOWN` and v2 `LOCAL` headers "
				+ "(no client address, so the peer is the client): %d attempts at most %.0f/s; a peer that is not "
				+ "denied (%s) was %s", this.attacker, result.attempts, maxRate, this.attacker2,
				controlServed ? "served" : "refused");
		check(servedTotal == 0 && result.closedByServer > 0, "PROXY UNKNOWN from a denied address: all %d connections "
				+ "of %s closed before a byte (%d served)", result.attempts, this.attacker, servedTotal);
		check(controlServed, "PROXY UNKNOWN from a denied address: %s, not denied, is served", this.attacker2);
		result.expect = (counters) -> check(counters.getOrDefault("rejected{address}", 0L) >= result.closedByServer,
				"PROXY UNKNOWN from a denied address: rejected{reason=address} grew by %d, at least the %d refused",
				counters.getOrDefault("rejected{address}", 0L), result.closedByServer);
		return result;
	}

	/**
	 * Connect from {@code source}, send {@code bytes} and return whether the server kept the
	 * connection for a second or sent something: served. Closed without a byte: refused.
	 */
	private static boolean servedAfterHeader(String source, InetSocketAddress target, byte[] bytes) throws IOException {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(source, 0));
			socket.connect(target, IO_TIMEOUT_MILLIS);
			socket.setSoTimeout(1000);
			try {
				socket.getOutputStream().write(bytes);
				return socket.getInputStream().read() >= 0;
			}
			catch (SocketTimeoutException ex) {
				return true;
			}
			catch (IOException ex) {
				// reset by the server
				return false;
			}
		}
	}

	// ------------------------------------------------------------------ attack 7: IPv6 /64 rotation

	private AttackResult ipv6Rotation(Phase phase) throws Exception {
		double maxRate = decimal("rotation-rate", 500);
		int limit = integer("per-address", 20);
		String prefix = text("rotation-prefix", "2001:db8:6:1");
		AttackResult result = new AttackResult();
		List<Line> kept = new ArrayList<>();
		long interval = (long) (1e9 / maxRate);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.attackSeconds);
		String endpoint = null;
		boolean controlServed;
		try {
			for (long next = System.nanoTime(); System.nanoTime() < end; next += interval) {
				sleepUntil(next);
				result.attempts++;
				// a new address of the same /64 each time: ::1, ::2, ... (the interface id rotates)
				String source = String.format(Locale.ROOT, "%s:%x:%x:%x:%x", prefix, result.attempts >>> 48 & 0xffff,
						result.attempts >>> 32 & 0xffff, result.attempts >>> 16 & 0xffff, result.attempts & 0xffff);
				Line line;
				try {
					line = whoAmIBehindProxy(source);
				}
				catch (ConnectException ex) {
					// the listener closed its port: it no longer accepts anything
					result.connectFailures++;
					break;
				}
				if (line != null) {
					kept.add(line);
				}
				else {
					result.closedByServer++;
				}
			}
			endpoint = this.server.endpoint();
			Line control = null;
			try {
				control = whoAmIBehindProxy("2001:db8:6:2::1");
			}
			catch (ConnectException ex) {
				result.connectFailures++;
			}
			controlServed = control != null;
			if (control != null) {
				kept.add(control);
			}
		}
		finally {
			kept.forEach(HostileClient::closeQuietly);
		}
		result.openAtEnd = kept.size() - (controlServed ? 1 : 0);
		String busiest = "?";
		if (endpoint != null) {
			Matcher m = Pattern.compile("\"name\":\"lb\".*?\"busiestAddresses\":(\\[.*?\\])").matcher(endpoint);
			busiest = m.find() ? m.group(1) : "not found";
		}
		String network = prefix + ":0:0:0:0/64";
		result.refused = result.closedByServer + " refused after the header; " + result.openAtEnd + " kept; a client of "
				+ "another /64: " + (controlServed ? "served" : "**refused**")
				+ ((result.connectFailures > 0) ? "; **the listener's port refused connections**" : "");
		result.summary = String.format(Locale.ROOT, "the trusted proxy %s sent PROXY v2 TCP6 headers from a new address "
				+ "of %s::/64 each time (at most %.0f/s): %d attempts, %d kept; /actuator/tcp busiestAddresses of lb: %s",
				this.host, prefix, maxRate, result.attempts, result.openAtEnd, busiest);
		check(result.openAtEnd == limit, "IPv6 /64 rotation: the /64 kept exactly max-connections-per-address=%d "
				+ "connections (kept %d)", limit, result.openAtEnd);
		check(controlServed, "IPv6 /64 rotation: a client of another /64 is served");
		check(busiest.contains("\"" + network + "\"") && busiest.contains(":" + limit + "}"),
				"IPv6 /64 rotation: /actuator/tcp lists %s with %d connections: %s", network, limit, busiest);
		result.expect = (counters) -> check(
				counters.getOrDefault("rejected{max-connections-per-address}", 0L) >= result.closedByServer
						&& result.closedByServer > 0,
				"IPv6 /64 rotation: rejected{reason=max-connections-per-address} grew by %d (%d refused)",
				counters.getOrDefault("rejected{max-connections-per-address}", 0L), result.closedByServer);
		return result;
	}

	/**
	 * As the trusted proxy, open a connection to {@code lb} for an IPv6 client and ask who
	 * it is: the open connection if it answered, {@code null} if the server closed it.
	 */
	private Line whoAmIBehindProxy(String client) throws IOException {
		byte[] addresses = ByteBuffer.allocate(36)
			.put(InetAddress.getByName(client).getAddress())
			.put(InetAddress.getByName("2001:db8::1").getAddress())
			.putShort((short) 40000)
			.putShort((short) this.lb.getPort())
			.array();
		Line line = Line.connect(this.lb);
		try {
			line.socket().getOutputStream().write(proxyV2(0x21, 0x21, addresses, "who\n"));
			line.read();
			return line;
		}
		catch (IOException ex) {
			closeQuietly(line);
			return null;
		}
	}

	private static byte[] proxyV2(int versionCommand, int family, byte[] body, String data) {
		byte[] signature = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };
		return ByteBuffer.allocate(16 + body.length + data.length())
			.put(signature)
			.put((byte) versionCommand)
			.put((byte) family)
			.putShort((short) body.length)
			.put(body)
			.put(data.getBytes(StandardCharsets.US_ASCII))
			.array();
	}

	// ------------------------------------------------------------------ attack 8: descriptor exhaustion

	private AttackResult descriptorExhaustion(Phase phase) throws Exception {
		AttackResult result = new AttackResult();
		long limit = this.server.maxOpenFiles();
		if (limit <= 0 || limit > integer("max-exhaustion-fds", 8192)) {
			result.summary = "skipped: the server may open " + limit + " files (start it under ulimit -n, as run.sh "
					+ "does)";
			check(false, "descriptor exhaustion: the server runs under a low ulimit -n (Max open files %d)", limit);
			return result;
		}
		phase.newConnectionsMayWait = true;
		InetSocketAddress source = new InetSocketAddress(this.attacker2, 0);
		long warnsBefore = serverLogLines("cannot accept connections");
		long echoWarnsBefore = serverLogLines("TCP listener 'echo' cannot accept connections");
		long exhaustedAt = 0;
		int heldWhenExhausted = 0;
		double servedAgainMillis = -1;
		List<Socket> held = new ArrayList<>();
		int refusedInARow = 0;
		long lastCheck = 0;
		boolean portClosed = false;
		try {
			// one blocking connect after the other, as fast as the server accepts them (a thread each), until
			// it has no descriptor left (it logs that accepting fails; /proc/PID/fd then shows the limit, or a
			// few less); then 64 more that wait in its accept queue
			long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(integer("exhaustion-timeout", 60));
			while (System.nanoTime() < ((exhaustedAt == 0) ? giveUp
					: exhaustedAt + TimeUnit.SECONDS.toNanos(this.attackSeconds))
					&& held.size() < heldWhenExhausted + 64) {
				Socket socket = new Socket();
				result.attempts++;
				try {
					socket.bind(source);
					socket.connect(this.echo, 1000);
					held.add(socket);
				}
				catch (ConnectException ex) {
					closeQuietly(socket);
					result.connectFailures++;
					// one now and then while the accept queue is full; every time once the listener closed its port
					if (++refusedInARow >= 50) {
						portClosed = true;
						break;
					}
					continue;
				}
				catch (IOException ex) {
					closeQuietly(socket);
					result.connectFailures++;
				}
				refusedInARow = 0;
				// checked by time, not by the number held: once accepting fails, connects time out and that
				// number may stop at any value
				if (exhaustedAt == 0) {
					heldWhenExhausted = held.size();
				}
				long now = System.nanoTime();
				if (exhaustedAt == 0 && now - lastCheck >= TimeUnit.MILLISECONDS.toNanos(250)) {
					lastCheck = now;
					if (this.server.fds() >= limit - 8
							|| serverLogLines("TCP listener 'echo' cannot accept connections") > echoWarnsBefore) {
						exhaustedAt = now;
						log("descriptor exhaustion: the server holds %d of %d descriptors, %d attacker connections",
								this.server.fds(), limit, heldWhenExhausted);
					}
				}
			}
			if (exhaustedAt != 0) {
				sleepUntil(exhaustedAt + TimeUnit.SECONDS.toNanos(this.attackSeconds));
			}
			result.openAtEnd = held.size();
		}
		finally {
			held.forEach(HostileClient::closeQuietly);
		}
		// the attacker's connections are closed: the server frees their descriptors as it reads their ends
		long closedAt = System.nanoTime();
		Line probe = null;
		try {
			probe = Line.connect(this.ack);
			probe.socket().setSoTimeout(10_000);
			probe.write("ping after");
			String answer = probe.read();
			servedAgainMillis = (System.nanoTime() - closedAt) / 1e6;
			check("ACK".equals(answer), "descriptor exhaustion: the probe's answer is ACK (was %s)", answer);
		}
		catch (IOException ex) {
			check(false, "descriptor exhaustion: a new connection is served after the attack (%s)", ex);
		}
		finally {
			closeQuietly(probe);
		}
		phase.newConnectionsMayWait = false;
		long warns = serverLogLines("cannot accept connections") - warnsBefore;
		double recoverLimit = decimal("recover-limit-ms", 1000);
		result.refused = String.format(Locale.ROOT, "accepting failed after %d attacker connections (the server at "
				+ "its limit of %d files); %d more waited in the accept queue%s", heldWhenExhausted, limit,
				result.openAtEnd - heldWhenExhausted,
				portClosed ? "; **echo's port refused connections**" : "");
		result.summary = String.format(Locale.ROOT, "%s opened connections to echo until the server (ulimit -n %d) "
				+ "had no descriptor left%s, held %d for the rest of the attack, then closed them: a new connection to "
				+ "ack was served %.0f ms later; the good client's new connections meanwhile (not in the p99 of this "
				+ "phase, which is that of its persistent connections): %s; %d WARN lines 'cannot accept connections' "
				+ "in the server log", this.attacker2, limit,
				(exhaustedAt > 0) ? String.format(Locale.ROOT, " after %.1f s", (exhaustedAt - phase.begunAtNanos()) / 1e9)
						: " (**never**)", result.openAtEnd, servedAgainMillis, phase.newConnectionsText(), warns);
		check(exhaustedAt > 0, "descriptor exhaustion: the server ran out of its %d descriptors (after %d attacker "
				+ "connections)", limit, heldWhenExhausted);
		check(servedAgainMillis >= 0 && servedAgainMillis <= recoverLimit, "descriptor exhaustion: a new connection "
				+ "served %.0f ms after the attacker closed its connections (at most %.0f ms)", servedAgainMillis,
				recoverLimit);
		check(warns >= 1 && warns <= 10, "descriptor exhaustion: %d WARN lines 'cannot accept connections' (one per "
				+ "listener and burst, not one per failed accept)", warns);
		result.expect = (counters) -> check(counters.getOrDefault("rejected{resources}", 0L) > 0,
				"descriptor exhaustion: rejected{reason=resources} grew by %d (failed accepts of echo)",
				counters.getOrDefault("rejected{resources}", 0L));
		return result;
	}

	// ------------------------------------------------------------------ attack 9: pipelined slow futures

	private AttackResult pipelinedSlowFutures(Phase phase) throws Exception {
		int count = integer("slow-connections", 50);
		int maxPending = integer("slow-max-pending", 32);
		double delay = decimal("slow-delay", 1);
		// 64 lines of 64 bytes, written over and over: a connection's lines are its bytes / 64
		int lineLength = 64;
		byte[] chunk = new byte[64 * lineLength];
		for (int i = 0; i < chunk.length; i++) {
			chunk[i] = (byte) (((i + 1) % lineLength == 0) ? '\n' : 'p');
		}
		AttackResult result = new AttackResult();
		double handledBefore = this.server.metrics().sumStartingWith("tcp_server_frames_received", "listener", "slow");
		// live objects, counted at a safepoint right after a full GC: under an attack that allocates
		// fast, GC.run followed by GC.heap_info also counts what was allocated between the two
		long liveBefore = this.server.liveHeapKib();
		long[] sent = new long[count];
		long answers = 0;
		CompletableFuture<Long> held = null;
		Metrics atEnd;
		double seconds;
		ByteBuffer in = ByteBuffer.allocate(64 * KIB);
		try (Selector selector = Selector.open()) {
			List<SocketChannel> channels = new ArrayList<>();
			try {
				for (int i = 0; i < count; i++) {
					SocketChannel channel = SocketChannel.open();
					channels.add(channel);
					channel.configureBlocking(false);
					channel.bind(new InetSocketAddress(this.attacker, 0));
					channel.connect(this.slow);
					channel.register(selector, SelectionKey.OP_CONNECT, i);
					result.attempts++;
				}
				long start = System.nanoTime();
				long end = start + TimeUnit.SECONDS.toNanos(this.attackSeconds);
				long measureAt = start + TimeUnit.SECONDS.toNanos(this.attackSeconds) / 2;
				while (System.nanoTime() < end) {
					selector.select(50);
					for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
						SelectionKey key = it.next();
						it.remove();
						int index = (Integer) key.attachment();
						SocketChannel channel = (SocketChannel) key.channel();
						try {
							if (key.isConnectable()) {
								channel.finishConnect();
								key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
								continue;
							}
							if (key.isReadable()) {
								in.clear();
								int read = channel.read(in);
								if (read < 0) {
									result.closedByServer++;
									key.cancel();
									channel.close();
									continue;
								}
								for (int i = 0; i < read; i++) {
									if (in.get(i) == '\n') {
										answers++;
									}
								}
							}
							if (key.isValid() && key.isWritable()) {
								int offset = (int) (sent[index] % chunk.length);
								sent[index] += channel.write(ByteBuffer.wrap(chunk, offset, chunk.length - offset));
							}
						}
						catch (IOException ex) {
							if (channel.isConnected()) {
								result.closedByServer++;
							}
							else {
								result.connectFailures++;
							}
							key.cancel();
							channel.close();
						}
					}
					// halfway through, the server's live heap while every connection is pipelining
					// (measured on another thread, so that answers are read meanwhile)
					if (held == null && System.nanoTime() >= measureAt) {
						held = CompletableFuture.supplyAsync(this.server::liveHeapKibUnchecked);
					}
				}
				seconds = (System.nanoTime() - start) / 1e9;
				atEnd = this.server.metrics();
				result.openAtEnd = (int) channels.stream().filter(SocketChannel::isOpen).count();
			}
			finally {
				// the attacker vanishes: a reset, so that the server drops the lines it never read
				for (SocketChannel channel : channels) {
					try {
						channel.setOption(StandardSocketOptions.SO_LINGER, 0);
					}
					catch (IOException ex) {
						// closed below all the same
					}
					closeQuietly(channel);
				}
			}
		}
		long during = (held != null) ? held.join() : -1;
		long linesSent = Arrays.stream(sent).map((bytes) -> bytes / lineLength).sum();
		long handled = Math.round(atEnd.sumStartingWith("tcp_server_frames_received", "listener", "slow")
				- handledBefore);
		long bound = Math.round((double) count * maxPending * (seconds / delay + 2));
		result.refused = String.format(Locale.ROOT, "none refused; the server handled %d of the %d lines sent (%.1f%%): "
				+ "%.1f lines/s per connection (max-pending-results / delay = %.0f/s)", handled, linesSent,
				(linesSent > 0) ? 100.0 * handled / linesSent : 0, handled / seconds / count, maxPending / delay)
				+ ((result.closedByServer > 0) ? "; **" + result.closedByServer + " closed by the server**" : "");
		result.summary = String.format(Locale.ROOT, "%d connections from %s to `slow` (each line answered %.1f s "
				+ "later by a future, max-pending-results %d) wrote %d lines of %d bytes as fast as their sockets took "
				+ "them (%.0f per connection, %.1f MiB in all) and read the answers: %d lines handled (at most %d "
				+ "allowed by the bound), %d answers read, %d connections open at the end; live heap (`jcmd "
				+ "GC.class_histogram` total) %.1f MiB before, %s halfway through", count, this.attacker, delay,
				maxPending, linesSent, lineLength, (double) linesSent / count, linesSent * lineLength / (1024.0 * 1024.0),
				handled, bound, answers, result.openAtEnd, liveBefore / 1024.0,
				(during >= 0) ? String.format(Locale.ROOT, "%.1f MiB (%+.1f MiB)", during / 1024.0,
						(during - liveBefore) / 1024.0) : "not measured");
		check(result.openAtEnd == count && result.connectFailures == 0, "pipelined slow futures: all %d connections "
				+ "stayed open (%d open, %d connects failed)", count, result.openAtEnd, result.connectFailures);
		check(handled > 0 && handled <= bound, "pipelined slow futures: the server stopped reading at "
				+ "max-pending-results: %d lines handled in %.1f s, at most %d (connections x %d x (seconds / %.1f s + 2))",
				handled, seconds, bound, maxPending, delay);
		check(linesSent >= 2 * handled, "pipelined slow futures: the attackers sent far more lines than were handled "
				+ "(%d sent, %d handled): the rest waited in the socket buffers", linesSent, handled);
		check(answers > 0, "pipelined slow futures: the attackers were answered (%d answers)", answers);
		double heapLimit = decimal("slow-heap-limit-mib", 16);
		double growth = (during < 0) ? Double.NaN : (during - liveBefore) / 1024.0;
		check(during >= 0 && growth <= heapLimit, "pipelined slow futures: %d connections pipelining %d lines moved "
				+ "the live heap by %+.1f MiB (at most %.0f MiB)", count, linesSent, growth, heapLimit);
		return result;
	}

	private long serverLogLines(String text) {
		String log = text("server-log", "");
		if (log.isEmpty()) {
			return -1;
		}
		try (Stream<String> lines = Files.lines(Path.of(log), StandardCharsets.ISO_8859_1)) {
			return lines.filter((line) -> line.contains(text)).count();
		}
		catch (IOException | UncheckedIOException ex) {
			return -1;
		}
	}

	// ------------------------------------------------------------------ report

	private void print(double rate, double reconnectRate, int connections, Phase quiet, Phase between, Phase settle,
			Snapshot before, Snapshot after, double settledAfter, Map<String, LongAdder> goodErrors) {
		// per-attack checks that need the baseline or the counters
		for (AttackResult r : this.results) {
			if (r.expect != null && r.after != null) {
				r.expect.accept(r.counters);
			}
			if (r.heapCheck != null) {
				r.heapCheck.accept(before.heapKib);
			}
			if (r.poolCheck != null) {
				r.poolCheck.accept(r.phase.peakPool("tcp-tls-echo-"));
			}
		}
		StringBuilder out = new StringBuilder();
		out.append("### Good client and attacks\n\n");
		out.append(String.format(Locale.ROOT, "Good client: %d connections to `ack` from %s at %.0f req/s in total, "
				+ "plus one new connection per request %.0f times a second; latency from the scheduled send time.%n%n",
				connections, this.host, rate, reconnectRate));
		out.append("| phase | attempts | refused / closed by the server (attacker's view) | server counters (delta) "
				+ "| good requests | errors | p50 ms | p99 ms | max ms | peak threads (listener pool) | peak fds "
				+ "| heap after GC, after |\n");
		out.append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		out.append(phaseRow(quiet, "–", "–", "–", before.heapKib, null));
		for (AttackResult r : this.results) {
			String pool = poolOf(r);
			out.append(phaseRow(r.phase, String.valueOf(r.attempts), r.refused,
					(r.after != null) ? r.counters.toString() : "–", (r.after != null) ? r.after.heapKib : -1, pool));
		}
		out.append(phaseRow(between, "–", "–", "–", -1, null));
		out.append(phaseRow(settle, "–", "–", "–", (after != null) ? after.heapKib : -1, null));
		out.append("\n");
		for (AttackResult r : this.results) {
			out.append("- ").append(r.phase.name).append(": ").append(r.summary);
			if (r.heldHeapKib > 0) {
				out.append(String.format(Locale.ROOT, " (%+.1f MiB over the baseline)",
						(r.heldHeapKib - before.heapKib) / 1024.0));
			}
			out.append('\n');
		}
		if (!goodErrors.isEmpty()) {
			out.append("- good client errors: ").append(goodErrors).append('\n');
		}
		Snapshot last = after;
		for (AttackResult r : this.results) {
			if (after == null && r.after != null) {
				last = r.after;
			}
		}
		String afterLabel = String.format(Locale.ROOT, "after (%.0f s settling)", settledAfter);
		if (after == null) {
			afterLabel = "last measured";
			out.append("\n**The server exited during the run**; the last figures are from before the attacks and after the last "
					+ "attack that could be measured.\n");
			after = (last != null) ? last : before;
		}
		out.append("\n### Server before and after\n\n");
		out.append("| server | before the attacks | ").append(afterLabel).append(" |\n|---|---:|---:|\n");
		out.append(String.format(Locale.ROOT, "| heap in use after `jcmd GC.run` | %.1f MiB | %.1f MiB |%n",
				before.heapKib / 1024.0, after.heapKib / 1024.0));
		out.append(String.format(Locale.ROOT, "| live threads (`/proc/PID/status`) | %d | %d |%n", before.threads,
				after.threads));
		out.append(String.format(Locale.ROOT, "| open fds (`/proc/PID/fd`) | %d | %d |%n", before.fds, after.fds));
		out.append(String.format(Locale.ROOT, "| threads of the listener pools | %s | %s |%n", poolsText(before.pools),
				poolsText(after.pools)));
		out.append(String.format(Locale.ROOT, "| resident set (VmRSS) | %.0f MiB | %.0f MiB |%n",
				before.rssKib / 1024.0, after.rssKib / 1024.0));
		List<String> changed = new ArrayList<>();
		java.util.Set<String> names = new java.util.TreeSet<>(before.threadNames.keySet());
		names.addAll(after.threadNames.keySet());
		for (String name : names) {
			int b = before.threadNames.getOrDefault(name, 0);
			int a = after.threadNames.getOrDefault(name, 0);
			if (a != b) {
				changed.add(String.format(Locale.ROOT, "`%s` %d → %d", name, b, a));
			}
		}
		out.append("\nThreads (kernel names, numbers as N) that differ from before the attacks: ")
			.append(changed.isEmpty() ? "none" : String.join(", ", changed))
			.append('\n');
		out.append("\n### Rejection counters at the end (`tcp_server_connections_rejected_connections_total`, non-zero)\n\n");
		out.append("| listener | reason | count |\n|---|---|---:|\n");
		after.metrics.series.forEach((series) -> {
			if (series.name.equals("tcp_server_connections_rejected_connections_total") && series.value > 0) {
				out.append("| ").append(series.labels.get("listener")).append(" | ").append(series.labels.get("reason"))
					.append(" | ").append(String.format(Locale.ROOT, "%.0f", series.value)).append(" |\n");
			}
		});
		out.append("\nOther counters at the end: ");
		List<String> others = new ArrayList<>();
		after.metrics.series.forEach((series) -> {
			if ((series.name.equals("tcp_server_errors_total")
					|| series.name.equals("tcp_server_connections_timed_out_connections_total")) && series.value > 0) {
				others.add(String.format(Locale.ROOT, "%s{listener=%s,%s} %.0f", series.name.replace("_total", ""),
						series.labels.get("listener"), series.labels.containsKey("kind")
								? "kind=" + series.labels.get("kind") : "timeout=" + series.labels.get("timeout"),
						series.value));
			}
		});
		out.append(others.isEmpty() ? "none" : String.join(", ", others)).append("\n");
		out.append("\n### Checks\n\n");
		this.checks.forEach((line) -> out.append(line).append('\n'));
		out.append('\n').append(this.failed ? "RESULT: FAIL" : "RESULT: PASS").append('\n');
		System.out.print(out);
		System.out.flush();
	}

	private static String poolsText(Map<String, Integer> pools) {
		return pools.entrySet()
			.stream()
			.map((e) -> e.getKey().substring(4, e.getKey().length() - 1) + " " + e.getValue())
			.collect(Collectors.joining(", "));
	}

	private static String poolOf(AttackResult r) {
		return switch (r.phase.name.substring(0, 1)) {
			case "1" -> "tcp-lb-";
			case "2" -> "tcp-tls-echo-";
			case "3", "4", "8" -> "tcp-echo-";
			case "6" -> "tcp-chat-";
			case "7" -> "tcp-lb-";
			case "9" -> "tcp-slow-";
			default -> "tcp-ack-";
		};
	}

	private static String phaseRow(Phase p, String attempts, String refused, String counters, long heapKib,
			String pool) {
		String threads = (pool != null)
				? String.format(Locale.ROOT, "%d (%s %d)", p.peakThreads.get(), pool, p.peakPool(pool))
				: String.valueOf(p.peakThreads.get());
		return String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d | %.1f | %.1f | %.1f | %s | %d | %s |%n",
				p.name, attempts, refused, counters, p.ok(), p.errors(), p.percentileMillis(50), p.percentileMillis(99),
				p.percentileMillis(100), threads, p.peakFds.get(),
				heapKib < 0 ? "–" : String.format(Locale.ROOT, "%.1f MiB", heapKib / 1024.0));
	}

	// ------------------------------------------------------------------ the good client

	private final class GoodClient {

		private final double rate;

		private final int connections;

		private final double reconnectRate;

		private final List<Thread> threads = new ArrayList<>();

		private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

		private volatile boolean running = true;

		GoodClient(double rate, int connections, double reconnectRate) {
			this.rate = rate;
			this.connections = connections;
			this.reconnectRate = reconnectRate;
		}

		void start() {
			for (int i = 0; i < this.connections; i++) {
				int index = i;
				this.threads.add(new Thread(() -> persistent(index), "good-" + i));
			}
			this.threads.add(new Thread(this::reconnecting, "good-reconnecting"));
			this.threads.forEach((thread) -> {
				thread.setDaemon(true);
				thread.start();
			});
		}

		void stop() throws InterruptedException {
			this.running = false;
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

		Map<String, LongAdder> errors() {
			return new TreeMap<>(this.errors);
		}

		private void persistent(int index) {
			long interval = (long) (1e9 * this.connections / this.rate);
			long next = System.nanoTime() + interval * index / this.connections;
			Line socket = null;
			long sequence = 0;
			while (this.running) {
				sleepUntil(next);
				long scheduled = next;
				next += interval;
				Phase p = HostileClient.this.phase;
				try {
					if (socket == null) {
						socket = Line.connect(HostileClient.this.ack);
					}
					exchange(socket, "ping " + index + "-" + sequence++);
					p.record(System.nanoTime() - scheduled);
				}
				catch (IOException ex) {
					error(p, ex);
					closeQuietly(socket);
					socket = null;
				}
			}
			closeQuietly(socket);
		}

		private void reconnecting() {
			long interval = (long) (1e9 / this.reconnectRate);
			long next = System.nanoTime();
			long sequence = 0;
			while (this.running) {
				sleepUntil(next);
				long scheduled = next;
				next += interval;
				Phase p = HostileClient.this.phase;
				boolean mayWait = p.newConnectionsMayWait;
				try (Line socket = Line.connect(HostileClient.this.ack)) {
					exchange(socket, "hello " + sequence++);
					if (mayWait) {
						// served after waiting in the accept queue: reported on its own, not in the phase's p99
						p.servedAfterWaiting(System.nanoTime() - scheduled);
					}
					else {
						p.record(System.nanoTime() - scheduled);
					}
				}
				catch (IOException ex) {
					if (mayWait) {
						// no descriptor for it on the server: it waited in the accept queue past the timeout
						p.waited();
						next = Math.max(next, System.nanoTime());
					}
					else {
						error(p, ex);
					}
				}
			}
		}

		private void error(Phase p, IOException ex) {
			p.error();
			String kind = p.name + ": " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
			this.errors.computeIfAbsent(kind, (k) -> new LongAdder()).increment();
		}

		private void exchange(Line socket, String line) throws IOException {
			socket.write(line);
			String answer = socket.read();
			if (!"ACK".equals(answer)) {
				throw new IOException("unexpected answer '" + answer + "'");
			}
		}

	}

	/**
	 * A connection of the good client: the socket and its buffered input, so reading a line
	 * does not cost a system call per byte.
	 */
	private record Line(Socket socket, InputStream in) implements AutoCloseable {

		static Line connect(InetSocketAddress address) throws IOException {
			Socket socket = new Socket();
			try {
				socket.setTcpNoDelay(true);
				socket.connect(address, IO_TIMEOUT_MILLIS);
				socket.setSoTimeout(IO_TIMEOUT_MILLIS);
				return new Line(socket, new BufferedInputStream(socket.getInputStream()));
			}
			catch (IOException ex) {
				closeQuietly(socket);
				throw ex;
			}
		}

		void write(String line) throws IOException {
			this.socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
		}

		String read() throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			while (true) {
				int b = this.in.read();
				if (b < 0) {
					throw new EOFException("closed by the server");
				}
				if (b == '\n') {
					return line.toString(StandardCharsets.US_ASCII);
				}
				if (line.size() > 1024) {
					throw new IOException("answer too long");
				}
				line.write(b);
			}
		}

		@Override
		public void close() {
			closeQuietly(this.socket);
		}

	}

	// ------------------------------------------------------------------ phases

	private static final class Phase {

		final String name;

		private final LongAdder errors = new LongAdder();

		private long[] latencies = new long[4096];

		private int count;

		private long nanos;

		private long begunAt;

		final AtomicInteger peakThreads = new AtomicInteger();

		final AtomicInteger peakFds = new AtomicInteger();

		final Map<String, AtomicInteger> peakPools = new ConcurrentHashMap<>();

		// while the server is out of descriptors, new connections wait in its accept queue
		volatile boolean newConnectionsMayWait;

		private final LongAdder waited = new LongAdder();

		private volatile long firstBegunAt;

		Phase(String name) {
			this.name = name;
		}

		long begunAtNanos() {
			return this.firstBegunAt;
		}

		void waited() {
			this.waited.increment();
		}

		private final AtomicInteger servedAfterWaiting = new AtomicInteger();

		private final AtomicLong maxWaitingNanos = new AtomicLong();

		void servedAfterWaiting(long latencyNanos) {
			this.servedAfterWaiting.incrementAndGet();
			this.maxWaitingNanos.accumulateAndGet(latencyNanos, Math::max);
		}

		String newConnectionsText() {
			return String.format(Locale.ROOT, "%d served (the slowest after %.0f ms), %d waited past the client's 2 s "
					+ "timeout", this.servedAfterWaiting.get(), this.maxWaitingNanos.get() / 1e6, this.waited.sum());
		}


		synchronized void begin(long now) {
			this.begunAt = now;
			if (this.firstBegunAt == 0) {
				this.firstBegunAt = now;
			}
		}

		synchronized void end(long now) {
			if (this.begunAt != 0) {
				this.nanos += now - this.begunAt;
				this.begunAt = 0;
			}
		}

		synchronized double seconds() {
			return (this.nanos + ((this.begunAt != 0) ? System.nanoTime() - this.begunAt : 0)) / 1e9;
		}

		synchronized void record(long latencyNanos) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = latencyNanos;
		}

		void error() {
			this.errors.increment();
		}

		synchronized long ok() {
			return this.count;
		}

		long errors() {
			return this.errors.sum();
		}

		synchronized double percentileMillis(double percentile) {
			if (this.count == 0) {
				return 0;
			}
			long[] sorted = Arrays.copyOf(this.latencies, this.count);
			Arrays.sort(sorted);
			int index = (int) Math.ceil(percentile / 100 * this.count) - 1;
			return sorted[Math.max(0, Math.min(this.count - 1, index))] / 1e6;
		}

		void sample(int threads, int fds, Map<String, Integer> pools) {
			this.peakThreads.accumulateAndGet(threads, Math::max);
			this.peakFds.accumulateAndGet(fds, Math::max);
			pools.forEach((pool, n) -> this.peakPools.computeIfAbsent(pool, (k) -> new AtomicInteger())
				.accumulateAndGet(n, Math::max));
		}

		int peakPool(String pool) {
			AtomicInteger peak = this.peakPools.get(pool);
			return (peak != null) ? peak.get() : 0;
		}

		String line() {
			return String.format(Locale.ROOT, "%d requests, %d errors, p50 %.1f ms, p99 %.1f ms", ok(), errors(),
					percentileMillis(50), percentileMillis(99));
		}

	}

	/**
	 * Samples the server's threads and descriptors five times a second into the current phase.
	 */
	private final class Sampler {

		private volatile boolean running = true;

		private final Thread thread = new Thread(this::loop, "sampler");

		void start() {
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running = false;
			this.thread.join();
		}

		private void loop() {
			while (this.running && HostileClient.this.server.alive()) {
				try {
					HostileClient.this.phase.sample(HostileClient.this.server.threads(),
							HostileClient.this.server.fds(), HostileClient.this.server.pools());
				}
				catch (RuntimeException ex) {
					// the process went away between two reads
				}
				sleepMillis(200);
			}
		}

	}

	// ------------------------------------------------------------------ attacks

	private interface AttackBody {

		AttackResult run(Phase phase) throws Exception;

	}

	private record Attack(String name, String listener, AttackBody body) {
	}

	private static final class AttackResult {

		long attempts;

		long closedByServer;

		long connectFailures;

		int openAtEnd;

		int activeAfter;

		long heldHeapKib;

		String refused = "";

		String summary = "";

		Phase phase;

		Snapshot after;

		Map<String, Long> counters = Map.of();

		java.util.function.Consumer<Map<String, Long>> expect;

		java.util.function.LongConsumer heapCheck;

		java.util.function.IntConsumer poolCheck;

		/** Events that count the connections the server closed and the connects that failed. */
		Swarm.Events counting() {
			return new Swarm.Events() {
				@Override
				public void closedByServer(Swarm.Conn conn, String how) {
					AttackResult.this.closedByServer++;
				}

				@Override
				public void connectFailed(Swarm.Conn conn, IOException ex) {
					AttackResult.this.connectFailures++;
				}
			};
		}

	}

	/**
	 * Non-blocking connections driven by one thread: connects, writes, and notices when the
	 * server closes or resets a connection.
	 */
	private static final class Swarm implements AutoCloseable {

		interface Events {

			default void connected(Conn conn) {
			}

			default void closedByServer(Conn conn, String how) {
			}

			default void connectFailed(Conn conn, IOException ex) {
			}

		}

		final class Conn {

			final SocketChannel channel;

			final long openedAt = System.nanoTime();

			long connectedAt;

			int sent;

			long nextAt;

			ByteBuffer pending;

			Conn(SocketChannel channel) {
				this.channel = channel;
			}

			double age() {
				return (System.nanoTime() - ((this.connectedAt != 0) ? this.connectedAt : this.openedAt)) / 1e9;
			}

		}

		private final Selector selector = Selector.open();

		private final List<Conn> conns = new ArrayList<>();

		private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);

		Swarm() throws IOException {
		}

		int size() {
			return this.conns.size();
		}

		List<Conn> connected() {
			return this.conns.stream().filter((c) -> c.connectedAt != 0).collect(Collectors.toList());
		}

		/** Connections connected at least {@code nanos} ago and still open. */
		int settled(long nanos) {
			long now = System.nanoTime();
			int n = 0;
			for (Conn c : this.conns) {
				if (c.connectedAt != 0 && now - c.connectedAt >= nanos) {
					n++;
				}
			}
			return n;
		}

		Conn open(InetSocketAddress target, InetSocketAddress source, Events events) throws IOException {
			SocketChannel channel = SocketChannel.open();
			channel.configureBlocking(false);
			if (source != null) {
				channel.bind(source);
			}
			Conn conn = new Conn(channel);
			this.conns.add(conn);
			boolean done = channel.connect(target);
			channel.register(this.selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, conn);
			if (done) {
				conn.connectedAt = System.nanoTime();
				events.connected(conn);
			}
			return conn;
		}

		void poll(long timeoutMillis, Events events) throws IOException {
			this.selector.select(timeoutMillis);
			for (Iterator<SelectionKey> it = this.selector.selectedKeys().iterator(); it.hasNext();) {
				SelectionKey key = it.next();
				it.remove();
				Conn conn = (Conn) key.attachment();
				if (!key.isValid()) {
					continue;
				}
				try {
					if (key.isConnectable()) {
						conn.channel.finishConnect();
						conn.connectedAt = System.nanoTime();
						key.interestOps(SelectionKey.OP_READ);
						events.connected(conn);
					}
					else if (key.isReadable()) {
						this.readBuffer.clear();
						if (conn.channel.read(this.readBuffer) < 0) {
							drop(conn);
							events.closedByServer(conn, "eof");
						}
					}
				}
				catch (IOException ex) {
					drop(conn);
					if (conn.connectedAt == 0) {
						events.connectFailed(conn, ex);
					}
					else {
						events.closedByServer(conn, "reset");
					}
				}
			}
		}

		/** Write bytes; what the socket does not take now is written by {@link #flush}. */
		void write(Conn conn, byte[] bytes, int offset, int length, Events events) {
			if (!this.conns.contains(conn)) {
				return;
			}
			try {
				ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
				conn.sent += conn.channel.write(buffer);
				conn.pending = buffer.hasRemaining() ? buffer : null;
			}
			catch (IOException ex) {
				drop(conn);
				events.closedByServer(conn, "reset on write");
			}
		}

		void flush(Events events) {
			for (Conn conn : new ArrayList<>(this.conns)) {
				if (conn.pending != null) {
					try {
						conn.sent += conn.channel.write(conn.pending);
						if (!conn.pending.hasRemaining()) {
							conn.pending = null;
						}
					}
					catch (IOException ex) {
						drop(conn);
						events.closedByServer(conn, "reset on write");
					}
				}
			}
		}

		private void drop(Conn conn) {
			this.conns.remove(conn);
			closeQuietly(conn.channel);
		}

		/** Reset every connection (SO_LINGER 0): the peer vanishes without a FIN. */
		void resetAll() {
			for (Conn conn : this.conns) {
				try {
					conn.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
				}
				catch (IOException ex) {
					// closed below all the same
				}
				closeQuietly(conn.channel);
			}
			this.conns.clear();
		}

		@Override
		public void close() throws IOException {
			this.conns.forEach((c) -> closeQuietly(c.channel));
			this.conns.clear();
			this.selector.close();
		}

	}

	// ------------------------------------------------------------------
	// the server, from outside

	private record Snapshot(int threads, int fds, long heapKib, long rssKib, Map<String, Integer> pools,
			Map<String, Integer> threadNames, Metrics metrics) {
	}

	private static final class Server {

		private final int pid;

		private final URI prometheus;

		private final URI tcpEndpoint;

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private final String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

		Server(int pid, String host, int httpPort) {
			this.pid = pid;
			this.prometheus = URI.create("http://" + host + ":" + httpPort + "/actuator/prometheus");
			this.tcpEndpoint = URI.create("http://" + host + ":" + httpPort + "/actuator/tcp");
		}

		boolean alive() {
			return Files.exists(Path.of("/proc/" + this.pid + "/status"));
		}

		int threads() {
			return (int) statusKib("Threads:");
		}

		long rssKib() {
			return statusKib("VmRSS:");
		}

		private long statusKib(String field) {
			try {
				for (String line : Files.readAllLines(Path.of("/proc/" + this.pid + "/status"))) {
					if (line.startsWith(field)) {
						return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
					}
				}
			}
			catch (IOException ex) {
				// gone
			}
			return -1;
		}

		/** The server's {@code Max open files} (soft limit), from {@code /proc/PID/limits}, or -1. */
		long maxOpenFiles() {
			try {
				for (String line : Files.readAllLines(Path.of("/proc/" + this.pid + "/limits"))) {
					if (line.startsWith("Max open files")) {
						return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
					}
				}
			}
			catch (IOException | NumberFormatException ex) {
				// gone, or unlimited
			}
			return -1;
		}

		int fds() {
			try (Stream<Path> fds = Files.list(Path.of("/proc/" + this.pid + "/fd"))) {
				return (int) fds.count();
			}
			catch (IOException | RuntimeException ex) {
				return -1;
			}
		}

		/** Threads per listener pool, by the kernel's (15-character) thread names. */
		Map<String, Integer> pools() {
			Map<String, Integer> pools = new LinkedHashMap<>();
			for (String pool : POOLS) {
				pools.put(pool, 0);
			}
			try (Stream<Path> tasks = Files.list(Path.of("/proc/" + this.pid + "/task"))) {
				tasks.forEach((task) -> {
					try {
						String name = Files.readString(task.resolve("comm")).trim();
						for (String pool : POOLS) {
							if (name.startsWith(pool) && name.length() > pool.length()
									&& Character.isDigit(name.charAt(pool.length()))) {
								pools.merge(pool, 1, Integer::sum);
							}
						}
					}
					catch (IOException ex) {
						// the thread ended
					}
				});
			}
			catch (IOException | RuntimeException ex) {
				// gone
			}
			return pools;
		}

		/** Threads by kernel name with the numbers replaced by N. */
		Map<String, Integer> threadNames() {
			Map<String, Integer> names = new TreeMap<>();
			try (Stream<Path> tasks = Files.list(Path.of("/proc/" + this.pid + "/task"))) {
				tasks.forEach((task) -> {
					try {
						names.merge(Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "N"), 1,
								Integer::sum);
					}
					catch (IOException ex) {
						// the thread ended
					}
				});
			}
			catch (IOException | RuntimeException ex) {
				// gone
			}
			return names;
		}

		/**
		 * Live objects in KiB: the total of a class histogram, which the JVM takes at a
		 * safepoint right after a full GC.
		 */
		long liveHeapKib() throws IOException {
			String histogram = run(this.jcmd, String.valueOf(this.pid), "GC.class_histogram");
			Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
			if (!m.find()) {
				throw new IOException("no total in the class histogram: "
						+ histogram.substring(Math.max(0, histogram.length() - 200)));
			}
			return Long.parseLong(m.group(1)) / 1024;
		}

		long liveHeapKibUnchecked() {
			try {
				return liveHeapKib();
			}
			catch (IOException ex) {
				return -1;
			}
		}

		/** Heap in use after a full GC, in KiB. */
		long heapAfterGc() throws IOException {
			run(this.jcmd, String.valueOf(this.pid), "GC.run");
			String info = run(this.jcmd, String.valueOf(this.pid), "GC.heap_info");
			Matcher m = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(info);
			if (!m.find()) {
				throw new IOException("no heap figure in: " + info);
			}
			return Long.parseLong(m.group(1));
		}

		private static String run(String... command) throws IOException {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			try {
				process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return output;
		}

		Metrics metrics() throws IOException {
			return Metrics.parse(get(this.prometheus));
		}

		String endpoint() {
			try {
				return get(this.tcpEndpoint);
			}
			catch (IOException ex) {
				return "unreadable: " + ex.getMessage();
			}
		}

		private String get(URI uri) throws IOException {
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					throw new IOException(uri + ": HTTP " + response.statusCode());
				}
				return response.body();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}

		Snapshot snapshot(boolean gc) throws IOException {
			long heap = gc ? heapAfterGc() : -1;
			return new Snapshot(threads(), fds(), heap, rssKib(), pools(), threadNames(), metrics());
		}

		Snapshot snapshotUnchecked(boolean gc) {
			try {
				return snapshot(gc);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private record Series(String name, Map<String, String> labels, double value) {
	}

	private record Metrics(List<Series> series) {

		private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");

		private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

		static Metrics parse(String text) {
			List<Series> series = new ArrayList<>();
			for (String line : text.split("\n")) {
				if (line.startsWith("#") || line.isBlank()) {
					continue;
				}
				Matcher m = LINE.matcher(line);
				if (!m.matches()) {
					continue;
				}
				Map<String, String> labels = new TreeMap<>();
				if (m.group(3) != null) {
					Matcher l = LABEL.matcher(m.group(3));
					while (l.find()) {
						labels.put(l.group(1), l.group(2));
					}
				}
				try {
					series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4))));
				}
				catch (NumberFormatException ex) {
					// NaN and friends are not counters
				}
			}
			return new Metrics(series);
		}

		double sum(String name, String label, String value) {
			return this.series.stream()
				.filter((s) -> s.name.equals(name) && value.equals(s.labels.get(label)))
				.mapToDouble(Series::value)
				.sum();
		}

		/** The sum of the series whose name starts with {@code prefix} (any unit suffix). */
		double sumStartingWith(String prefix, String label, String value) {
			return this.series.stream()
				.filter((s) -> s.name.startsWith(prefix) && value.equals(s.labels.get(label)))
				.mapToDouble(Series::value)
				.sum();
		}

		/**
		 * The counters of one listener that moved since {@code before}: rejections by
		 * reason, errors by kind, connections opened.
		 */
		Map<String, Long> minus(Metrics before, String listener) {
			Map<String, Long> delta = new LinkedHashMap<>();
			for (Series s : this.series) {
				if (!listener.equals(s.labels.get("listener"))) {
					continue;
				}
				String key = switch (s.name) {
					case "tcp_server_connections_opened_connections_total" -> "opened";
					case "tcp_server_connections_rejected_connections_total" -> "rejected{" + s.labels.get("reason") + "}";
					case "tcp_server_errors_total" -> "errors{" + s.labels.get("kind") + "}";
					case "tcp_server_connections_timed_out_connections_total" -> "timed-out{" + s.labels.get("timeout") + "}";
					default -> null;
				};
				if (key == null) {
					continue;
				}
				double previous = before.series.stream()
					.filter((b) -> b.name.equals(s.name) && b.labels.equals(s.labels))
					.mapToDouble(Series::value)
					.sum();
				long moved = Math.round(s.value - previous);
				if (moved != 0) {
					delta.merge(key, moved, Long::sum);
				}
			}
			return delta;
		}

	}

	// ------------------------------------------------------------------ helpers

	private static SSLContext tlsContext(Path certificate) throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		try (InputStream in = Files.newInputStream(certificate)) {
			trust.setCertificateEntry("sample", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);
		return context;
	}

	private static boolean waitUntil(int seconds, BooleanSupplier condition) {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				return false;
			}
			sleepMillis(500);
		}
		return true;
	}

	private static void sleepUntil(long nanoTime) {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void sleepMillis(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepSeconds(int seconds) {
		sleepMillis(seconds * 1000L);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to release
		}
	}

}
