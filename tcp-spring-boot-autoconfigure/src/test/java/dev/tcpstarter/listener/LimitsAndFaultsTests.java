package dev.tcpstarter.listener;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
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
 * Limits, faults and graceful shutdown with real sockets: the server stays up, other
 * connections are not affected, and nothing received before a stop goes unanswered.
 */
class LimitsAndFaultsTests {

	static final Recorder recorder = new Recorder();

	static volatile CountDownLatch gate = new CountDownLatch(0);

	ApplicationContextRunner runner(String... properties) {
		recorder.clear();
		return TcpContextRunners.runner()
			.withUserConfiguration(ServiceConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf")
			.withPropertyValues(properties);
	}

	@Test
	void shouldCloseASilentPeerAfterTheIdleTimeout() {
		runner("tcp.listeners.main.idle-timeout=300ms").run((context) -> {
			try (TcpTestClient silent = client(context); TcpTestClient talking = client(context)) {
				talking.send("echo").expect("echo");
				silent.expectClosed();
			}
			recorder.awaitCount("close", 2);
			assertThat(statistics(context).timedOut(TcpTimeoutKind.IDLE)).isGreaterThanOrEqualTo(1);
		});
	}

	@Test
	void shouldRefuseConnectionsAboveMaxConnectionsWhileServingExistingOnes() {
		runner("tcp.listeners.main.max-connections=2").run((context) -> {
			try (TcpTestClient first = client(context); TcpTestClient second = client(context)) {
				first.send("echo").expect("echo");
				second.send("echo").expect("echo");
				for (int i = 0; i < 20; i++) {
					try (TcpTestClient flood = client(context)) {
						flood.expectClosed();
					}
					first.send("still " + i).expect("still " + i);
				}
				assertThat(statistics(context).rejected(TcpRejectionReason.MAX_CONNECTIONS)).isEqualTo(20);
				assertThat(recorder.count("connect")).isEqualTo(2);
			}
		});
	}

	@Test
	void shouldCloseAPeerThatStopsReadingAfterTheWriteTimeout() {
		runner("tcp.listeners.main.write-timeout=300ms").run((context) -> {
			try (TcpTestClient other = client(context); TcpTestClient stuck = client(context)) {
				stuck.send("flood");
				recorder.awaitCount("error", 1);
				assertThat(recorder.events()).anySatisfy(
						(event) -> assertThat(event).contains("TcpConnectionException").contains("write-timeout"));
				recorder.awaitCount("close", 1);
				other.send("echo").expect("echo");
				assertThat(statistics(context).timedOut(TcpTimeoutKind.WRITE)).isEqualTo(1);
			}
		});
	}

	@Test
	void shouldKeepServingWhenTheHandlerThrowsOnEveryFrame() {
		runner().run((context) -> {
			try (TcpTestClient client = client(context)) {
				for (int i = 0; i < 100; i++) {
					client.send("throw");
				}
				recorder.awaitCount("error", 100);
				client.send("echo").expect("echo");
			}
		});
	}

	@Test
	void shouldAnswerFramesReceivedBeforeAHalfClose() throws IOException {
		runner().run((context) -> {
			try (Socket socket = new Socket("127.0.0.1", port(context, "main"))) {
				socket.getOutputStream().write("one\ntwo\nlater\n".getBytes(StandardCharsets.US_ASCII));
				socket.shutdownOutput();
				socket.setSoTimeout(5000);
				byte[] answer = socket.getInputStream().readAllBytes();
				assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("one\ntwo\nlater\n");
			}
			recorder.awaitCount("close", 1);
		});
	}

	@Test
	void shouldAnswerEveryRequestSentBeforeTheStop() {
		runner("tcp.listeners.main.shutdown-timeout=10s").run((context) -> {
			gate = new CountDownLatch(1);
			TcpServer listener = context.getBean(TcpListenerRegistry.class).getServer("main");
			try (TcpTestClient client = client(context)) {
				client.send("gated 1").send("gated 2").send("gated 3");
				recorder.awaitCount("gated", 1);
				CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::close);
				await().atMost(Duration.ofSeconds(5)).until(() -> !listener.isListening());
				gate.countDown();
				client.expect("gated 1").expect("gated 2").expect("gated 3").expectClosed();
				stopping.get(10, TimeUnit.SECONDS);
			}
			assertThat(recorder.count("close")).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldEchoLargeFramesOnBothTransports(TcpTransport transport) {
		runner("tcp.listeners.main.framing=length-prefix", "tcp.listeners.main.max-frame-size=17MB",
				"tcp.listeners.main.transport=" + transport)
			.run((context) -> {
				for (int size : new int[] { 1024 * 1024, 16 * 1024 * 1024 }) {
					byte[] frame = new byte[size];
					Arrays.fill(frame, (byte) 'x');
					frame[size - 1] = 'y';
					try (Socket socket = new Socket("127.0.0.1", port(context, "main"))) {
						socket.setSoTimeout(30_000);
						CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeFrame(socket, frame));
						DataInputStream in = new DataInputStream(socket.getInputStream());
						assertThat(in.readInt()).isEqualTo(size);
						byte[] echoed = new byte[size];
						in.readFully(echoed);
						assertThat(echoed).isEqualTo(frame);
						writing.join();
					}
				}
			});
	}

	@Test
	void shouldRefuseAFrameAboveMaxFrameSizeFromItsHeader() {
		runner("tcp.listeners.main.framing=length-prefix", "tcp.listeners.main.max-frame-size=16MB").run((context) -> {
			try (Socket socket = new Socket("127.0.0.1", port(context, "main"))) {
				// announces 2 GB; only the 4-byte header is sent
				socket.getOutputStream().write(new byte[] { 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0 });
				socket.setSoTimeout(5000);
				assertThat(socket.getInputStream().read()).isEqualTo(-1);
			}
			recorder.awaitCount("error", 1);
			assertThat(recorder.events()).anySatisfy((event) -> assertThat(event).contains("TcpFrameException")
				.contains("exceeds max-frame-size of 16777216 bytes"));
		});
	}

	private static void writeFrame(Socket socket, byte[] frame) {
		try {
			OutputStream out = socket.getOutputStream();
			int size = frame.length;
			out.write(new byte[] { (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size });
			out.write(frame);
			out.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TcpTestClient client(AssertableApplicationContext context) {
		return TcpTestClient.connect(port(context, "main")).framing(Framing.LF);
	}

	private static TcpListenerStatistics statistics(AssertableApplicationContext context) {
		return context.getBean(TcpListenerRegistry.class).getServer("main").statistics();
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		FaultService faultService() {
			return new FaultService();
		}

	}

	@TcpService
	static class FaultService {

		@OnConnect
		FaultConnection onConnect(TcpCaller caller) {
			recorder.add("connect " + caller.id());
			return new FaultConnection();
		}

	}

	@ConnectionService
	static class FaultConnection {

		@OnBytes
		byte[] onBytes(byte[] frame, TcpCaller caller) throws InterruptedException {
			String text = new String(frame, StandardCharsets.US_ASCII);
			if (text.equals("throw")) {
				throw new IllegalStateException("always");
			}
			if (text.equals("flood")) {
				byte[] chunk = new byte[64 * 1024];
				while (true) {
					caller.writeBytes(chunk);
				}
			}
			if (text.startsWith("gated")) {
				recorder.add(text);
				gate.await(10, TimeUnit.SECONDS);
			}
			return frame;
		}

		@OnError
		void onError(TcpException error) {
			recorder.add("error " + error.getClass().getSimpleName() + " " + error.getMessage());
		}

		@OnClose
		void onClose() {
			recorder.add("close");
		}

	}

}
