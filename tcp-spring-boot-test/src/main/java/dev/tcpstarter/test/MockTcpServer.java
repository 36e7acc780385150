package dev.tcpstarter.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Scripted TCP server on the loopback address, standing in for a remote TCP service in
 * tests of code that calls one. Each accepted connection is served on its own daemon
 * thread; incoming bytes are decoded with the {@link #framing(Framing) framing}, every
 * frame is recorded, and the first matching {@link #expect(byte[]) expectation} runs its
 * {@link MockTcpScript script}. Frames that match nothing are recorded and get no reply.
 * <pre class="code">
 * try (MockTcpServer server = MockTcpServer.create().framing(Framing.LF).start()) {
 * 	server.onConnect().thenReply("HELLO");
 * 	server.expect("PING").thenReply("PONG");
 * 	server.expect("QUIT").thenClose();
 * 	// exercise the code under test against server.getPort()
 * 	assertThat(server.awaitReceived(2, Duration.ofSeconds(5))).hasSize(2);
 * }
 * </pre> It is also a JUnit Jupiter extension. Registered on a static field it starts
 * before all tests, forgets its scripts, recordings and connections before each test, and
 * stops after all tests; registered on an instance field it starts before each test and
 * stops after it: <pre class="code">
 * &#064;RegisterExtension
 * static MockTcpServer server = MockTcpServer.create();
 * </pre> Scripts are therefore registered in the test method or in a {@code @BeforeEach}
 * method.
 *
 * @since 0.1.0
 */
public final class MockTcpServer
		implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	private static final Log logger = LogFactory.getLog(MockTcpServer.class);

	private final int requestedPort;

	private final MockRecording recording = new MockRecording();

	private final List<Rule> rules = new CopyOnWriteArrayList<>();

	private final List<MockTcpScript> connectScripts = new CopyOnWriteArrayList<>();

	private final Set<MockConnection> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger threadCount = new AtomicInteger();

	private volatile Framing framing = Framing.RAW;

	private @Nullable ServerSocket serverSocket;

	private int classScopes;

	private MockTcpServer(int port) {
		this.requestedPort = port;
	}

	/**
	 * Create a server that binds any free port on the loopback address when started.
	 * @return a server that is not started yet
	 */
	public static MockTcpServer create() {
		return new MockTcpServer(0);
	}

	/**
	 * Create a server that binds the given port on the loopback address when started.
	 * @param port the port, or 0 for any free port
	 * @return a server that is not started yet
	 */
	public static MockTcpServer create(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("Port must be between 0 and 65535, not " + port);
		}
		return new MockTcpServer(port);
	}

	/**
	 * Set the framing used to decode incoming frames and encode replies;
	 * {@link Framing#RAW} by default.
	 * @param framing the framing
	 * @return this server
	 */
	public MockTcpServer framing(Framing framing) {
		this.framing = framing;
		return this;
	}

	/**
	 * Use {@link Framing#lengthPrefix(int) length-prefix} framing with the given header
	 * size.
	 * @param size the size of the length header in bytes: 1, 2 or 4
	 * @return this server
	 */
	public MockTcpServer lengthPrefix(int size) {
		return framing(Framing.lengthPrefix(size));
	}

	/**
	 * Bind the port and start accepting connections, unless the server is running
	 * already.
	 * @return this server
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public synchronized MockTcpServer start() {
		if (this.serverSocket == null) {
			this.serverSocket = bind();
		}
		return this;
	}

	private ServerSocket bind() {
		try {
			ServerSocket socket = new ServerSocket();
			try {
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.requestedPort), 128);
			}
			catch (IOException ex) {
				socket.close();
				throw ex;
			}
			startDaemon(() -> acceptConnections(socket), "mock-tcp-server-" + socket.getLocalPort());
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not bind mock TCP server to port " + this.requestedPort, ex);
		}
	}

	/**
	 * Return the bound port, starting the server if it is not running.
	 * @return the port
	 */
	public synchronized int getPort() {
		ServerSocket socket = this.serverSocket;
		return (socket != null) ? socket.getLocalPort() : start().getPort();
	}

	/**
	 * Whether the server is accepting connections.
	 * @return {@code true} between {@link #start()} and {@link #close()}
	 */
	public synchronized boolean isRunning() {
		return this.serverSocket != null;
	}

	/**
	 * Script the reaction to frames equal to the given bytes.
	 * @param frame the expected frame payload
	 * @return the script to run for each matching frame
	 */
	public MockTcpScript expect(byte[] frame) {
		byte[] expected = frame.clone();
		return addRule((received) -> Arrays.equals(expected, received), false);
	}

	/**
	 * Script the reaction to frames equal to the given UTF-8 text.
	 * @param frame the expected frame payload
	 * @return the script to run for each matching frame
	 */
	public MockTcpScript expect(String frame) {
		return expect(frame.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Script the reaction to frames accepted by the given predicate.
	 * @param matcher the predicate, called on connection threads
	 * @return the script to run for each matching frame
	 */
	public MockTcpScript expect(Predicate<byte[]> matcher) {
		return addRule(matcher, false);
	}

	/**
	 * Script the reaction to frames that match no {@code expect} rule.
	 * @return the script to run for each such frame
	 */
	public MockTcpScript whenAnyFrame() {
		return addRule((received) -> true, true);
	}

	/**
	 * Script what happens when a connection is accepted, before its first frame is read,
	 * for example a greeting: {@code server.onConnect().thenReply("HELLO")}.
	 * @return the script to run for each new connection
	 */
	public MockTcpScript onConnect() {
		MockTcpScript script = new MockTcpScript();
		this.connectScripts.add(script);
		return script;
	}

	private MockTcpScript addRule(Predicate<byte[]> matcher, boolean fallback) {
		MockTcpScript script = new MockTcpScript();
		this.rules.add(new Rule(matcher, script, fallback));
		return script;
	}

	/**
	 * Return all frames received on all connections, in arrival order.
	 * @return a copy of the received frames
	 */
	public List<byte[]> received() {
		return this.recording.frames();
	}

	/**
	 * Return all frames received on all connections, in arrival order, as UTF-8 text.
	 * @return the received frames as text
	 */
	public List<String> receivedStrings() {
		return MockRecording.asStrings(received());
	}

	/**
	 * Wait until at least the given number of frames has been received.
	 * @param count the number of frames
	 * @param timeout how long to wait
	 * @return a copy of all frames received so far
	 * @throws AssertionError if fewer frames arrive within the timeout
	 */
	public List<byte[]> awaitReceived(int count, Duration timeout) {
		return this.recording.awaitFrames(count, timeout);
	}

	/**
	 * Return the number of connections accepted since the server was created or last
	 * reset.
	 * @return the number of accepted connections
	 */
	public int connectionCount() {
		return this.recording.connections();
	}

	/**
	 * Wait until at least the given number of connections has been accepted.
	 * @param count the number of connections
	 * @param timeout how long to wait
	 * @throws AssertionError if fewer connections are accepted within the timeout
	 */
	public void awaitConnections(int count, Duration timeout) {
		this.recording.awaitConnections(count, timeout);
	}

	/**
	 * Close open connections and forget all scripts and recordings. A running server
	 * keeps its port.
	 */
	public synchronized void reset() {
		this.recording.reset();
		this.connections.forEach(MockConnection::close);
		this.rules.clear();
		this.connectScripts.clear();
	}

	/**
	 * Stop accepting connections and close open ones. Scripts and recordings are kept;
	 * the server can be started again.
	 */
	@Override
	public synchronized void close() {
		ServerSocket socket = this.serverSocket;
		this.serverSocket = null;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				logger.debug("Could not close mock TCP server socket", ex);
			}
		}
		this.connections.forEach(MockConnection::close);
	}

	/**
	 * Start the server when registered on a static field.
	 * @param context the extension context
	 */
	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		this.classScopes++;
		start();
	}

	/**
	 * Forget scripts, recordings and connections of earlier tests, and start the server
	 * if needed.
	 * @param context the extension context
	 */
	@Override
	public synchronized void beforeEach(ExtensionContext context) {
		reset();
		start();
	}

	/**
	 * Stop the server when registered on an instance field.
	 * @param context the extension context
	 */
	@Override
	public synchronized void afterEach(ExtensionContext context) {
		if (this.classScopes == 0) {
			close();
		}
	}

	/**
	 * Stop the server after the last test class that it was registered for statically.
	 * @param context the extension context
	 */
	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (this.classScopes > 0 && --this.classScopes == 0) {
			close();
		}
	}

	Framing currentFraming() {
		return this.framing;
	}

	List<MockTcpScript> connectScripts() {
		return this.connectScripts;
	}

	@Nullable MockTcpScript scriptFor(byte[] frame) {
		Rule fallback = null;
		for (Rule rule : this.rules) {
			if (!rule.fallback()) {
				if (rule.matcher().test(frame)) {
					return rule.script();
				}
			}
			else if (fallback == null) {
				fallback = rule;
			}
		}
		return (fallback != null) ? fallback.script() : null;
	}

	void record(int generation, byte[] frame) {
		this.recording.record(generation, frame);
	}

	void connectionEnded(MockConnection connection) {
		this.connections.remove(connection);
	}

	private void acceptConnections(ServerSocket serverSocket) {
		while (!serverSocket.isClosed()) {
			try {
				register(serverSocket, serverSocket.accept());
			}
			catch (IOException ex) {
				if (!serverSocket.isClosed()) {
					logger.warn("Mock TCP server on port " + serverSocket.getLocalPort() + " stopped accepting", ex);
					return;
				}
			}
		}
	}

	private synchronized void register(ServerSocket serverSocket, Socket socket) throws IOException {
		if (this.serverSocket != serverSocket) {
			socket.close();
			return;
		}
		socket.setTcpNoDelay(true);
		int generation = this.recording.generation();
		MockConnection connection = new MockConnection(this, socket, generation);
		this.connections.add(connection);
		this.recording.connected(generation);
		startDaemon(connection,
				"mock-tcp-server-" + serverSocket.getLocalPort() + "-connection-" + this.threadCount.incrementAndGet());
	}

	private static void startDaemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private record Rule(Predicate<byte[]> matcher, MockTcpScript script, boolean fallback) {
	}

}
