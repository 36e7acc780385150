package dev.tcpstarter.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat's {@code /quote <symbol>} command asks the quote service through the named
 * client {@code quotes}, here a scripted stand-in, and answers the sender only.
 */
@SpringBootTest(properties = { "tcp.listeners.echo.port=0", "tcp.listeners.ack.port=0", "tcp.listeners.chat.port=0",
		"tcp.listeners.lb.port=0", "tcp.listeners.tls-echo.port=0", "tcp.listeners.devices.port=0" })
class ChatQuoteCommandTests {

	@DynamicPropertySource
	static void quoteServicePort(DynamicPropertyRegistry registry) {
		QuoteServicePort.register(registry);
	}

	@LocalTcpPort("chat")
	int chatPort;

	@Test
	void shouldAnswerTheSenderWithTheQuoteServicesReply() {
		try (TcpTestClient alice = chatMember(); TcpTestClient bob = chatMember()) {
			String aliceName = "guest-" + alice.getLocalPort();
			alice.expect("guest-" + bob.getLocalPort() + " joined");
			alice.send("/quote ACME").expect("ACME 12.50");
			alice.send("hi bob");
			// the command was not broadcast: bob's next line is alice's chat line
			bob.expect(aliceName + ": hi bob");
		}
	}

	@Test
	void shouldExplainTheCommandWithoutASymbol() {
		try (TcpTestClient alice = chatMember()) {
			alice.send("/quote").expect("usage: /quote <symbol>");
		}
	}

	@Test
	void shouldPassOnTheQuoteServicesAnswerForAnUnknownSymbol() {
		try (TcpTestClient alice = chatMember()) {
			alice.send("/quote NOPE").expect("NOPE unknown symbol");
		}
	}

	private TcpTestClient chatMember() {
		TcpTestClient member = TcpTestClient.connect(this.chatPort).framing(Framing.LF);
		assertThat(member.expectString()).startsWith("Welcome to the chat, ");
		return member;
	}

}
