package dev.tcpstarter.sample;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpTimeoutException;
import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.MockTcpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests {@link QuoteClient} against a scripted quote service standing in for the remote
 * one.
 */
@SpringBootTest(properties = { "tcp.listeners.echo.port=0", "tcp.listeners.ack.port=0", "tcp.listeners.chat.port=0",
		"tcp.listeners.devices.port=0", "tcp.clients.quotes.read-timeout=500ms" })
class QuoteClientTests {

	@RegisterExtension
	static MockTcpServer quoteService = MockTcpServer.create().framing(Framing.LF);

	@DynamicPropertySource
	static void quoteServiceProperties(DynamicPropertyRegistry registry) {
		registry.add("tcp.clients.quotes.port", quoteService::getPort);
	}

	@Autowired
	QuoteClient quoteClient;

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
	void shouldAskTheQuoteServiceForASymbol() {
		quoteService.expect("QUOTE ACME").thenReply("ACME 12.50");
		assertThat(this.quoteClient.quote("ACME")).isEqualTo("ACME 12.50");
		assertThat(quoteService.receivedStrings()).containsExactly("QUOTE ACME");
	}

	@Test
	void shouldReconnectWhenTheServiceDroppedTheConnection() {
		quoteService.expect("QUOTE ACME").thenReply("ACME 12.50");
		quoteService.expect("QUOTE BYE").thenClose();
		assertThat(this.quoteClient.quote("ACME")).isEqualTo("ACME 12.50");
		assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(() -> this.quoteClient.quote("BYE"));
		assertThat(this.quoteClient.quote("ACME")).isEqualTo("ACME 12.50");
		quoteService.awaitConnections(2, Duration.ofSeconds(5));
	}

	@Test
	void shouldFailWhenTheServiceDoesNotAnswerInTime() {
		assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(() -> this.quoteClient.quote("SLOW"))
			.withMessageContaining("within 500ms (read-timeout)");
	}

}
