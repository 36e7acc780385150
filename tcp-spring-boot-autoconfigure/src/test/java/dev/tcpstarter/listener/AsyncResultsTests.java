package dev.tcpstarter.listener;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.Recorder;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static dev.tcpstarter.support.TcpContextRunners.statistics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Asynchronous {@code @OnBytes} results over real sockets, on both transports: bounded by
 * {@code max-pending-results} (the connection stops reading), written in arrival order,
 * never on the thread that completes them, and still written when they complete during a
 * graceful stop.
 */
class AsyncResultsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	ApplicationContextRunner runner(TcpTransport transport, String... properties) {
		return TcpContextRunners.runner()
			.withUserConfiguration(AsyncConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.transport=" + transport)
			.withPropertyValues(properties);
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldStopReadingAtMaxPendingResultsAndAnswerEveryFrameInOrder(TcpTransport transport) {
		runner(transport, "tcp.listeners.main.max-pending-results=4", "tcp.listeners.main.shutdown-timeout=2s")
			.run((context) -> {
				AsyncState state = context.getBean(AsyncState.class);
				try (TcpTestClient client = client(context)) {
					StringBuilder pipelined = new StringBuilder();
					for (int i = 0; i < 100; i++) {
						pipelined.append("gated ").append(i).append('\n');
					}
					client.sendRaw(pipelined.toString().getBytes(StandardCharsets.US_ASCII));
					await().atMost(WAIT).until(() -> state.calls.get() == 4);
					// nothing completes: the connection reads no further frame
					await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> state.calls.get() == 4);
					state.gate.complete(null);
					for (int i = 0; i < 100; i++) {
						client.expect("answer gated " + i);
					}
					assertThat(state.calls).hasValue(100);
				}
			});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldSendAReadyAnswerWhileTheConnectionWaitsForRoom(TcpTransport transport) {
		runner(transport, "tcp.listeners.main.max-pending-results=1", "tcp.listeners.main.shutdown-timeout=2s")
			.run((context) -> {
				AsyncState state = context.getBean(AsyncState.class);
				try (TcpTestClient client = client(context)) {
					client.sendRaw("ready\nheld 1\nheld 2\n".getBytes(StandardCharsets.US_ASCII));
					await().atMost(WAIT).until(() -> state.held.containsKey("held 1"));
					// the connection stopped reading at "held 2"; the answer to "ready"
					// is
					// complete and comes before the pending one
					client.expect("ready");
					state.hold("held 1").complete("one");
					client.expect("one");
					await().atMost(WAIT).until(() -> state.held.containsKey("held 2"));
					state.hold("held 2").complete("two");
					client.expect("two");
				}
			});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldNotBlockTheThreadThatCompletesAResultForAPeerThatDoesNotRead(TcpTransport transport) {
		runner(transport, "tcp.listeners.main.write-timeout=10s").run((context) -> {
			AsyncState state = context.getBean(AsyncState.class);
			try (Socket peer = new Socket()) {
				peer.setReceiveBufferSize(8192);
				peer.connect(new InetSocketAddress("127.0.0.1", port(context, "main")), 5000);
				peer.getOutputStream().write("held big\n".getBytes(StandardCharsets.US_ASCII));
				await().atMost(WAIT).until(() -> state.held.containsKey("held big"));
				// more than the socket buffers hold: the connection's write blocks
				byte[] answer = new byte[8 * 1024 * 1024];
				Arrays.fill(answer, (byte) 'a');
				CompletableFuture<Void> completed = new CompletableFuture<>();
				Thread application = new Thread(() -> {
					state.hold("held big").complete(answer);
					completed.complete(null);
				}, "application");
				application.start();
				// well below the write-timeout the completing thread would wait for
				completed.get(4, TimeUnit.SECONDS);
				// closed by the write timeout: the answer is a single frame, which the
				// slow-peer bound lets through
				await().atMost(Duration.ofSeconds(30))
					.until(() -> statistics(context, "main").timedOut(TcpTimeoutKind.WRITE) == 1);
				state.closes.awaitCount("close", 1);
				await().atMost(WAIT).until(() -> statistics(context, "main").activeConnections() == 0);
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldWriteResultsReleasedDuringAGracefulStopBeforeClosing(TcpTransport transport) {
		runner(transport, "tcp.listeners.main.shutdown-timeout=10s").run((context) -> {
			AsyncState state = context.getBean(AsyncState.class);
			TcpServer listener = context.getBean(TcpListenerRegistry.class).getServer("main");
			try (TcpTestClient client = client(context)) {
				client.send("held 1").send("held 2").send("held 3");
				await().atMost(WAIT).until(() -> state.held.size() == 3);
				CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::close);
				await().atMost(WAIT).until(() -> !listener.isListening());
				assertThat(stopping).isNotDone();
				state.hold("held 3").complete("three");
				state.hold("held 2").complete("two");
				state.hold("held 1").complete("one");
				client.expect("one").expect("two").expect("three").expectClosed();
				stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			assertThat(state.closes.count("close")).isEqualTo(1);
		});
	}

	private static TcpTestClient client(AssertableApplicationContext context) {
		return TcpTestClient.connect(port(context, "main")).framing(Framing.LF);
	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncConfiguration {

		@Bean
		AsyncState asyncState() {
			return new AsyncState();
		}

		@Bean
		AsyncService asyncService(AsyncState asyncState) {
			return new AsyncService(asyncState);
		}

	}

	/**
	 * What the test controls and observes, held by a bean of the test's context.
	 */
	static final class AsyncState implements DisposableBean {

		final AtomicInteger calls = new AtomicInteger();

		// completes the "gated" results, on the threads of the completer
		final CompletableFuture<Void> gate = new CompletableFuture<>();

		// the "held" results, completed by the test
		final Map<String, CompletableFuture<Object>> held = new ConcurrentHashMap<>();

		final ExecutorService completer = Executors.newFixedThreadPool(4);

		final Recorder closes = new Recorder();

		CompletableFuture<Object> hold(String line) {
			return this.held.computeIfAbsent(line, (key) -> new CompletableFuture<>());
		}

		@Override
		public void destroy() {
			this.completer.shutdownNow();
		}

	}

	@TcpService
	static class AsyncService {

		private final AsyncState state;

		AsyncService(AsyncState state) {
			this.state = state;
		}

		@OnConnect
		AsyncConnection onConnect() {
			return new AsyncConnection(this.state);
		}

	}

	/**
	 * Answers each line asynchronously.
	 */
	@ConnectionService
	static class AsyncConnection {

		private final AsyncState state;

		AsyncConnection(AsyncState state) {
			this.state = state;
		}

		@OnBytes
		Object onBytes(String line) {
			this.state.calls.incrementAndGet();
			if (line.startsWith("gated ")) {
				Executor completer = this.state.completer;
				return this.state.gate.thenApplyAsync((ignored) -> "answer " + line, completer);
			}
			if (line.startsWith("held ")) {
				return this.state.hold(line);
			}
			return CompletableFuture.completedFuture(line);
		}

		@OnClose
		void onClose() {
			this.state.closes.add("close");
		}

	}

}
