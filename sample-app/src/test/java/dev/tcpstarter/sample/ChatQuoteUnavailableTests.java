package dev.tcpstarter.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tcpstarter.test.LocalTcpPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the quote service cannot be reached, a chat member is told so without its address
 * (which the client's error names), and the address goes to the log instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "tcp.listeners.echo.port=0", "tcp.listeners.ack.port=0", "tcp.listeners.chat.port=0",
				"tcp.listeners.lb.port=0", "tcp.listeners.tls-echo.port=0", "tcp.listeners.devices.port=0",
				"tcp.listeners.slow.port=0", "tcp.clients.quotes.connect-timeout=2s" })
@ExtendWith(OutputCaptureExtension.class)
class ChatQuoteUnavailableTests {

	// nothing listens there
	static final int CLOSED_PORT = QuoteServicePort.freePort();

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		int port = QuoteServicePort.freePort();
		registry.add("tcp.listeners.quote-service.port", () -> port);
		registry.add("tcp.clients.feed.port", () -> port);
		registry.add("tcp.clients.quotes.port", () -> CLOSED_PORT);
	}

	@LocalTcpPort("chat")
	int chatPort;

	@Test
	void shouldNotTellMembersWhereTheQuoteServiceIs(CapturedOutput output) {
		try (ChatMember alice = ChatMember.connect(this.chatPort).leaveLobby()) {
			String answer = alice.send("/quote ACME").next();
			assertThat(answer).isEqualTo("quote service unavailable, try again later");
		}
		assertThat(output.getOut()).contains("Quote service unavailable: ").contains(String.valueOf(CLOSED_PORT));
	}

}
