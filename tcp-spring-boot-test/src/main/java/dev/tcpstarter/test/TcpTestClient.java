package dev.tcpstarter.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Blocking TCP client for tests of TCP services, with the same framing options as a
 * listener. <pre class="code">
 * try (TcpTestClient client = TcpTestClient.connect(port).framing(Framing.LF)) {
 * 	client.send("PING").expect("PONG");
 * }
 * </pre> Every read waits at most the {@link #timeout(Duration) timeout} (5 seconds by
 * default) and fails with an {@link AssertionError} when nothing suitable arrives; I/O
 * failures while connecting or sending are reported as {@link UncheckedIOException}.
 * Instances are not thread-safe.
 *
 * @since 0.1.0
 */
public final class TcpTestClient implements AutoCloseable {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private final Socket socket;

	private final String address;

	private final OutputStream output;

	private final FrameReader reader;

	private Framing framing = Framing.RAW;

	private Duration timeout = DEFAULT_TIMEOUT;

	private TcpTestClient(Socket socket, String address) throws IOException {
		this.socket = socket;
		this.address = address;
		this.output = socket.getOutputStream();
		this.reader = new FrameReader(socket.getInputStream());
	}

	/**
	 * Connect to the given port on the loopback address.
	 * @param port the port
	 * @return a connected client
	 * @throws UncheckedIOException if the connection cannot be established
	 */
	public static TcpTestClient connect(int port) {
		return connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "localhost:" + port);
	}

	/**
	 * Connect to the given host and port.
	 * @param host the host name or address
	 * @param port the port
	 * @return a connected client
	 * @throws UncheckedIOException if the connection cannot be established
	 */
	public static TcpTestClient connect(String host, int port) {
		return connect(new InetSocketAddress(host, port), host + ":" + port);
	}

	private static TcpTestClient connect(InetSocketAddress endpoint, String address) {
		Socket socket = new Socket();
		try {
			socket.connect(endpoint, (int) DEFAULT_TIMEOUT.toMillis());
			socket.setTcpNoDelay(true);
			socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
			return new TcpTestClient(socket, address);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new UncheckedIOException("Could not connect to " + address, ex);
		}
	}

	/**
	 * Set how long each read waits for data (the socket's {@code SO_TIMEOUT}).
	 * @param timeout the timeout, at least one millisecond
	 * @return this client
	 */
	public TcpTestClient timeout(Duration timeout) {
		if (timeout.toMillis() < 1) {
			throw new IllegalArgumentException("Timeout must be at least 1ms, not " + timeout);
		}
		try {
			this.socket.setSoTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
		}
		catch (SocketException ex) {
			throw new UncheckedIOException("Could not set the timeout of the connection to " + this.address, ex);
		}
		this.timeout = timeout;
		return this;
	}

	/**
	 * Set the framing used to encode sent frames and decode received ones;
	 * {@link Framing#RAW} by default.
	 * @param framing the framing
	 * @return this client
	 */
	public TcpTestClient framing(Framing framing) {
		this.framing = framing;
		return this;
	}

	/**
	 * Use {@link Framing#lengthPrefix(int) length-prefix} framing with the given header
	 * size.
	 * @param size the size of the length header in bytes: 1, 2 or 4
	 * @return this client
	 */
	public TcpTestClient lengthPrefix(int size) {
		return framing(Framing.lengthPrefix(size));
	}

	/**
	 * Send one frame, encoded with the framing.
	 * @param payload the frame payload
	 * @return this client
	 */
	public TcpTestClient send(byte[] payload) {
		return sendRaw(this.framing.encode(payload));
	}

	/**
	 * Send one frame of UTF-8 text, encoded with the framing.
	 * @param payload the frame payload
	 * @return this client
	 */
	public TcpTestClient send(String payload) {
		return send(payload.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Write the given bytes as they are, in one write, without framing.
	 * @param bytes the bytes to write
	 * @return this client
	 */
	public TcpTestClient sendRaw(byte[] bytes) {
		try {
			this.output.write(bytes);
			this.output.flush();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not send " + bytes.length + " bytes to " + this.address, ex);
		}
	}

	/**
	 * Receive the next frame. With {@link Framing#RAW raw} framing, a frame is what one
	 * read returns.
	 * @return the frame payload
	 * @throws AssertionError if no frame arrives within the timeout or the connection
	 * ends first
	 */
	public byte[] expectFrame() {
		return receive("frame", () -> this.reader.readFrame(this.framing));
	}

	/**
	 * Receive the next frame as UTF-8 text.
	 * @return the frame payload as text
	 * @throws AssertionError if no frame arrives within the timeout or the connection
	 * ends first
	 */
	public String expectString() {
		return new String(expectFrame(), StandardCharsets.UTF_8);
	}

	/**
	 * Receive the next frame and assert that it equals the given bytes.
	 * @param expected the expected frame payload
	 * @return this client
	 * @throws AssertionError if the frame differs or does not arrive
	 */
	public TcpTestClient expect(byte[] expected) {
		byte[] actual = expectFrame();
		if (!Arrays.equals(expected, actual)) {
			throw new AssertionError("Unexpected frame from " + this.address + System.lineSeparator() + "expected: "
					+ Bytes.describe(expected) + System.lineSeparator() + "  actual: " + Bytes.describe(actual));
		}
		return this;
	}

	/**
	 * Receive the next frame and assert that it equals the given UTF-8 text.
	 * @param expected the expected frame payload
	 * @return this client
	 * @throws AssertionError if the frame differs or does not arrive
	 */
	public TcpTestClient expect(String expected) {
		return expect(expected.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Read exactly the given number of bytes, ignoring framing.
	 * @param count the number of bytes
	 * @return the bytes
	 * @throws AssertionError if the bytes do not arrive within the timeout or the
	 * connection ends first
	 */
	public byte[] readExactly(int count) {
		return receive(count + " bytes", () -> this.reader.readExactly(count));
	}

	/**
	 * Assert that the peer closes or resets the connection within the timeout, without
	 * sending more data.
	 * @return this client
	 * @throws AssertionError if data arrives or the connection stays open
	 */
	public TcpTestClient expectClosed() {
		try {
			if (this.reader.buffered().length == 0 && !this.reader.fill()) {
				return this;
			}
			throw new AssertionError("Expected the connection to " + this.address + " to be closed but received "
					+ Bytes.describe(this.reader.buffered()));
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError(
					"Connection to " + this.address + " was not closed within " + Bytes.describe(this.timeout));
		}
		catch (SocketException ex) {
			return this;
		}
		catch (IOException ex) {
			throw new AssertionError("Connection to " + this.address + " failed: " + ex, ex);
		}
	}

	/**
	 * Return the local port of the connection, as the server sees it as the remote port.
	 * @return the local port
	 */
	public int getLocalPort() {
		return this.socket.getLocalPort();
	}

	/**
	 * Close the connection.
	 */
	@Override
	public void close() {
		closeQuietly(this.socket);
	}

	private byte[] receive(String what, Receiver receiver) {
		try {
			byte[] received = receiver.receive();
			if (received == null) {
				throw new AssertionError("Connection closed by " + this.address + " before the expected " + what
						+ " arrived" + incomplete());
			}
			return received;
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("No " + what + " received from " + this.address + " within "
					+ Bytes.describe(this.timeout) + incomplete());
		}
		catch (IOException ex) {
			throw new AssertionError("Connection to " + this.address + " failed while reading the expected " + what
					+ ": " + ex + incomplete(), ex);
		}
	}

	private String incomplete() {
		byte[] buffered = this.reader.buffered();
		return (buffered.length > 0) ? "; incomplete data received: " + Bytes.describe(buffered) : "";
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing left to release
		}
	}

	@FunctionalInterface
	private interface Receiver {

		byte @Nullable [] receive() throws IOException;

	}

}
