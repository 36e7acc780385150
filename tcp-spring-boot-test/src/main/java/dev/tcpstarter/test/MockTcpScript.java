package dev.tcpstarter.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a {@link MockTcpServer} does when a script is triggered (a matching frame arrives,
 * or a connection is accepted): a sequence of actions run in order on the connection's
 * thread. <pre class="code">
 * server.expect("PING").thenDelay(Duration.ofMillis(100)).thenReply("PONG");
 * server.expect("QUIT").thenReply("BYE").thenClose();
 * </pre> Actions after the connection is closed or reset are skipped.
 *
 * @since 0.1.0
 * @see MockTcpServer#expect(byte[])
 * @see MockTcpServer#onConnect()
 */
public final class MockTcpScript {

	private final List<Action> actions = new CopyOnWriteArrayList<>();

	MockTcpScript() {
	}

	/**
	 * Reply with one frame, encoded with the server's framing.
	 * @param payload the frame payload
	 * @return this script
	 */
	public MockTcpScript thenReply(byte[] payload) {
		byte[] copy = payload.clone();
		return then((connection) -> connection.reply(copy));
	}

	/**
	 * Reply with one frame of UTF-8 text, encoded with the server's framing.
	 * @param payload the frame payload
	 * @return this script
	 */
	public MockTcpScript thenReply(String payload) {
		return thenReply(payload.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Write the given bytes as they are, without framing.
	 * @param bytes the bytes to write
	 * @return this script
	 */
	public MockTcpScript thenReplyRaw(byte[] bytes) {
		byte[] copy = bytes.clone();
		return then((connection) -> connection.write(copy));
	}

	/**
	 * Write the given number of random bytes, without framing.
	 * @param count the number of bytes
	 * @return this script
	 */
	public MockTcpScript thenReplyGarbage(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("Garbage byte count must not be negative, not " + count);
		}
		return then((connection) -> {
			byte[] garbage = new byte[count];
			ThreadLocalRandom.current().nextBytes(garbage);
			connection.write(garbage);
		});
	}

	/**
	 * Write only the first bytes of one encoded frame; the rest of the frame is never
	 * sent.
	 * @param payload the frame payload
	 * @param bytesToSend how many bytes of the encoded frame to send (at most the whole
	 * frame)
	 * @return this script
	 */
	public MockTcpScript thenReplyPartial(byte[] payload, int bytesToSend) {
		if (bytesToSend < 0) {
			throw new IllegalArgumentException("Bytes to send must not be negative, not " + bytesToSend);
		}
		byte[] copy = payload.clone();
		return then((connection) -> {
			byte[] frame = connection.encode(copy);
			connection.write(Arrays.copyOf(frame, Math.min(bytesToSend, frame.length)));
		});
	}

	/**
	 * Write only the first bytes of one encoded frame of UTF-8 text; the rest is never
	 * sent.
	 * @param payload the frame payload
	 * @param bytesToSend how many bytes of the encoded frame to send (at most the whole
	 * frame)
	 * @return this script
	 */
	public MockTcpScript thenReplyPartial(String payload, int bytesToSend) {
		return thenReplyPartial(payload.getBytes(StandardCharsets.UTF_8), bytesToSend);
	}

	/**
	 * Wait before running the next actions. The wait ends early when the connection is
	 * closed.
	 * @param delay how long to wait
	 * @return this script
	 */
	public MockTcpScript thenDelay(Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("Delay must not be negative, not " + delay);
		}
		return then((connection) -> connection.delay(delay));
	}

	/**
	 * Close the connection normally (the peer reads end-of-stream).
	 * @return this script
	 */
	public MockTcpScript thenClose() {
		return then(MockConnection::close);
	}

	/**
	 * Abort the connection: close it with {@code SO_LINGER} 0, so that the peer sees a
	 * connection reset.
	 * @return this script
	 */
	public MockTcpScript thenReset() {
		return then(MockConnection::reset);
	}

	private MockTcpScript then(Action action) {
		this.actions.add(action);
		return this;
	}

	void run(MockConnection connection) throws IOException {
		for (Action action : this.actions) {
			if (!connection.isOpen()) {
				return;
			}
			action.run(connection);
		}
	}

	@FunctionalInterface
	private interface Action {

		void run(MockConnection connection) throws IOException;

	}

}
