package dev.tcpstarter.client;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.tcpstarter.TcpConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Background reconnect of a {@link TcpClient} with backoff, against a server that goes
 * away and comes back on the same port.
 */
class TcpClientReconnectTests {

	@Test
	void shouldBackOffWhileTheServerIsDownAndReconnectWhenItIsBack() {
		try (LineServer server = LineServer.echo();
				TcpClient client = TcpClient.builder()
					.name("feed")
					.host("localhost")
					.port(server.port())
					.framing("lf")
					.reconnect(true)
					.reconnectInitialDelay(Duration.ofMillis(20))
					.reconnectMaxDelay(Duration.ofMillis(200))
					.build()) {
			assertThat(client.request("hello")).isEqualTo("hello");
			server.stop();
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.statistics().reconnects(false) >= 3);
			assertThat(client.isConnected()).isFalse();
			assertThat(client.lastConnectFailure()).get()
				.extracting(Throwable::getMessage)
				.asString()
				.contains("connection refused");
			assertThat(client.nextConnectAttempt()).isPresent();
			assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(() -> client.request("while down"))
				.withMessageContaining("Not connected to localhost:" + server.port() + " (client 'feed')")
				.withMessageContaining("the next attempt is at");
			server.restart();
			// within the longest delay and its jitter (and a margin for a busy machine)
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
			assertThat(client.statistics().reconnects(true)).isEqualTo(1);
			assertThat(client.lastConnectFailure()).isEmpty();
			assertThat(client.nextConnectAttempt()).isEmpty();
			assertThat(client.request("back")).isEqualTo("back");
		}
	}

	@Test
	void shouldTryAgainOnTheNextOperationWithoutBackgroundReconnect() {
		try (LineServer server = LineServer.echo();
				TcpClient client = TcpClient.builder().host("localhost").port(server.port()).framing("lf").build()) {
			server.stop();
			assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(() -> client.request("down"))
				.withMessageContaining("connection refused");
			assertThat(client.lastConnectFailure()).isPresent();
			assertThat(client.nextConnectAttempt()).isEmpty();
			server.restart();
			assertThat(client.request("up")).isEqualTo("up");
			assertThat(client.lastConnectFailure()).isEmpty();
		}
	}

}
