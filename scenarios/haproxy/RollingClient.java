import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request/response load for the HAProxy scenario, run without a build step:
 * {@code java RollingClient.java <host> <port> <seconds> [connections] [pause-ms]}.
 * <p>
 * It keeps {@code connections} (4) connections, each sending a numbered line and waiting for its
 * answer, {@code <line> from <host>:<port>}, then pausing {@code pause-ms} (5) before the next. When
 * a connection fails before the answer (reset, closed, or no answer within the read timeout), the
 * request is known to be unanswered: it is counted as retried and sent again on a new connection
 * (a connect that fails before anything was written is tried again and counted as a connect
 * failure instead). A
 * request counts as sent once it is issued, and ends either answered or, when it is still unanswered
 * after the grace period that follows the run, or when its answer is not its line, lost.
 * An answer that echoes the line but names another address than this client's own end of the
 * connection (for instance the balancer's) counts as answered and as a wrong address.
 * <p>
 * The run ends after {@code seconds}, or earlier on SIGTERM; then no new request starts, the
 * requests in flight get the grace period, and the last line printed is
 * {@code RESULT sent=<n> answered=<n> retried=<n> lost=<n> wrong-address=<n>}. The exit status is
 * 1 when a request was lost or answered with a wrong address, 0 otherwise.
 */
public final class RollingClient {

	private static final int CONNECT_TIMEOUT_MILLIS = 2000;

	private static final int READ_TIMEOUT_MILLIS = 3000;

	private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(15);

	private static final long RECONNECT_PAUSE_MILLIS = 50;

	private static final int MAX_LINE = 1024;

	private static final int MAX_EVENTS = 100;

	private final String host;

	private final int port;

	private final long pauseMillis;

	private final long startedAt = System.nanoTime();

	private volatile long endAt;

	private final LongAdder sent = new LongAdder();

	private final LongAdder answered = new LongAdder();

	private final LongAdder retried = new LongAdder();

	private final LongAdder lost = new LongAdder();

	private final LongAdder wrongAddress = new LongAdder();

	private final LongAdder connects = new LongAdder();

	private final LongAdder connectFailures = new LongAdder();

	private final AtomicInteger events = new AtomicInteger();

	private int status = -1;

	private RollingClient(String host, int port, long seconds, long pauseMillis) {
		this.host = host;
		this.port = port;
		this.pauseMillis = pauseMillis;
		this.endAt = this.startedAt + TimeUnit.SECONDS.toNanos(seconds);
	}

	/**
	 * Run the client.
	 * @param args host, port, seconds, and optionally the number of connections and the pause
	 * between requests in milliseconds
	 * @throws InterruptedException if interrupted while waiting for the connections
	 */
	public static void main(String[] args) throws InterruptedException {
		if (args.length < 3 || args.length > 5) {
			System.err.println("Usage: java RollingClient.java <host> <port> <seconds> [connections] [pause-ms]");
			System.exit(2);
		}
		int connections = (args.length > 3) ? Integer.parseInt(args[3]) : 4;
		long pause = (args.length > 4) ? Long.parseLong(args[4]) : 5;
		RollingClient client = new RollingClient(args[0], Integer.parseInt(args[1]), Long.parseLong(args[2]), pause);
		System.out.printf("started: %d connections to %s:%s for at most %ss%n", connections, args[0], args[1], args[2]);
		System.out.flush();
		List<Thread> workers = new ArrayList<>();
		for (int i = 1; i <= connections; i++) {
			int id = i;
			Thread worker = new Thread(() -> client.work(id), "client-" + id);
			workers.add(worker);
			worker.start();
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			// SIGTERM: stop starting requests, let those
			// in flight finish, report, and set the status
			client.endAt = Math.min(client.endAt, System.nanoTime());
			Runtime.getRuntime().halt(client.finish(workers));
		}));
		int status = client.finish(workers);
		Runtime.getRuntime().halt(status);
	}

	private synchronized int finish(List<Thread> workers) {
		if (this.status >= 0) {
			return this.status;
		}
		for (Thread worker : workers) {
			try {
				worker.join(TimeUnit.NANOSECONDS.toMillis(GRACE_NANOS) + READ_TIMEOUT_MILLIS + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		double seconds = (System.nanoTime() - this.startedAt) / 1e9;
		System.out.printf("connections=%d connects=%d connect-failures=%d seconds=%.1f rate=%.0f/s%n", workers.size(),
				this.connects.sum(), this.connectFailures.sum(), seconds, this.answered.sum() / seconds);
		System.out.printf("RESULT sent=%d answered=%d retried=%d lost=%d wrong-address=%d%n", this.sent.sum(),
				this.answered.sum(), this.retried.sum(), this.lost.sum(), this.wrongAddress.sum());
		System.out.flush();
		this.status = (this.lost.sum() > 0 || this.wrongAddress.sum() > 0) ? 1 : 0;
		return this.status;
	}

	private void work(int id) {
		Connection connection = null;
		long sequence = 0;
		String pending = null;
		while (true) {
			if (pending == null) {
				if (System.nanoTime() >= this.endAt) {
					break;
				}
				pending = "c" + id + "-" + (++sequence);
				this.sent.increment();
			}
			else if (System.nanoTime() >= this.endAt + GRACE_NANOS) {
				this.lost.increment();
				event(pending + " lost: still unanswered " + GRACE_NANOS / 1_000_000_000 + "s after the end");
				break;
			}
			try {
				if (connection == null) {
					connection = connect();
				}
				String answer = connection.exchange(pending);
				String prefix = pending + " from ";
				String expected = prefix + connection.localAddress();
				if (answer.equals(expected)) {
					this.answered.increment();
				}
				else if (answer.startsWith(prefix)) {
					this.answered.increment();
					this.wrongAddress.increment();
					event(pending + " answered with a wrong address: '" + answer + "', expected '" + expected + "'");
				}
				else {
					this.lost.increment();
					event(pending + " lost: wrong answer '" + answer + "'");
					connection.close();
					connection = null;
				}
				pending = null;
				pause(this.pauseMillis);
			}
			catch (IOException ex) {
				if (connection != null) {
					connection.close();
					this.retried.increment();
					event(pending + " retried: " + describe(ex) + " on " + connection.localAddress());
				}
				else {
					this.connectFailures.increment();
					event(pending + " not sent: connect failed: " + describe(ex));
				}
				connection = null;
				pause(RECONNECT_PAUSE_MILLIS);
			}
		}
		if (connection != null) {
			connection.close();
		}
	}

	private Connection connect() throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(this.host, this.port), CONNECT_TIMEOUT_MILLIS);
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			this.connects.increment();
			return new Connection(socket);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private void event(String message) {
		int count = this.events.incrementAndGet();
		if (count <= MAX_EVENTS) {
			System.out.printf("%7.3fs %s%n", (System.nanoTime() - this.startedAt) / 1e9, message);
		}
		else if (count == MAX_EVENTS + 1) {
			System.out.println("(more events not shown)");
		}
	}

	private static String describe(IOException ex) {
		if (ex instanceof SocketTimeoutException) {
			return "no answer within " + READ_TIMEOUT_MILLIS + "ms";
		}
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? " (" + ex.getMessage() + ")" : "");
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One connection: writes a line, reads a line that must end with {@code \n} (a line cut off by
	 * the end of the connection is no answer; one longer than 1024 bytes is a wrong one).
	 */
	private static final class Connection {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private final String localAddress;

		Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new BufferedInputStream(socket.getInputStream());
			this.out = socket.getOutputStream();
			this.localAddress = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
		}

		String exchange(String line) throws IOException {
			this.out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.out.flush();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			int next;
			while ((next = this.in.read()) != '\n') {
				if (next < 0) {
					throw new EOFException("connection closed before the answer"
							+ ((answer.size() > 0) ? " (" + answer.size() + " bytes of it)" : ""));
				}
				if (answer.size() == MAX_LINE) {
					break;
				}
				answer.write(next);
			}
			return answer.toString(StandardCharsets.UTF_8);
		}

		String localAddress() {
			return this.localAddress;
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing is all we wanted
			}
		}

	}

}
