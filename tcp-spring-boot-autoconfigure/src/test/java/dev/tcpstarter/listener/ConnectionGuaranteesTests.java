package dev.tcpstarter.listener;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpFrameException;
import dev.tcpstarter.TcpHandlerException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.Recorder;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-connection guarantees of the programming model, over real sockets, on both
 * transports.
 */
class ConnectionGuaranteesTests {

	static final Recorder recorder = new Recorder();

	static final Map<String, TcpCaller> callers = new ConcurrentHashMap<>();

	ApplicationContextRunner runner(TcpTransport transport, String... properties) {
		recorder.clear();
		callers.clear();
		return TcpContextRunners.runner()
			.withUserConfiguration(ServiceConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.max-frame-size=64", "tcp.listeners.main.transport=" + transport.name())
			.withPropertyValues(properties);
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldGiveEachConnectionItsOwnServiceObject(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient a = client(context); TcpTestClient b = client(context)) {
				a.send("count").expect("1");
				a.send("count").expect("2");
				b.send("count").expect("1");
				a.send("count").expect("3");
				b.send("count").expect("2");
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldCallHandlersOneAtATimeInArrivalOrder(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient client = client(context)) {
				StringBuilder burst = new StringBuilder();
				for (int i = 0; i < 300; i++) {
					burst.append("seq ").append(i).append('\n');
				}
				client.sendRaw(burst.toString().getBytes(StandardCharsets.US_ASCII));
				for (int i = 0; i < 300; i++) {
					client.expect("seq " + i + " overlap=false");
				}
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldWriteAsynchronousResultsInArrivalOrder(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient client = client(context)) {
				// the first result completes last
				client.sendRaw("async 60\nasync 30\nsync now\nasync 0\n".getBytes(StandardCharsets.US_ASCII));
				client.expect("async 60").expect("async 30").expect("sync now").expect("async 0");
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldCallOnCloseOnceWhenThePeerCloses(TcpTransport transport) {
		runner(transport).run((context) -> {
			TcpTestClient client = client(context);
			client.send("id").expect("id");
			client.close();
			recorder.awaitCount("close ", 1);
			assertOnCloseOnce();
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldCallOnCloseOnceWhenTheHandlerClosesTheCaller(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient client = client(context)) {
				client.send("bye").expect("bye!").expectClosed();
			}
			recorder.awaitCount("close ", 1);
			assertOnCloseOnce();
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldReportAnOversizedFrameThenCloseOnce(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient client = client(context)) {
				client.send("x".repeat(200)).expectClosed();
			}
			recorder.awaitCount("close ", 1);
			assertThat(recorder.events()).anySatisfy((event) -> assertThat(event).startsWith("error TcpFrameException")
				.contains("max-frame-size of 64 bytes"));
			assertOnCloseOnce();
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldReportAMalformedFrameThenClose(TcpTransport transport) {
		runner(transport, "tcp.listeners.main.framing=stx-etx").run((context) -> {
			try (TcpTestClient client = TcpTestClient.connect(port(context, "main")).framing(Framing.STX_ETX)) {
				client.send("id").expect("id");
				client.sendRaw("no stx\u0003".getBytes(StandardCharsets.US_ASCII)).expectClosed();
			}
			recorder.awaitCount("close ", 1);
			assertThat(recorder.events()).anySatisfy(
					(event) -> assertThat(event).startsWith("error TcpFrameException").contains("Expected STX"));
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldReportAThrowingHandlerAndKeepTheConnectionOpen(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient client = client(context)) {
				client.send("throw").send("id");
				client.expect("id");
			}
			assertThat(recorder.events())
				.anySatisfy((event) -> assertThat(event).startsWith("error TcpHandlerException")
					.contains("IllegalStateException: thrown on purpose"));
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldReportAFailedFutureAndKeepTheConnectionOpen(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient client = client(context)) {
				client.send("fail").send("id");
				client.expect("id");
				recorder.awaitCount("error ", 1);
			}
			assertThat(recorder.events())
				.anySatisfy((event) -> assertThat(event).startsWith("error TcpHandlerException")
					.contains("future failed on purpose"));
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldReportAResetAsAnIoErrorAndKeepServingOthers(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient other = client(context)) {
				other.send("id").expect("id");
				Socket socket = new Socket("127.0.0.1", port(context, "main"));
				socket.getOutputStream().write("half a fra".getBytes(StandardCharsets.US_ASCII));
				socket.setSoLinger(true, 0);
				socket.close();
				recorder.awaitCount("close ", 1);
				other.send("id").expect("id");
			}
			if (transport == TcpTransport.NET) {
				assertThat(recorder.events())
					.anySatisfy((event) -> assertThat(event).startsWith("error TcpConnectionException"));
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldCallOnCloseForEveryConnectionWhenTheServerStops(TcpTransport transport) throws IOException {
		TcpTestClient[] clients = new TcpTestClient[3];
		runner(transport, "tcp.listeners.main.shutdown-timeout=2s").run((context) -> {
			for (int i = 0; i < clients.length; i++) {
				clients[i] = client(context);
				clients[i].send("id").expect("id");
			}
		});
		recorder.awaitCount("close ", 3);
		for (TcpTestClient client : clients) {
			client.expectClosed();
			client.close();
		}
		assertThat(recorder.count("close ")).isEqualTo(3);
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldLetAKeptCallerPushFromAnotherThread(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient client = client(context)) {
				client.send("id").expect("id");
				TcpCaller caller = callers.values().iterator().next();
				CompletableFuture.runAsync(() -> caller.write("pushed")).join();
				client.expect("pushed");
				assertThat(caller.isOpen()).isTrue();
				assertThat(caller.listenerName()).isEqualTo("main");
				assertThat(caller.remoteHost()).isEqualTo("127.0.0.1");
				assertThat(caller.localPort()).isEqualTo(port(context, "main"));
				assertThat(caller.sslSession()).isEmpty();
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldRejectTheConnectionWhenOnConnectReturnsNull(TcpTransport transport) {
		runner(transport).run((context) -> {
			try (TcpTestClient marking = client(context)) {
				// makes @OnConnect return null for the next connection
				marking.send("reject-me").expectClosed();
			}
			try (TcpTestClient rejected = client(context)) {
				rejected.expectClosed();
			}
			TcpServer listener = context.getBean(TcpListenerRegistry.class).getServer("main");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> listener.statistics().rejected(TcpRejectionReason.ON_CONNECT) == 1);
			try (TcpTestClient accepted = client(context)) {
				accepted.send("id").expect("id");
			}
		});
	}

	private static TcpTestClient client(
			org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		return TcpTestClient.connect(port(context, "main")).framing(Framing.LF);
	}

	private static void assertOnCloseOnce() {
		List<String> closes = recorder.events().stream().filter((event) -> event.startsWith("close ")).toList();
		assertThat(closes).doesNotHaveDuplicates();
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		GuaranteeService guaranteeService() {
			return new GuaranteeService();
		}

	}

	@TcpService
	static class GuaranteeService {

		private final AtomicInteger rejectNext = new AtomicInteger();

		@OnConnect
		GuaranteeConnection onConnect(TcpCaller caller) {
			if (this.rejectNext.getAndSet(0) == 1) {
				return null;
			}
			callers.put(caller.id(), caller);
			return new GuaranteeConnection(this.rejectNext);
		}

	}

	@ConnectionService
	static class GuaranteeConnection {

		private static final Executor later = CompletableFuture.delayedExecutor(0, TimeUnit.MILLISECONDS);

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicInteger rejectNext;

		private int count;

		GuaranteeConnection(AtomicInteger rejectNext) {
			this.rejectNext = rejectNext;
		}

		@OnBytes
		Object onBytes(String line, TcpCaller caller) {
			boolean overlap = this.inFlight.incrementAndGet() > 1;
			try {
				return handle(line, caller, overlap);
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}

		private Object handle(String line, TcpCaller caller, boolean overlap) {
			if (line.equals("count")) {
				return String.valueOf(++this.count);
			}
			if (line.equals("id")) {
				return "id";
			}
			if (line.startsWith("seq ")) {
				return line + " overlap=" + overlap;
			}
			if (line.startsWith("async ")) {
				long delay = Long.parseLong(line.substring(6));
				return CompletableFuture.supplyAsync(() -> line,
						CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
			}
			if (line.equals("sync now")) {
				return line;
			}
			if (line.equals("bye")) {
				caller.write("bye!");
				caller.close();
				return null;
			}
			if (line.equals("throw")) {
				throw new IllegalStateException("thrown on purpose");
			}
			if (line.equals("fail")) {
				return CompletableFuture.failedFuture(new IllegalStateException("future failed on purpose"));
			}
			if (line.equals("reject-me")) {
				this.rejectNext.set(1);
				caller.close();
				return null;
			}
			return CompletableFuture.supplyAsync(() -> "unknown " + line, later);
		}

		@OnError
		void onError(TcpException error, TcpCaller caller) {
			recorder.add("error " + error.getClass().getSimpleName() + " " + error.getMessage());
		}

		@OnClose
		void onClose(TcpCaller caller) {
			callers.remove(caller.id());
			recorder.add("close " + caller.id());
		}

	}

}
