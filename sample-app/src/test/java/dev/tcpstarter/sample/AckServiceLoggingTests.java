package dev.tcpstarter.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ACK service logs of a peer's line: escaped, so that a line break in it cannot
 * forge a log line, and cut, so that a long line cannot fill the log.
 */
@SampleAppTest
@ExtendWith(OutputCaptureExtension.class)
class AckServiceLoggingTests {

	@LocalTcpPort("ack")
	int ackPort;

	@Test
	void shouldLogAnEscapedAndCutLine(CapturedOutput output) {
		String forged = "2030-01-01T00:00:00.000Z  INFO 1 --- [main] forged.Logger : admin logged in";
		String line = "hello\r" + forged + " " + "x".repeat(300);
		try (TcpTestClient client = TcpTestClient.connect(this.ackPort).framing(Framing.LF)) {
			client.send(line).expect("ACK");
		}
		// logged before the ACK was written
		String expected = ("hello\\r" + forged + " " + "x".repeat(300)).substring(0, LogText.MAX_CHARS + 1) + "...("
				+ line.length() + " chars)";
		assertThat(output.getOut()).contains(": " + expected)
			.doesNotContain("\r" + forged)
			.doesNotContain("x".repeat(100));
	}

	@Test
	void shouldLogAShortLineAsItIs(CapturedOutput output) {
		try (TcpTestClient client = TcpTestClient.connect(this.ackPort).framing(Framing.LF)) {
			client.send("short line").expect("ACK");
		}
		assertThat(output.getOut()).containsPattern("Received message on \\S+: short line\\R");
	}

}
