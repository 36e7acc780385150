package dev.tcpstarter.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tcpstarter.TcpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for requests of a {@link TcpClient}: answers matched in order or by correlation
 * key, timeouts, pending requests of a connection that dies, over real sockets.
 */
class TcpClientPipeliningTests {

	@Test
	void shouldNeverGiveALateAnswerToTheNextRequest() throws Exception {
		CountDownLatch answerLate = new CountDownLatch(1);
		try (LineServer server = LineServer.start((connection, line) -> {
			if (line.equals("1")) {
				answerLate.await(10, TimeUnit.SECONDS);
			}
			connection.write("answer-" + line);
		}); TcpClient client = lf(server).readTimeout(Duration.ofMillis(200)).build()) {
			assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(() -> client.request("1"));
			answerLate.countDown();
			assertThat(client.request("2")).isEqualTo("answer-2");
		}
	}

	@Test
	void shouldBoundAReadWaitingForTheConnectionByItsOwnTimeout() throws Exception {
		CountDownLatch answer = new CountDownLatch(1);
		try (LineServer server = LineServer.start((connection, line) -> {
			answer.await(10, TimeUnit.SECONDS);
			connection.write("answer-" + line);
		}); TcpClient client = lf(server).readTimeout(Duration.ofSeconds(10)).build()) {
			client.connect();
			java.util.concurrent.CompletableFuture<String> request = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> client.request("slow"));
			org.awaitility.Awaitility.await().until(() -> server.connections().size() == 1);
			java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> client.read(Duration.ofMillis(200)));
			assertThat(read).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(TcpTimeoutException.class);
			answer.countDown();
			assertThat(request).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("answer-slow");
		}
	}

	private static TcpClient.Builder lf(LineServer server) {
		return TcpClient.builder().host("localhost").port(server.port()).framing("lf");
	}

}
