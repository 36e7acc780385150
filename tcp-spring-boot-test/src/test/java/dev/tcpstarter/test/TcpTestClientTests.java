package dev.tcpstarter.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TcpTestClient}, against a {@link MockTcpServer}.
 */
class TcpTestClientTests {

	private static final Duration SHORT = Duration.ofMillis(200);

	private static final Duration WAIT = Duration.ofSeconds(5);

	@RegisterExtension
	final MockTcpServer server = MockTcpServer.create();

	static Stream<Framing> framings() {
		return Stream.of(Framing.LF, Framing.CRLF, Framing.STX_ETX, Framing.lengthPrefix(1), Framing.lengthPrefix(2),
				Framing.lengthPrefix(4));
	}

	@Test
	void shouldExchangeRawBytes() {
		this.server.expect("PING").thenReply("PONG");
		try (TcpTestClient client = connect()) {
			client.send("PING").expect("PONG");
		}
		assertThat(this.server.receivedStrings()).containsExactly("PING");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("framings")
	void shouldExchangeFrames(Framing framing) {
		this.server.framing(framing).expect("PING").thenReply("PONG");
		try (TcpTestClient client = connect().framing(framing)) {
			client.send("PING").expect("PONG");
			client.send("PING");
			assertThat(client.expectString()).isEqualTo("PONG");
		}
		assertThat(this.server.receivedStrings()).containsExactly("PING", "PING");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("framings")
	void shouldDecodeFrameSplitIntoSingleByteWrites(Framing framing) {
		MockTcpScript greeting = this.server.framing(framing).onConnect();
		for (byte b : framing.encode(utf8("WORLD"))) {
			greeting.thenReplyRaw(new byte[] { b });
		}
		try (TcpTestClient client = connect().framing(framing)) {
			client.expect("WORLD");
			for (byte b : framing.encode(utf8("HELLO"))) {
				client.sendRaw(new byte[] { b });
			}
			assertThat(MockRecording.asStrings(this.server.awaitReceived(1, WAIT))).containsExactly("HELLO");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("framings")
	void shouldDecodeSeveralFramesCoalescedInOneWrite(Framing framing) {
		byte[] frames = encodeAll(framing, "ONE", "", "THREE");
		this.server.framing(framing).onConnect().thenReplyRaw(frames);
		try (TcpTestClient client = connect().framing(framing)) {
			client.expect("ONE").expect("").expect("THREE");
			client.sendRaw(frames);
			assertThat(MockRecording.asStrings(this.server.awaitReceived(3, WAIT))).containsExactly("ONE", "", "THREE");
		}
	}

	@Test
	void shouldCarryBinaryPayloadWithLengthPrefix() {
		byte[] payload = { 0x00, 0x02, 0x03, '\n', (byte) 0xff };
		this.server.lengthPrefix(2).whenAnyFrame().thenReply(payload);
		try (TcpTestClient client = connect().lengthPrefix(2)) {
			client.send(payload).expect(payload);
		}
		assertThat(this.server.received()).containsExactly(payload);
	}

	@Test
	void shouldShowExpectedAndActualTextWhenFrameDiffers() {
		this.server.framing(Framing.LF).expect("PING").thenReply("PANG");
		try (TcpTestClient client = connect().framing(Framing.LF)) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.send("PING").expect("PONG"))
				.withMessageContaining("Unexpected frame from localhost:" + this.server.getPort())
				.withMessageContaining("expected: \"PONG\" (4 bytes)")
				.withMessageContaining("actual: \"PANG\" (4 bytes)");
		}
	}

	@Test
	void shouldShowHexWhenFrameIsBinary() {
		this.server.onConnect().thenReplyRaw(new byte[] { 0x01, (byte) 0xff });
		try (TcpTestClient client = connect()) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.expect(new byte[] { 0x01, 0x02 }))
				.withMessageContaining("expected: [2 bytes] 01 02")
				.withMessageContaining("actual: [2 bytes] 01 ff");
		}
	}

