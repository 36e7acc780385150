package dev.tcpstarter.sample;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives each service of the sample application over real sockets.
 */
@SpringBootTest(properties = { "tcp.listeners.echo.port=0", "tcp.listeners.ack.port=0", "tcp.listeners.chat.port=0",
		"tcp.listeners.lb.port=0" })
class SampleApplicationTests {

	@LocalTcpPort("echo")
	int echoPort;

	@LocalTcpPort("ack")
	int ackPort;

	@LocalTcpPort("chat")
	int chatPort;

	@Test
	void shouldEchoTheBytesBack() {
		try (TcpTestClient client = TcpTestClient.connect(this.echoPort)) {
			client.send("hello, echo").expect("hello, echo");
		}
	}

	@Test
	void shouldAcknowledgeEachLine() {
		try (TcpTestClient client = TcpTestClient.connect(this.ackPort).framing(Framing.LF)) {
			client.send("first").expect("ACK");
			client.send("second").expect("ACK");
		}
	}

	@Autowired
	CompositeHealthContributor tcpHealthContributor;

	@Autowired
	MeterRegistry meterRegistry;

	@Test
	void shouldReportListenersHealthyAndCountFrames() {
		try (TcpTestClient client = TcpTestClient.connect(this.echoPort)) {
			client.send("counted").expect("counted");
		}
		HealthIndicator echo = (HealthIndicator) this.tcpHealthContributor.getContributor("echo");
		assertThat(echo.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.meterRegistry.get("tcp.server.frames.received")
			.tag("listener", "echo").functionCounter().count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void shouldGreetBroadcastAndAnnounceLeavers() {
		try (TcpTestClient alice = TcpTestClient.connect(this.chatPort).framing(Framing.LF)) {
			String aliceGreeting = alice.expectString();
			assertThat(aliceGreeting).startsWith("Welcome to the chat, guest-");
			TcpTestClient bob = TcpTestClient.connect(this.chatPort).framing(Framing.LF);
			String bobName = "guest-" + bob.getLocalPort();
			bob.expect("Welcome to the chat, " + bobName + "! 1 other(s) here.");
			alice.expect(bobName + " joined");
			bob.send("hi alice");
			alice.expect(bobName + ": hi alice");
			bob.close();
			alice.expect(bobName + " left");
		}
	}

}
