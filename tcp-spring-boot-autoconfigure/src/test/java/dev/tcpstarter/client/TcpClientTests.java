package dev.tcpstarter.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpFrameException;
import dev.tcpstarter.TcpTimeoutException;
import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.MockTcpScript;
import dev.tcpstarter.test.MockTcpServer;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link TcpClient} built with its builder, against the starter's own listeners
 * and against scripted {@link MockTcpServer}s, over real sockets on the loopback address.
 */
class TcpClientTests {

	@RegisterExtension
	final MockTcpServer server = MockTcpServer.create();

	static Stream<Arguments> framings() {
		return Stream.of(Arguments.of("lf", 4), Arguments.of("crlf", 4), Arguments.of("stx-etx", 4),
				Arguments.of("length-prefix", 1), Arguments.of("length-prefix", 2), Arguments.of("length-prefix", 4));
	}

	@ParameterizedTest(name = "{0}({1})")
	@MethodSource("framings")
	void shouldExchangeFramesWithAListenerUnderEveryFraming(String framing, int prefixSize) {
		List<String> frames = List.of("first", "second frame", "", "x".repeat((prefixSize == 1) ? 255 : 3000));
		TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.framing=" + framing,
					"tcp.listeners.echo.length-prefix-size=" + prefixSize)
			.run((context) -> {
				try (TcpClient client = TcpClient.builder()
					.host("localhost")
					.port(port(context, "echo"))
					.framing(framing)
					.lengthPrefixSize(prefixSize)
					.build()) {
					for (String frame : frames) {
						if (!frame.isEmpty() || framing.equals("length-prefix")) {
							assertThat(client.request(frame)).isEqualTo(frame);
						}
					}
					for (String frame : frames.subList(0, 2)) {
						client.write(frame);
					}
					assertThat(client.readString()).isEqualTo("first");
					assertThat(client.readBytes()).asString(StandardCharsets.UTF_8).isEqualTo("second frame");
				}
			});
	}

	@Test
	void shouldExchangeRawBytesWithAListener() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("tcp.listeners.echo.port=0")
			.run((context) -> {
				try (TcpClient client = TcpClient.builder().host("localhost").port(port(context, "echo")).build()) {
					byte[] data = "0123456789".repeat(500).getBytes(StandardCharsets.US_ASCII);
					client.writeBytes(data);
					assertThat(client.readBytes(data.length)).isEqualTo(data);
					client.write("ping");
					assertThat(client.readString()).isEqualTo("ping");
				}
			});
	}

	@Test
	void shouldReadExactlyNBytesAcrossOneByteWrites() {
		byte[] stream = "HEADER0042body-of-42-bytes|more-and-more-text\n".getBytes(StandardCharsets.US_ASCII);
		MockTcpScript script = this.server.framing(Framing.LF).expect("GO");
		for (byte b : stream) {
			script.thenReplyRaw(new byte[] { b });
		}
		try (TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getPort())
			.framing("lf")
			.build()) {
			client.write("GO");
			assertThat(client.readBytes(6)).asString(StandardCharsets.US_ASCII).isEqualTo("HEADER");
			assertThat(client.readBytes(4)).asString(StandardCharsets.US_ASCII).isEqualTo("0042");
			assertThat(client.readBytes(0)).isEmpty();
			assertThat(client.readBytes(18)).asString(StandardCharsets.US_ASCII).isEqualTo("body-of-42-bytes|m");
			assertThat(client.readString()).isEqualTo("ore-and-more-text");
			assertThat(client.statistics().bytesReceived()).isEqualTo(stream.length);
		}
	}

	@Test
	void shouldReturnWhatArrivedUnderRawFraming() {
		this.server.onConnect().thenReplyRaw("HELLO".getBytes(StandardCharsets.US_ASCII));
		try (TcpClient client = TcpClient.builder().host("localhost").port(this.server.getPort()).build()) {
			assertThat(client.readString()).isEqualTo("HELLO");
		}
	}

	@Test
	void shouldTimeOutAReadAndKeepTheConnection() {
		this.server.framing(Framing.LF).expect("PING").thenReply("PONG");
		try (TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getPort())
			.framing("lf")
			.readTimeout(Duration.ofMillis(200))
			.build()) {
			assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(client::readBytes)
				.withMessageContaining(
						"No data from localhost:" + this.server.getPort() + " within 200ms (read-timeout)")
				.withMessageContaining("the connection stays open");
			assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(() -> client.read(Duration.ofMillis(50)))
				.withMessageContaining("within 50ms (the timeout given to read)");
			assertThat(client.isConnected()).isTrue();
			assertThat(client.request("PING")).isEqualTo("PONG");
			assertThat(this.server.connectionCount()).isEqualTo(1);
			assertThat(client.statistics().errors("timeout")).isEqualTo(2);
		}
	}

	@Test
	void shouldCloseTheConnectionWhenARequestTimesOutAndOpenANewOneForTheNextOperation() {
		this.server.framing(Framing.LF).expect("PING").thenReplyPartial("PONG", 2);
		this.server.expect("NEXT").thenReply("FINE");
		try (TcpClient client = lf().readTimeout(Duration.ofMillis(200)).build()) {
			assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(() -> client.request("PING"))
				.withMessageContaining("No answer from localhost:" + this.server.getPort() + " within 200ms")
				.withMessageContaining("the connection was closed so that a late answer cannot reach a later request");
			assertThat(client.isConnected()).isFalse();
			assertThat(client.request("NEXT")).isEqualTo("FINE");
			assertThat(this.server.connectionCount()).isEqualTo(2);
		}
	}

	@Test
	void shouldCloseTheConnectionWhenADirectReadTimesOutInsideAFrame() {
		this.server.framing(Framing.LF).expect("PING").thenReplyPartial("PONG", 2);
		try (TcpClient client = lf().readTimeout(Duration.ofMillis(200)).build()) {
			client.write("PING");
			assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(client::readBytes)
				.withMessageContaining("Only 2 bytes of a frame arrived")
				.withMessageContaining("the connection was closed");
			assertThat(client.isConnected()).isFalse();
		}
	}

	@Test
	void shouldReportThatTheServerClosedTheConnectionDuringARead() {
		this.server.framing(Framing.LF).expect("WAIT").thenDelay(Duration.ofMillis(100)).thenClose();
		try (TcpClient client = TcpClient.builder()
			.name("waiter")
			.host("localhost")
			.port(this.server.getPort())
			.framing("lf")
			.build()) {
			client.write("WAIT");
			assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(client::readBytes)
				.isExactlyInstanceOf(TcpConnectionException.class)
				.withMessage("Read failed: the connection to localhost:" + this.server.getPort()
						+ " (client 'waiter') was closed by the peer");
			assertThat(client.isConnected()).isFalse();
			assertThat(client.statistics().errors("closed")).isEqualTo(1);
			assertThat(client.statistics().connectionsClosed()).isEqualTo(1);
		}
	}

	@Test
	void shouldReportAFrameCutOffByTheServer() {
		this.server.framing(Framing.LF).expect("PING").thenReplyPartial("PONG", 2).thenClose();
		try (TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getPort())
			.framing("lf")
			.build()) {
			assertThatExceptionOfType(TcpFrameException.class).isThrownBy(() -> client.request("PING"))
				.withMessageContaining("Bad frame from localhost:")
				.withMessageContaining("Stream ended inside a frame after 2 bytes");
			assertThat(client.isConnected()).isFalse();
		}
	}

	@Test
	void shouldRejectAFrameLargerThanTheMaxFrameSize() {
		this.server.framing(Framing.LF).expect("BIG").thenReply("x".repeat(100));
		try (TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getPort())
			.framing("lf")
			.maxFrameSize(10)
			.build()) {
			assertThatExceptionOfType(TcpFrameException.class).isThrownBy(() -> client.request("BIG"))
				.withMessageContaining("exceeds max-frame-size of 10 bytes");
			assertThat(client.statistics().errors("frame")).isEqualTo(1);
		}
	}

	@Test
	void shouldRejectWritesAfterCloseUntilConnectIsCalled() {
		this.server.framing(Framing.LF).expect("PING").thenReply("PONG");
		TcpClient client = TcpClient.builder().host("localhost").port(this.server.getPort()).framing("lf").build();
		assertThat(client.request("PING")).isEqualTo("PONG");
		client.close();
		assertThat(client.isConnected()).isFalse();
		assertThatExceptionOfType(TcpConnectionClosedException.class).isThrownBy(() -> client.write("PING"))
			.withMessage("The connection to localhost:" + this.server.getPort()
					+ " is closed: the client was closed; call connect() to open a new connection");
		client.connect();
		assertThat(client.request("PING")).isEqualTo("PONG");
		client.close();
		client.close();
		assertThat(this.server.connectionCount()).isEqualTo(2);
	}

	@Test
	void shouldEndABlockedReadWhenClosed() throws Exception {
		try (TcpClient client = TcpClient.builder().host("localhost").port(this.server.getPort()).build()) {
			client.connect();
			CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(client::readBytes);
			this.server.awaitConnections(1, Duration.ofSeconds(5));
			client.close();
			assertThat(read).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(TcpConnectionClosedException.class);
		}
	}

	@Test
	void shouldReportALostConnectionOnceAndReopenItForTheNextOperation() {
		this.server.framing(Framing.LF).expect("QUIT").thenReply("BYE").thenClose();
		this.server.expect("PING").thenReply("PONG");
		try (TcpClient client = lf().build()) {
			assertThat(client.request("QUIT")).isEqualTo("BYE");
			assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(client::readBytes)
				.withMessageContaining("closed by the peer");
			assertThat(client.request("PING")).isEqualTo("PONG");
			assertThat(client.request("PING")).isEqualTo("PONG");
			assertThat(this.server.connectionCount()).isEqualTo(2);
			assertThat(client.statistics().connectionsOpened()).isEqualTo(2);
			assertThat(client.statistics().connectionsClosed()).isEqualTo(1);
		}
	}

	@Test
	void shouldConnectOnFirstUse() {
		this.server.framing(Framing.LF).expect("PING").thenReply("PONG");
		try (TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getPort())
			.framing("lf")
			.build()) {
			assertThat(client.isConnected()).isFalse();
			assertThat(this.server.connectionCount()).isZero();
			assertThat(client.request("PING")).isEqualTo("PONG");
			assertThat(client.isConnected()).isTrue();
			client.connect();
			assertThat(this.server.connectionCount()).isEqualTo(1);
		}
	}

	@Test
	void shouldReportARefusedConnection() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		try (TcpClient client = TcpClient.builder().name("nobody").host("127.0.0.1").port(port).build()) {
			assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(client::connect)
				.withMessage("Could not connect to 127.0.0.1:" + port
						+ " (client 'nobody'): connection refused; is the server running and listening on that port?");
			assertThat(client.statistics().errors("connect")).isEqualTo(1);
		}
	}

	@Test
	void shouldTimeOutAConnect() throws IOException {
		try (ServerSocket backlogOfOne = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> queued = fillAcceptQueue(backlogOfOne);
			try (TcpClient client = TcpClient.builder()
				.host("127.0.0.1")
				.port(backlogOfOne.getLocalPort())
				.connectTimeout(Duration.ofMillis(300))
				.build()) {
				assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(client::connect)
					.withMessage("Could not connect to 127.0.0.1:" + backlogOfOne.getLocalPort()
							+ " within 300ms (connect-timeout)");
				assertThat(client.statistics().errors("timeout")).isEqualTo(1);
			}
			finally {
				for (Socket socket : queued) {
					socket.close();
				}
			}
		}
	}

	/**
	 * Connect to a server that never accepts until its accept queue is full, so that the
	 * next connect hangs (Linux drops the SYN then).
	 */
	private static List<Socket> fillAcceptQueue(ServerSocket server) throws IOException {
		List<Socket> queued = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
				queued.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				return queued;
			}
		}
		queued.forEach(TcpClientTests::closeQuietly);
		assumeThat(false).as("the accept queue of a loopback server never filled up").isTrue();
		return queued;
	}

	@Test
	void shouldTimeOutAWriteTheServerDoesNotRead() throws IOException {
		try (ServerSocket neverReads = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				TcpClient client = TcpClient.builder()
					.host("localhost")
					.port(neverReads.getLocalPort())
					.writeTimeout(Duration.ofMillis(200))
					.build()) {
			byte[] chunk = new byte[1024 * 1024];
			assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(() -> {
				for (int i = 0; i < 1024; i++) {
					client.writeBytes(chunk);
				}
			}).withMessageContaining("did not complete within 200ms (write-timeout): the peer is not reading");
			assertThat(client.isConnected()).isFalse();
			assertThat(client.statistics().errors("timeout")).isEqualTo(1);
		}
	}

	@Test
	void shouldRejectAFrameTooLargeForTheLengthPrefixWithoutClosing() {
		this.server.lengthPrefix(1).expect("ok").thenReply("fine");
		try (TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getPort())
			.framing("length-prefix")
			.lengthPrefixSize(1)
			.build()) {
			assertThatExceptionOfType(TcpFrameException.class).isThrownBy(() -> client.write("x".repeat(256)))
				.withMessageContaining("does not fit a 1-byte length prefix");
			assertThat(client.request("ok")).isEqualTo("fine");
		}
	}

	@Test
	void shouldUseACustomCodec() {
		this.server.lengthPrefix(2).expect("PING").thenReply("PONG");
		try (TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getPort())
			.codec(new ByteArrayLengthHeaderSerializer(2))
			.build()) {
			assertThat(client.request("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void shouldGiveEachConcurrentRequestItsOwnResponse() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.framing=lf")
			.run((context) -> {
				ExecutorService executor = Executors.newFixedThreadPool(4);
				try (TcpClient client = TcpClient.builder()
					.host("localhost")
					.port(port(context, "echo"))
					.framing("lf")
					.build()) {
					List<Future<List<String>>> results = new ArrayList<>();
					for (int thread = 0; thread < 4; thread++) {
						String prefix = "thread-" + thread + "-";
						results.add(executor.submit(() -> {
							List<String> mismatches = new ArrayList<>();
							for (int i = 0; i < 200; i++) {
								String reply = client.request(prefix + i);
								if (!reply.equals(prefix + i)) {
									mismatches.add(reply);
								}
							}
							return mismatches;
						}));
					}
					for (Future<List<String>> result : results) {
						assertThat(result.get()).isEmpty();
					}
					assertThat(client.statistics().framesSent()).isEqualTo(800);
					assertThat(client.statistics().framesReceived()).isEqualTo(800);
				}
				finally {
					executor.shutdownNow();
				}
			});
	}

	@Test
	void shouldCountTraffic() {
		this.server.framing(Framing.LF).expect("PING").thenReply("PONG");
		try (TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getPort())
			.framing("lf")
			.build()) {
			client.request("PING");
			client.request("PING");
			TcpClientStatistics statistics = client.statistics();
			assertThat(statistics.connectionsOpened()).isEqualTo(1);
			assertThat(statistics.framesSent()).isEqualTo(2);
			assertThat(statistics.bytesSent()).isEqualTo(10);
			assertThat(statistics.framesReceived()).isEqualTo(2);
			assertThat(statistics.bytesReceived()).isEqualTo(10);
			assertThat(statistics.connectionsClosed()).isZero();
		}
	}

	private TcpClient.Builder lf() {
		return TcpClient.builder().host("localhost").port(this.server.getPort()).framing("lf");
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing to release
		}
	}

}