	@Test
	void shouldFailWhenNoFrameArrivesWithinTimeout() {
		try (TcpTestClient client = connect().timeout(SHORT)) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectFrame)
				.withMessage("No frame received from localhost:" + this.server.getPort() + " within 200ms");
		}
	}

	@Test
	void shouldKeepIncompleteFrameAfterTimeout() {
		this.server.framing(Framing.LF).onConnect().thenReplyRaw(utf8("PAR"));
		this.server.expect("MORE").thenReplyRaw(utf8("TIAL\n"));
		try (TcpTestClient client = connect().framing(Framing.LF).timeout(SHORT)) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectFrame)
				.withMessageEndingWith("within 200ms; incomplete data received: \"PAR\" (3 bytes)");
			client.timeout(WAIT).send("MORE").expect("PARTIAL");
		}
	}

	@Test
	void shouldFailWhenConnectionClosesWhileWaitingForFrame() {
		this.server.framing(Framing.CRLF).onConnect().thenReplyPartial("BYE", 2).thenClose();
		try (TcpTestClient client = connect().framing(Framing.CRLF)) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectFrame)
				.withMessage("Connection closed by localhost:" + this.server.getPort()
						+ " before the expected frame arrived; incomplete data received: \"BY\" (2 bytes)");
		}
	}

	@Test
	void shouldFailWhenStxEtxFrameDoesNotStartWithStx() {
		this.server.onConnect().thenReplyRaw(utf8("oops"));
		try (TcpTestClient client = connect().framing(Framing.STX_ETX)) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectFrame)
				.withMessageContaining("Expected STX (0x02) at the start of a frame but got 0x6f");
		}
	}

	@Test
	void shouldReadExactlyTheRequestedBytes() {
		this.server.onConnect().thenReplyRaw(utf8("ABCDEF"));
		try (TcpTestClient client = connect()) {
			assertThat(client.readExactly(2)).isEqualTo(utf8("AB"));
			assertThat(client.readExactly(4)).isEqualTo(utf8("CDEF"));
		}
	}

	@Test
	void shouldFailExpectClosedWhenDataArrives() {
		this.server.onConnect().thenReply("DATA");
		try (TcpTestClient client = connect()) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectClosed)
				.withMessageContaining("to be closed but received \"DATA\" (4 bytes)");
		}
	}

	@Test
	void shouldFailExpectClosedWhenConnectionStaysOpen() {
		try (TcpTestClient client = connect().timeout(SHORT)) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectClosed)
				.withMessage("Connection to localhost:" + this.server.getPort() + " was not closed within 200ms");
		}
	}

	@Test
	void shouldConnectByHostAndReportLocalPort() {
		try (TcpTestClient client = TcpTestClient.connect("127.0.0.1", this.server.getPort())) {
			assertThat(client.getLocalPort()).isPositive();
			this.server.awaitConnections(1, WAIT);
		}
	}

	@Test
	void shouldFailToConnectWhenNothingListens() throws IOException {
		int port = closedPortBelowTheEphemeralRange();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> TcpTestClient.connect(port))
			.withMessage("Could not connect to localhost:" + port);
	}

	/**
	 * A free port below Linux's ephemeral range (32768 and up): connecting to a closed
	 * port inside that range can, rarely, connect the socket to itself (TCP simultaneous
	 * open).
	 */
	private static int closedPortBelowTheEphemeralRange() throws IOException {
		for (int port = 20000 + new Random().nextInt(10000);; port++) {
			try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return probe.getLocalPort();
			}
			catch (BindException ex) {
				// taken: try the next one
			}
		}
	}

	private TcpTestClient connect() {
		return TcpTestClient.connect(this.server.getPort());
	}

	private static byte[] encodeAll(Framing framing, String... payloads) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String payload : payloads) {
			out.writeBytes(framing.encode(utf8(payload)));
		}
		return out.toByteArray();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
