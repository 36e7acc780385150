package dev.tcpstarter.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.actuate.TcpClientsHealthContributor;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.autoconfigure.TcpClientAutoConfiguration;
import dev.tcpstarter.support.Recorder;
import dev.tcpstarter.support.TcpContextRunners;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side services, {@code @TcpService(clients = ...)}, in real application contexts
 * against a {@link LineServer} that pushes prices to subscribers and goes away and comes
 * back; and the {@code tcpClients} health contributor.
 */
class TcpClientServiceTests {

	private final LineServer server = LineServer.start((connection, line) -> {
		if (line.startsWith("SUBSCRIBE")) {
			connection.write("price ACME 1 #" + connection.index());
			connection.write("price ACME 2 #" + connection.index());
		}
		else {
			connection.write("answer " + line);
		}
	});

	private final ApplicationContextRunner runner = TcpContextRunners.runner()
		.withConfiguration(AutoConfigurations.of(TcpClientAutoConfiguration.class))
		.withBean(Recorder.class)
		.withUserConfiguration(FeedService.class)
		.withPropertyValues("tcp.clients.feed.host=localhost", "tcp.clients.feed.port=" + this.server.port(),
				"tcp.clients.feed.framing=lf", "tcp.clients.feed.reconnect.initial-delay=20ms",
				"tcp.clients.feed.reconnect.max-delay=200ms");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void shouldRunOnConnectPerConnectionAndHandPushedFramesToOnBytes() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			Recorder recorder = context.getBean(Recorder.class);
			recorder.awaitCount("bytes:price ACME 2 #1", 1);
			assertThat(recorder.events()).startsWith("connect:feed", "bytes:price ACME 1 #1", "bytes:price ACME 2 #1");
			this.server.stop();
			recorder.awaitCount("close", 1);
			this.server.restart();
			recorder.awaitCount("bytes:price ACME 2 #2", 1);
			assertThat(recorder.count("connect:")).isEqualTo(2);
			assertThat(recorder.count("close")).isEqualTo(1);
			assertThat(recorder.count("error")).isZero();
			TcpClient feed = context.getBean("feed", TcpClient.class);
			assertThat(feed.request("QUOTE")).isEqualTo("answer QUOTE");
			assertThat(feed.statistics().framesUnsolicited()).isEqualTo(4);
		});
	}

	@Test
	void shouldReportFailedAndUnwritableResultsToOnErrorAndKeepServing() {
		TcpContextRunners.runner()
			.withConfiguration(AutoConfigurations.of(TcpClientAutoConfiguration.class))
			.withBean(Recorder.class)
			.withUserConfiguration(AsyncFeedService.class)
			.withPropertyValues("tcp.clients.feed.host=localhost", "tcp.clients.feed.port=" + this.server.port(),
					"tcp.clients.feed.framing=lf")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Recorder recorder = context.getBean(Recorder.class);
				recorder.awaitCount("error:", 2);
				assertThat(recorder.events()).contains("bytes:price ACME 1 #1", "bytes:price ACME 2 #1");
				// the connection id is Spring Integration's: host:port:localPort:uuid
				assertThat(recorder.events()).filteredOn((event) -> event.startsWith("error:"))
					.extracting((event) -> event.replaceFirst("on connection \\S+:", "on connection <id>:"))
					.containsExactlyInAnyOrder(
							"error:@OnBytes result of AsyncPrices.onBytes(String) failed on connection <id>: "
									+ "java.lang.IllegalStateException: no price",
							"error:@OnBytes result of AsyncPrices.onBytes(String) failed on connection <id>: "
									+ "java.lang.IllegalArgumentException: @OnBytes produced a java.lang.Integer; "
									+ "expected byte[], String or ByteBuffer");
				TcpClient feed = context.getBean("feed", TcpClient.class);
				assertThat(feed.request("QUOTE")).isEqualTo("answer QUOTE");
				assertThat(feed.isConnected()).isTrue();
			});
	}

	@Test
	void shouldCallOnCloseOnceWhenTheContextCloses() {
		Recorder[] recorder = new Recorder[1];
		this.runner.run((context) -> {
			recorder[0] = context.getBean(Recorder.class);
			recorder[0].awaitCount("bytes:price ACME 2", 1);
		});
		recorder[0].awaitCount("close", 1);
		assertThat(recorder[0].count("close")).isEqualTo(1);
		assertThat(recorder[0].events()).last().isEqualTo("close");
	}

	@Test
	void shouldStartWhileTheServerIsDownWithReconnectAndReportHealthDownThenUp() {
		this.server.stop();
		this.runner.withPropertyValues("tcp.clients.feed.reconnect.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			HealthIndicator feed = (HealthIndicator) context.getBean(TcpClientsHealthContributor.class)
				.getContributor("feed");
			Health down = feed.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsKeys("lastError", "nextAttempt");
			assertThat((String) down.getDetails().get("lastError")).contains("connection refused");
			this.server.restart();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> feed.health(true).getStatus().equals(Status.UP));
			assertThat(feed.health(true).getDetails()).containsEntry("connected", true).doesNotContainKey("lastError");
			context.getBean(Recorder.class).awaitCount("bytes:price ACME 1", 1);
		});
	}

	@Test
	void shouldFailStartupWhenTheServerIsDownWithoutReconnect() {
		this.server.stop();
		this.runner.run((
				context) -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("connection refused"));
	}

	@Test
	void shouldReportAUsedClientUpAndAnUnusedOneUpToo() {
		this.runner.withPropertyValues("tcp.clients.idle.host=localhost", "tcp.clients.idle.port=1").run((context) -> {
			TcpClientsHealthContributor health = context.getBean(TcpClientsHealthContributor.class);
			assertThat(((HealthIndicator) health.getContributor("idle")).health(true).getStatus()).isEqualTo(Status.UP);
			context.getBean(Recorder.class).awaitCount("connect:", 1);
			assertThat(((HealthIndicator) health.getContributor("feed")).health(true).getStatus()).isEqualTo(Status.UP);
			assertThat(health.stream()).hasSize(2);
		});
	}

	@Test
	void shouldFailStartupForAnUnknownClient() {
		TcpContextRunners.runner()
			.withConfiguration(AutoConfigurations.of(TcpClientAutoConfiguration.class))
			.withBean(Recorder.class)
			.withUserConfiguration(FeedService.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("names client 'feed', which is not configured"));
	}

	@Test
	void shouldFailStartupForAServiceOfListenersAndClients() {
		this.runner.withUserConfiguration(BothService.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("names clients [feed] and listeners"));
	}

	@TcpService(clients = "feed")
	static class FeedService {

		private final Recorder recorder;

		FeedService(Recorder recorder) {
			this.recorder = recorder;
		}

		@OnConnect
		Prices onConnect(TcpCaller caller) {
			this.recorder.add("connect:" + caller.listenerName());
			caller.write("SUBSCRIBE ACME");
			return new Prices(this.recorder);
		}

	}

	static class Prices {

		private final Recorder recorder;

		Prices(Recorder recorder) {
			this.recorder = recorder;
		}

		@OnBytes
		void onBytes(String price) {
			this.recorder.add("bytes:" + price);
		}

		@OnError
		void onError(TcpException error) {
			this.recorder.add("error:" + error.getMessage());
		}

		@OnClose
		void onClose() {
			this.recorder.add("close");
		}

	}

	@TcpService(clients = "feed")
	static class AsyncFeedService {

		private final Recorder recorder;

		AsyncFeedService(Recorder recorder) {
			this.recorder = recorder;
		}

		@OnConnect
		AsyncPrices onConnect(TcpCaller caller) {
			caller.write("SUBSCRIBE ACME");
			return new AsyncPrices(this.recorder);
		}

	}

	static class AsyncPrices {

		private final Recorder recorder;

		AsyncPrices(Recorder recorder) {
			this.recorder = recorder;
		}

		@OnBytes
		CompletableFuture<Object> onBytes(String price) {
			this.recorder.add("bytes:" + price);
			if (price.startsWith("price ACME 1")) {
				return CompletableFuture.failedFuture(new IllegalStateException("no price"));
			}
			return CompletableFuture.supplyAsync(() -> 42);
		}

		@OnError
		void onError(TcpException error) {
			this.recorder.add("error:" + error.getMessage());
		}

	}

	@TcpService(clients = "feed", listeners = "other")
	static class BothService {

		@OnConnect
		Prices onConnect(@Qualifier("unused") TcpCaller caller) {
			return new Prices(new Recorder());
		}

	}

}
