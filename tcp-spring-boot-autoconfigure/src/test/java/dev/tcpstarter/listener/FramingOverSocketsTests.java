package dev.tcpstarter.listener;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every framing over real sockets on both transports: frames written one byte at a time
 * and several frames coalesced in one write come back whole, encoded with the same
 * framing.
 */
class FramingOverSocketsTests {

	private static final List<String> FRAMES = List.of("first", "second frame", "x".repeat(3000));

	static Stream<Arguments> framings() {
		List<Arguments> arguments = new ArrayList<>();
		for (TcpTransport transport : TcpTransport.values()) {
			arguments.add(Arguments.of("lf", 4, Framing.LF, transport));
			arguments.add(Arguments.of("crlf", 4, Framing.CRLF, transport));
			arguments.add(Arguments.of("stx-etx", 4, Framing.STX_ETX, transport));
			arguments.add(Arguments.of("length-prefix", 2, Framing.lengthPrefix(2), transport));
			arguments.add(Arguments.of("length-prefix", 4, Framing.lengthPrefix(4), transport));
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0}({1}) on {3}")
	@MethodSource("framings")
	void shouldDecodeSplitAndCoalescedFrames(String framing, int prefixSize, Framing clientFraming,
			TcpTransport transport) {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.framing=" + framing,
					"tcp.listeners.echo.length-prefix-size=" + prefixSize, "tcp.listeners.echo.transport=" + transport)
			.run((context) -> {
				try (TcpTestClient client = TcpTestClient.connect(port(context, "echo")).framing(clientFraming)) {
					for (String frame : FRAMES) {
						for (byte b : clientFraming.encode(frame.getBytes(StandardCharsets.UTF_8))) {
							client.sendRaw(new byte[] { b });
						}
						client.expect(frame);
					}
					ByteArrayOutputStream coalesced = new ByteArrayOutputStream();
					for (String frame : FRAMES) {
						coalesced.writeBytes(clientFraming.encode(frame.getBytes(StandardCharsets.UTF_8)));
					}
					client.sendRaw(coalesced.toByteArray());
					for (String frame : FRAMES) {
						client.expect(frame);
					}
				}
			});
	}

	@ParameterizedTest(name = "raw on {0}")
	@MethodSource("transports")
	void shouldDeliverRawBytesAsTheyArrive(TcpTransport transport) {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.transport=" + transport,
					"tcp.listeners.echo.max-frame-size=100")
			.run((context) -> {
				byte[] data = "0123456789".repeat(50).getBytes(StandardCharsets.US_ASCII);
				try (TcpTestClient client = TcpTestClient.connect(port(context, "echo"))) {
					client.sendRaw(data);
					assertThat(client.readExactly(data.length)).isEqualTo(data);
					client.sendRaw("a".getBytes(StandardCharsets.US_ASCII));
					client.expect("a");
				}
			});
	}

	static Stream<TcpTransport> transports() {
		return Stream.of(TcpTransport.values());
	}

}
