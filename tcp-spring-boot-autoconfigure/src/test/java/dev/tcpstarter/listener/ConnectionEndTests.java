package dev.tcpstarter.listener;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.support.Recorder;
import dev.tcpstarter.support.Sockets;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How connections end, on real sockets: no handler runs after {@code @OnClose}, a
 * half-closed peer gets every answer, a closed connection is let go although no other
 * client comes, a graceful stop closes between writes, and a listener that has no thread
 * for a connection keeps accepting.
 */
class ConnectionEndTests {

	static final Recorder recorder = new Recorder();

	static volatile CompletableFuture<String> later = new CompletableFuture<>();

	static final List<WeakReference<EndConnection>> connections = new CopyOnWriteArrayList<>();

	ApplicationContextRunner runner(TcpTransport transport, String... properties) {
		recorder.clear();
		connections.clear();
		later = new CompletableFuture<>();
		return TcpContextRunners.runner()
			.withUserConfiguration(EndConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.transport=" + transport.name())
			.withPropertyValues(properties);
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldNotCallOnErrorForAResultThatFailsAfterOnClose(TcpTransport transport) {
		runner(transport).run((context) -> {
			// rounds: on nio, a read racing the service's close was reported
			// to @OnError as a ClosedChannelException in about one round in 50
			for (int round = 0; round < 20; round++) {
				recorder.clear();
				later = new CompletableFuture<>();
				try (TcpTestClient client = client(context)) {
					// the service closes the connection
					// while the result of "later" is pending
					client.send("later").send("quit").expectClosed();
				}
				recorder.awaitCount("close", 1);
				// the failure is handled on this thread,
				// before completeExceptionally returns
				later.completeExceptionally(new IllegalStateException("too late"));
				assertThat(recorder.events()).as("round " + round)
					.containsExactly("frame later", "frame quit", "close");
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldAnswerEveryFrameReceivedBeforeTheHalfClose(TcpTransport transport) {
		runner(transport).run((context) -> {
			for (int round = 0; round < 20; round++) {
				recorder.clear();
				try (Socket socket = Sockets.connectFrom("127.0.0.1", port(context, "main"))) {
					socket.getOutputStream().write("a\nb\nc\n".getBytes(StandardCharsets.US_ASCII));
					socket.shutdownOutput();
					assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
						.isEqualTo("a\nb\nc\n");
				}
				recorder.awaitCount("close", 1);
				assertThat(recorder.events()).containsExactly("frame a", "frame b", "frame c", "close");
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldReportAFrameThePeerCutOff(TcpTransport transport) {
		runner(transport).run((context) -> {
			for (int round = 0; round < 20; round++) {
				recorder.clear();
				try (Socket socket = Sockets.connectFrom("127.0.0.1", port(context, "main"))) {
					socket.getOutputStream().write("a\nhal".getBytes(StandardCharsets.US_ASCII));
				}
				recorder.awaitCount("close", 1);
				assertThat(recorder.events()).as("round " + round).hasSize(3).startsWith("frame a");
				assertThat(recorder.events().get(1)).as("round " + round).startsWith("error ");
			}
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldReleaseClosedConnectionsWhenNoOtherClientComes(TcpTransport transport) {
		runner(transport).run((context) -> {
			for (int i = 0; i < 5; i++) {
				try (TcpTestClient client = client(context)) {
					client.send("hello").expect("hello");
				}
			}
			recorder.awaitCount("close", 5);
			assertThat(connections).hasSize(5);
			// nothing but the listener's own bookkeeping could keep them
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
				System.gc();
				return connections.stream().allMatch((reference) -> reference.get() == null);
			});
		});
	}

	@Test
	void shouldCloseAConnectionBetweenWritesWhenTheStopDrainsIt() {
		runner(TcpTransport.NET, "tcp.listeners.main.framing=length-prefix", "tcp.listeners.main.max-frame-size=4MB")
			.run((context) -> {
				try (Socket socket = Sockets.connectFrom("127.0.0.1", port(context, "main"))) {
					// ask for a push of 1 MiB frames from another
					// thread, until the connection closes
					socket.getOutputStream().write(new byte[] { 0, 0, 0, 4, 'p', 'u', 's', 'h' });
					DataInputStream in = new DataInputStream(socket.getInputStream());
					readFrame(in);
					CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::close);
					int frames = 1;
					while (readFrame(in)) {
						frames++;
					}
					stopping.get(20, TimeUnit.SECONDS);
					assertThat(frames).isGreaterThan(1);
				}
			});
	}

	/**
	 * Read one length-prefixed frame.
	 * @return {@code false} if the stream ended exactly between frames
	 * @throws EOFException if it ended inside a frame: a truncated write
	 */
	private static boolean readFrame(DataInputStream in) throws IOException {
		int first = in.read();
		if (first < 0) {
			return false;
		}
		int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedShort());
		in.readFully(new byte[length]);
		return true;
	}

	@Test
	void shouldKeepAcceptingWhenNoThreadCanBeHadForAConnection() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class, BoundedExecutorConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf")
			.run((context) -> {
				int port = port(context, "main");
				try (TcpTestClient first = TcpTestClient.connect(port).framing(Framing.LF)) {
					first.send("one").expect("one");
					// the pool's two threads run the accept loop and the first connection
					try (TcpTestClient second = TcpTestClient.connect(port).framing(Framing.LF)) {
						second.expectClosed();
					}
					assertThat(statistics(context).rejected(TcpRejectionReason.RESOURCES)).isEqualTo(1);
				}
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					try (TcpTestClient third = TcpTestClient.connect(port).framing(Framing.LF)) {
						third.send("three").expect("three");
					}
				});
			});
	}

	private static TcpTestClient client(AssertableApplicationContext context) {
		return TcpTestClient.connect(port(context, "main")).framing(Framing.LF);
	}

	private static TcpListenerStatistics statistics(AssertableApplicationContext context) {
		TcpServer listener = context.getBean(TcpListenerRegistry.class).getServer("main");
		assertThat(listener).isNotNull();
		return listener.statistics();
	}

	@Configuration(proxyBeanMethods = false)
	static class EndConfiguration {

		@Bean
		EndService endService() {
			return new EndService();
		}

	}

	@TcpService
	static class EndService {

		@OnConnect
		EndConnection onConnect() {
			EndConnection connection = new EndConnection();
			connections.add(new WeakReference<>(connection));
			return connection;
		}

	}

	@ConnectionService
	static class EndConnection {

		@OnBytes
		Object onBytes(byte[] frame, TcpCaller caller) {
			String text = new String(frame, StandardCharsets.US_ASCII);
			recorder.add("frame " + text);
			if (text.equals("later")) {
				return later;
			}
			if (text.equals("quit")) {
				caller.close();
				return null;
			}
			if (text.equals("push")) {
				Thread pusher = new Thread(() -> {
					byte[] big = new byte[1024 * 1024];
					while (caller.isOpen()) {
						try {
							caller.writeBytes(big);
						}
						catch (RuntimeException ex) {
							return;
						}
					}
				});
				pusher.setDaemon(true);
				pusher.start();
				return null;
			}
			return frame;
		}

		@OnError
		void onError(Throwable error) {
			recorder.add("error " + error.getMessage());
		}

		@OnClose
		void onClose() {
			recorder.add("close");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BoundedExecutorConfiguration {

		@Bean
		Executor tcpTaskExecutor() {
			return new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
					new ThreadPoolExecutor.AbortPolicy());
		}

	}

}
