package dev.tcpstarter.test;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MockTcpServer} registered as an extension on an instance field: a
 * server per test, started before it and stopped after it. Whichever test runs second
 * verifies that the first server stopped.
 */
class MockTcpServerInstanceExtensionTests {

	private static @Nullable MockTcpServer previous;

	@RegisterExtension
	final MockTcpServer server = MockTcpServer.create().framing(Framing.CRLF);

	@Test
	void shouldStartBeforeEachTest() {
		assertServerOfThisTestOnly();
		this.server.expect("PING").thenReply("PONG");
		try (TcpTestClient client = TcpTestClient.connect(this.server.getPort()).framing(Framing.CRLF)) {
			client.send("PING").expect("PONG");
		}
	}

	@Test
	void shouldStopAfterEachTest() {
		assertServerOfThisTestOnly();
		try (TcpTestClient client = TcpTestClient.connect(this.server.getPort()).framing(Framing.CRLF)) {
			client.send("HELLO");
			assertThat(this.server.awaitReceived(1, Duration.ofSeconds(5))).hasSize(1);
		}
	}

	private void assertServerOfThisTestOnly() {
		assertThat(this.server.isRunning()).isTrue();
		MockTcpServer last = previous;
		if (last != null) {
			assertThat(last).isNotSameAs(this.server);
			assertThat(last.isRunning()).isFalse();
		}
		previous = this.server;
	}

}
