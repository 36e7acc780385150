package dev.tcpstarter.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MockTcpServer} used on its own.
 */
class MockTcpServerTests {

	private static final Duration SHORT = Duration.ofMillis(200);

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final MockTcpServer server = MockTcpServer.create().framing(Framing.LF);

	@AfterEach
	void closeServer() {
		this.server.close();
	}

	@Test
	void shouldStartLazilyWhenPortIsRequested() {
		assertThat(this.server.isRunning()).isFalse();
		assertThat(this.server.getPort()).isPositive();
		assertThat(this.server.isRunning()).isTrue();
	}

	@Test
	void shouldBindGivenPort() throws IOException {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		try (MockTcpServer fixed = MockTcpServer.create(port).start()) {
			assertThat(fixed.getPort()).isEqualTo(port);
		}
	}

	@Test
	void shouldCloseConnectionWhenScripted() throws IOException {
		this.server.expect("BYE").thenClose();
		try (Socket socket = connect()) {
			socket.getOutputStream().write(utf8("BYE\n"));
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("BYE").expectClosed();
		}
	}

	@Test
	void shouldResetConnectionWhenScripted() throws IOException {
		this.server.expect("RESET").thenReset();
		try (Socket socket = connect()) {
			socket.getOutputStream().write(utf8("RESET\n"));
			InputStream input = socket.getInputStream();
			assertThatExceptionOfType(SocketException.class).isThrownBy(input::read);
		}
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("RESET").expectClosed();
		}
	}

	@Test
	void shouldDelayReply() {
		this.server.expect("PING").thenDelay(Duration.ofMillis(100)).thenReply("PONG");
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("PING").expect("PONG");
		}
	}

	@Test
	void shouldEndDelayWhenServerCloses() {
		this.server.expect("PING").thenDelay(Duration.ofMinutes(5)).thenReply("PONG");
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("PING");
			this.server.awaitReceived(1, WAIT);
			this.server.close();
			client.expectClosed();
		}
	}

	@Test
	void shouldReplyGarbage() {
		this.server.expect("JUNK").thenReplyGarbage(100);
		try (TcpTestClient client = connect(Framing.LF)) {
			assertThat(client.send("JUNK").readExactly(100)).hasSize(100);
			client.timeout(SHORT);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.readExactly(1));
		}
	}

	@Test
	void shouldReplyPartialFrame() {
		this.server.expect("GET").thenReplyPartial("VALUE", 3);
		try (TcpTestClient client = connect(Framing.LF)) {
			assertThat(client.send("GET").readExactly(3)).isEqualTo(utf8("VAL"));
			client.timeout(SHORT);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectFrame)
				.withMessageStartingWith("No frame received");
		}
	}

	@Test
	void shouldReplyPartialFrameThenClose() {
		this.server.expect("GET").thenReplyPartial(utf8("VALUE"), 2).thenClose();
		try (TcpTestClient client = connect(Framing.LF)) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.send("GET").expectFrame())
				.withMessageContaining("Connection closed by")
				.withMessageContaining("incomplete data received: \"VA\"");
		}
	}

	@Test
	void shouldGreetOnConnect() {
		this.server.onConnect().thenReply("HELLO");
		try (TcpTestClient client = connect(Framing.LF)) {
			client.expect("HELLO");
		}
	}

	@Test
	void shouldRunActionsInOrder() {
		this.server.expect("MULTI").thenReply("ONE").thenReply("TWO").thenClose().thenReply("NEVER");
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("MULTI").expect("ONE").expect("TWO").expectClosed();
		}
	}

	@Test
	void shouldPreferExpectationsOverAnyFrameFallback() {
		this.server.whenAnyFrame().thenReply("ERR");
		this.server.expect("PING").thenReply("PONG");
		this.server.expect((frame) -> frame.length > 5).thenReply("LONG");
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("PING").expect("PONG");
			client.send("OTHER").expect("ERR");
			client.send("LONGER").expect("LONG");
		}
	}

	@Test
	void shouldRecordUnmatchedFramesWithoutReply() {
		this.server.expect("PING").thenReply("PONG");
		try (TcpTestClient client = connect(Framing.LF).timeout(SHORT)) {
			client.send("A").send("B");
			assertThat(MockRecording.asStrings(this.server.awaitReceived(2, WAIT))).containsExactly("A", "B");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectFrame);
		}
		assertThat(this.server.receivedStrings()).containsExactly("A", "B");
	}

	@Test
	void shouldRecordFramesAndConnectionsOfAllConnections() {
		try (TcpTestClient first = connect(Framing.LF); TcpTestClient second = connect(Framing.LF)) {
			this.server.awaitConnections(2, WAIT);
			first.send("FIRST");
			second.send("SECOND");
			this.server.awaitReceived(2, WAIT);
		}
		assertThat(this.server.connectionCount()).isEqualTo(2);
		assertThat(this.server.receivedStrings()).containsExactlyInAnyOrder("FIRST", "SECOND");
	}

	@Test
	void shouldCountConnectionsAsTheyAreAccepted() {
		try (TcpTestClient client = connect(Framing.LF)) {
			await().atMost(WAIT).untilAsserted(() -> assertThat(this.server.connectionCount()).isEqualTo(1));
		}
	}

	@Test
	void shouldFailAwaitReceivedWhenTooFewFramesArrive() {
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("ONE");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.server.awaitReceived(2, SHORT))
				.withMessage("Expected 2 frames within 200ms but received 1: [\"ONE\" (3 bytes)]");
		}
	}

	@Test
	void shouldFailAwaitConnectionsWhenTooFewConnectionsArrive() {
		this.server.start();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.server.awaitConnections(1, SHORT))
			.withMessage("Expected 1 connections within 200ms but accepted 0");
	}

	@Test
	void shouldReturnCopiesOfReceivedFrames() {
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("ABC");
			List<byte[]> received = this.server.awaitReceived(1, WAIT);
			received.get(0)[0] = 'X';
			assertThat(this.server.receivedStrings()).containsExactly("ABC");
		}
	}

	@Test
	void shouldForgetScriptsRecordingsAndConnectionsOnReset() {
		this.server.expect("PING").thenReply("PONG");
		int port = this.server.getPort();
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("PING").expect("PONG");
			this.server.reset();
			client.expectClosed();
		}
		assertThat(this.server.received()).isEmpty();
		assertThat(this.server.connectionCount()).isZero();
		assertThat(this.server.getPort()).isEqualTo(port);
		try (TcpTestClient client = connect(Framing.LF).timeout(SHORT)) {
			client.send("PING");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectFrame);
		}
	}

	@Test
	void shouldStopAcceptingAndCloseConnectionsOnClose() {
		try (TcpTestClient client = connect(Framing.LF)) {
			this.server.awaitConnections(1, WAIT);
			this.server.close();
			assertThat(this.server.isRunning()).isFalse();
			client.expectClosed();
		}
	}

	@Test
	void shouldRestartAfterClose() {
		this.server.expect("PING").thenReply("PONG");
		this.server.start().close();
		try (TcpTestClient client = connect(Framing.LF)) {
			client.send("PING").expect("PONG");
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.getPort()));
		socket.setSoTimeout((int) WAIT.toMillis());
		return socket;
	}

	private TcpTestClient connect(Framing framing) {
		return TcpTestClient.connect(this.server.getPort()).framing(framing);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
