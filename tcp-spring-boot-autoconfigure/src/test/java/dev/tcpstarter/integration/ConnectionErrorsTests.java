package dev.tcpstarter.integration;

import java.io.IOException;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.Test;

import dev.tcpstarter.TcpException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What handlers see of a failed read, and that text a peer may have put into an exception
 * message reaches them (and logs) escaped.
 */
class ConnectionErrorsTests {

	private static final String FORGED = "bad\r\n2026-01-01 INFO forged line\u001b[31m";

	@Test
	void shouldEscapePeerTextInTheMessagesOfIoErrors() {
		TcpException error = ConnectionErrors.classify(new SSLException(FORGED), "c1");
		assertThat(error).isNotNull();
		assertThat(error.getMessage())
			.isEqualTo("I/O error on connection c1: bad\\r\\n2026-01-01 INFO forged line\\u001b[31m");
		assertThat(error.getCause()).isInstanceOf(SSLException.class);
	}

	@Test
	void shouldEscapePeerTextInTheMessagesOfFrameErrors() {
		TcpException error = ConnectionErrors.classify(new IOException(new FramingException(FORGED)), "c1");
		assertThat(error).isNotNull();
		assertThat(error.getMessage()).doesNotContain("\r", "\n", "\u001b").contains("bad\\r\\n2026");
	}

	@Test
	void shouldEscapePeerTextInTheMessagesOfOtherFailures() {
		TcpException error = ConnectionErrors.classify(new IllegalStateException(FORGED), "c1");
		assertThat(error).isNotNull();
		assertThat(error.getMessage()).doesNotContain("\r", "\n", "\u001b").contains("bad\\r\\n2026");
	}

}
