package dev.tcpstarter.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
			CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> client.request("slow"));
			org.awaitility.Awaitility.await().until(() -> server.connections().size() == 1);
			CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> client.read(Duration.ofMillis(200)));
			assertThat(read).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(TcpTimeoutException.class);
			answer.countDown();
			assertThat(request).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("answer-slow");
		}
	}

	@Test
	void shouldPipelineTwoThousandRequestsOnOneConnection() {
		// all in flight at once, however slowly the server answers on a busy machine
		try (LineServer server = LineServer.echo(); TcpClient client = lf(server).maxPendingRequests(2000).build()) {
			List<CompletableFuture<String>> answers = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				answers.add(client.requestAsync("request-" + i));
			}
			for (int i = 0; i < 2000; i++) {
				assertThat(answers.get(i)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("request-" + i);
			}
			assertThat(server.acceptedCount()).isEqualTo(1);
			assertThat(client.statistics().requests("success")).isEqualTo(2000);
			assertThat(client.pendingRequests()).isZero();
		}
	}

	@Test
	void shouldMatchAnswersByCorrelationKeyInAnyOrder() {
		List<String> held = new ArrayList<>();
		try (LineServer server = LineServer.start((connection, line) -> {
			held.add(line);
			if (held.size() == 50) {
				// answer the whole batch backwards
				for (int i = held.size() - 1; i >= 0; i--) {
					connection.write(held.get(i) + ":answer");
				}
				held.clear();
			}
		}); TcpClient client = lf(server).correlation(new PrefixCorrelation()).build()) {
			List<CompletableFuture<String>> answers = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				answers.add(client.requestAsync(i + ":question"));
			}
			for (int i = 0; i < 100; i++) {
				assertThat(answers.get(i)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(i + ":question:answer");
			}
			assertThat(client.statistics().framesUnsolicited()).isZero();
		}
	}

	@Test
	void shouldDropALateCorrelatedAnswerAsUnsolicitedAndKeepTheConnection() throws Exception {
		CountDownLatch answerLate = new CountDownLatch(1);
		try (LineServer server = LineServer.start((connection, line) -> {
			if (line.startsWith("1:")) {
				answerLate.await(10, TimeUnit.SECONDS);
			}
			connection.write(line + ":answer");
		});
				TcpClient client = lf(server).correlation(new PrefixCorrelation())
					.readTimeout(Duration.ofMillis(200))
					.build()) {
			assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(() -> client.request("1:slow"))
				.withMessageContaining("a late answer will be dropped as unsolicited");
			answerLate.countDown();
			assertThat(client.request("2:fast")).isEqualTo("2:fast:answer");
			assertThat(client.readString()).isEqualTo("1:slow:answer");
			assertThat(client.statistics().framesUnsolicited()).isEqualTo(1);
			assertThat(client.statistics().requests("timeout")).isEqualTo(1);
			assertThat(server.acceptedCount()).isEqualTo(1);
		}
	}

	@Test
	void shouldFailThePendingRequestsOfAConnectionThatDies() {
		try (LineServer server = LineServer.start((connection, line) -> {
			if (line.equals("3")) {
				connection.close();
			}
		}); TcpClient client = lf(server).build()) {
			CompletableFuture<String> first = client.requestAsync("1");
			CompletableFuture<String> second = client.requestAsync("2");
			CompletableFuture<String> third = client.requestAsync("3");
			for (CompletableFuture<String> request : List.of(first, second, third)) {
				assertThat(request).failsWithin(Duration.ofSeconds(10))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(TcpConnectionException.class);
			}
			assertThat(first).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.withMessageContaining("closed by the peer");
			assertThat(client.statistics().requests("error")).isEqualTo(3);
		}
	}

	@Test
	void shouldFailARequestPastMaxPendingRequestsAtOnce() throws Exception {
		CountDownLatch answer = new CountDownLatch(1);
		try (LineServer server = LineServer.start((connection, line) -> {
			answer.await(10, TimeUnit.SECONDS);
			connection.write(line);
		}); TcpClient client = lf(server).maxPendingRequests(2).build()) {
			CompletableFuture<String> first = client.requestAsync("1");
			CompletableFuture<String> second = client.requestAsync("2");
			assertThat(client.requestAsync("3")).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isExactlyInstanceOf(TcpException.class)
				.withMessageContaining("max-pending-requests");
			answer.countDown();
			assertThat(first).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("1");
			assertThat(second).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("2");
			assertThat(client.request("4")).isEqualTo("4");
		}
	}

	@Test
	void shouldSendARequestToTheLeastLoadedConnectionOfThePool() throws Exception {
		CountDownLatch answer = new CountDownLatch(1);
		try (LineServer server = LineServer.start((connection, line) -> {
			if (line.equals("held")) {
				answer.await(10, TimeUnit.SECONDS);
			}
			connection.write(line + "@" + connection.index());
		}); TcpClient client = lf(server).poolSize(2).build()) {
			CompletableFuture<String> held = client.requestAsync("held");
			assertThat(client.request("free")).isEqualTo("free@2");
			assertThat(client.request("free")).isEqualTo("free@2");
			answer.countDown();
			assertThat(held).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("held@1");
			assertThat(server.acceptedCount()).isEqualTo(2);
		}
	}

	@Test
	void shouldHandFramesThatAnswerNoRequestToReadBytes() {
		try (LineServer server = LineServer.start((connection, line) -> {
			connection.write(line.toUpperCase());
			connection.write("pushed after " + line);
		}); TcpClient client = lf(server).build()) {
			assertThat(client.request("a")).isEqualTo("A");
			assertThat(client.readString()).isEqualTo("pushed after a");
			assertThat(client.statistics().framesUnsolicited()).isEqualTo(1);
			assertThatIllegalStateException().isThrownBy(() -> client.readBytes(1))
				.withMessageContaining("use readBytes() for frames");
		}
	}

	@Test
	void shouldRefuseToWaitForAnAnswerOnAReaderThread() throws Exception {
		CountDownLatch answer = new CountDownLatch(1);
		try (LineServer server = LineServer.start((connection, line) -> {
			answer.await(10, TimeUnit.SECONDS);
			connection.write(line);
		}); TcpClient client = lf(server).build()) {
			// completed by the reader thread once the server answers
			CompletableFuture<String> nested = client.requestAsync("outer")
				.thenApply((outer) -> client.request("inner"));
			CompletableFuture<String> chained = client.requestAsync("outer")
				.thenCompose((outer) -> client.requestAsync("inner"));
			answer.countDown();
			assertThat(nested).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessageContaining("use requestAsync");
			assertThat(chained).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("inner");
		}
	}

	private static TcpClient.Builder lf(LineServer server) {
		return TcpClient.builder().host("localhost").port(server.port()).framing("lf");
	}

	/**
	 * Correlates by the text before the first colon.
	 */
	static final class PrefixCorrelation implements TcpCorrelation {

		@Override
		public Object requestKey(byte[] request) {
			return key(request);
		}

		@Override
		public Object responseKey(byte[] response) {
			return key(response);
		}

		private static String key(byte[] frame) {
			String text = new String(frame, StandardCharsets.UTF_8);
			int colon = text.indexOf(':');
			return (colon >= 0) ? text.substring(0, colon) : text;
		}

	}

}
