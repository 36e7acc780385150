package dev.tcpstarter.integration;

import java.io.IOException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peer text in logs and exception messages: escaped, cut, and unchanged when there is
 * nothing to escape.
 */
class PeerTextTests {

	@Test
	void shouldEscapeControlAndNonAsciiCharactersOfAMessage() {
		assertThat(PeerText.escape("name=evil\r\nERROR forged\t\u001b[31m\u00e9"))
			.isEqualTo("name=evil\\r\\nERROR forged\\t\\u001b[31m\\u00e9");
		assertThat(PeerText.escape(null)).isEqualTo("null");
	}

	@Test
	void shouldLeaveSafeMessagesAndEscapedOnesAsTheyAre() {
		String safe = "Connection reset by peer";
		assertThat(PeerText.escape(safe)).isSameAs(safe);
		String escaped = PeerText.escape("a\r\nb");
		assertThat(PeerText.escape(escaped)).isEqualTo(escaped);
		assertThat(PeerText.escape(PeerText.quote("it's a\nline"))).isEqualTo(PeerText.quote("it's a\nline"));
	}

	@Test
	void shouldCutLongMessages() {
		assertThat(PeerText.escape("x".repeat(2000))).isEqualTo("x".repeat(1024) + "... (2000 characters)");
	}

	@Test
	void shouldLogAnExceptionChainWithEscapedMessagesAndItsStackTraces() {
		IOException cause = new IOException("inner\nforged");
		SSLHandshakeException failure = new SSLHandshakeException("outer\r\nforged");
		failure.initCause(cause);
		Throwable loggable = PeerText.loggable(failure);
		assertThat(loggable).hasToString("javax.net.ssl.SSLHandshakeException: outer\\r\\nforged");
		assertThat(loggable.getStackTrace()).isEqualTo(failure.getStackTrace());
		assertThat(loggable.getCause()).hasToString("java.io.IOException: inner\\nforged");
		assertThat(loggable.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
		IOException safe = new IOException("Broken pipe");
		assertThat(PeerText.loggable(safe)).isSameAs(safe);
	}

}
