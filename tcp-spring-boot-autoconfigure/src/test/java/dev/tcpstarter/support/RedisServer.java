package dev.tcpstarter.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's package) run by a test on a free loopback port,
 * without persistence; it can be stopped and started again on the same port to play an
 * outage. Tests that need it are skipped when the binary is missing ({@code .ci/run}
 * installs it).
 */
public final class RedisServer implements AutoCloseable {

	private static final String BINARY = "/usr/bin/redis-server";

	private final int port;

	private final Path directory;

	private Process process;

	private RedisServer(int port) throws IOException {
		this.port = port;
		this.directory = Files.createTempDirectory("redis-test-");
	}

	/**
	 * Start a server on a free port; skips the test if {@code redis-server} is not
	 * installed.
	 * @return the running server
	 */
	public static RedisServer start() {
		Assumptions.assumeTrue(new File(BINARY).canExecute(), BINARY + " is not installed");
		try {
			RedisServer server = new RedisServer(freePort());
			server.startProcess();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reserve a port for a server that a test starts later with {@link #on(int)}.
	 * @return a port nothing listens on
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a server on a given port.
	 * @param port the port
	 * @return the running server
	 */
	public static RedisServer on(int port) {
		Assumptions.assumeTrue(new File(BINARY).canExecute(), BINARY + " is not installed");
		try {
			RedisServer server = new RedisServer(port);
			server.startProcess();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the {@code spring.data.redis.*} properties that point at this server.
	 * @return the properties
	 */
	public String[] properties() {
		return new String[] { "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port };
	}

	/**
	 * Kill the server (SIGKILL: connections are reset, nothing is saved).
	 */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Freeze the server (SIGSTOP): connections stay open and the kernel still takes what
	 * clients write, but nothing is answered until {@link #resume()}: a hung Redis.
	 */
	public synchronized void pause() {
		signal("STOP");
	}

	/**
	 * Let a frozen server go on (SIGCONT); it answers what was written meanwhile.
	 */
	public synchronized void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		if (this.process == null) {
			throw new IllegalStateException("redis-server is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO()
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " failed for redis-server " + this.process.pid());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Start the server again on the same port.
	 */
	public synchronized void restart() {
		stop();
		try {
			startProcess();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Publish a message on a Redis channel with a plain RESP command, as another
	 * application would.
	 * @param channel the channel
	 * @param message the message bytes
	 */
	public void publish(String channel, byte[] message) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("*3\r\n$7\r\nPUBLISH\r\n$" + channel.getBytes(StandardCharsets.UTF_8).length + "\r\n" + channel
					+ "\r\n$" + message.length + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
			out.write(message);
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			int first = socket.getInputStream().read();
			if (first != ':') {
				throw new IllegalStateException("Unexpected reply to PUBLISH: " + (char) first);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private synchronized void startProcess() throws IOException {
		this.process = new ProcessBuilder(List.of(BINARY, "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", this.directory.toString()))
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("redis.log").toFile())
			.start();
		try {
			// a condition that throws ends the wait with that exception
			Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							"redis-server exited: " + Files.readString(this.directory.resolve("redis.log")));
				}
				return ping();
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("redis-server did not answer PING on port " + this.port, ex);
		}
	}

	private boolean ping() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			socket.setSoTimeout(1000);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			return in.read() == '+';
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		stop();
		try (var files = Files.walk(this.directory)) {
			files.sorted((a, b) -> b.compareTo(a)).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temporary directory is harmless
		}
	}

}
