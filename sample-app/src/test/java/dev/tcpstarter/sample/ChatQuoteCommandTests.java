package dev.tcpstarter.sample;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.MockTcpServer;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat's {@code /quote <symbol>} command asks the quote service through the named
 * client {@code quotes}, here a scripted stand-in, and answers the sender only.
 */
@SpringBootTest(properties = { "tcp.listeners.echo.port=0", "tcp.listeners.ack.port=0", "tcp.listeners.chat.port=0",
		"tcp.listeners.lb.port=0", "tcp.listeners.tls-echo.port=0", "tcp.listeners.devices.port=0",
		"tcp.clients.quotes.read-timeout=500ms" })
class ChatQuoteCommandTests {

	@RegisterExtension
	static MockTcpServer quoteService = MockTcpServer.create().framing(Framing.LF);

	@DynamicPropertySource
	static void quoteServiceProperties(DynamicPropertyRegistry registry) {
		registry.add("tcp.clients.quotes.port", quoteService::getPort);
	}

	@LocalTcpPort("chat")
	int chatPort;

	@Autowired
	@Qualifier("quotes")
	TcpClient quotes;

	/**
	 * Start each test on a new connection: the mock server closes its connections between
	 * tests.
	 */
	@BeforeEach
	void newConnection() {
		this.quotes.close();
		this.quotes.connect();
	}

	@Test
	void shouldAnswerTheSenderWithTheQuoteServicesReply() {
		quoteService.expect("QUOTE ACME").thenReply("ACME 12.50");
		try (TcpTestClient alice = chatMember(); TcpTestClient bob = chatMember()) {
			String aliceName = "guest-" + alice.getLocalPort();
			alice.expect("guest-" + bob.getLocalPort() + " joined");
			alice.send("/quote ACME").expect("ACME 12.50");
			alice.send("hi bob");
			// the command was not broadcast: bob's next line is alice's chat line
			bob.expect(aliceName + ": hi bob");
		}
		assertThat(quoteService.receivedStrings()).containsExactly("QUOTE ACME");
	}

	@Test
	void shouldExplainTheCommandWithoutASymbol() {
		try (TcpTestClient alice = chatMember()) {
			alice.send("/quote").expect("usage: /quote <symbol>");
		}
		assertThat(quoteService.receivedStrings()).isEmpty();
	}

	@Test
	void shouldSayWhenTheQuoteServiceDoesNotAnswer() {
		try (TcpTestClient alice = chatMember()) {
			assertThat(alice.send("/quote SLOW").expectString()).startsWith("quote service unavailable: ")
				.contains("500ms");
		}
	}

	private TcpTestClient chatMember() {
		TcpTestClient member = TcpTestClient.connect(this.chatPort).framing(Framing.LF);
		assertThat(member.expectString()).startsWith("Welcome to the chat, ");
		return member;
	}

}
