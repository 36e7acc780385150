package dev.tcpstarter.test;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MockTcpServer} registered as an extension on a static field: one
 * server for all tests, reset before each test. Each test checks that it starts from a
 * fresh server, so whichever runs second verifies the reset.
 */
class MockTcpServerStaticExtensionTests {

	@RegisterExtension
	static final MockTcpServer server = MockTcpServer.create().framing(Framing.LF);

	private static int portBeforeAll;

	@BeforeAll
	static void capturePort() {
		assertThat(server.isRunning()).isTrue();
		portBeforeAll = server.getPort();
	}

	@Test
	void shouldServeScriptedReplyAfterStartingBeforeAll() {
		assertFreshServer();
		server.expect("PING").thenReply("PONG");
		try (TcpTestClient client = TcpTestClient.connect(server.getPort()).framing(Framing.LF)) {
			client.send("PING").expect("PONG");
		}
	}

	@Test
	void shouldRecordFramesAfterStartingBeforeAll() {
		assertFreshServer();
		server.expect("PING").thenReply("PONG");
		try (TcpTestClient client = TcpTestClient.connect(server.getPort()).framing(Framing.LF)) {
			client.send("HELLO").send("PING").expect("PONG");
		}
		assertThat(server.receivedStrings()).containsExactly("HELLO", "PING");
	}

	private static void assertFreshServer() {
		assertThat(server.getPort()).isEqualTo(portBeforeAll);
		assertThat(server.received()).isEmpty();
		assertThat(server.connectionCount()).isZero();
		try (TcpTestClient client = TcpTestClient.connect(server.getPort()).framing(Framing.LF)) {
			client.timeout(Duration.ofMillis(200)).send("PING");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectFrame);
		}
		server.reset();
	}

}
