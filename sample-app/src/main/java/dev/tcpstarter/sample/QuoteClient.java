package dev.tcpstarter.sample;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.client.TcpClient;

/**
 * Calls a remote line-protocol quote service through the named TCP client {@code quotes}
 * ({@code tcp.clients.quotes.*} in {@code application.yml}): one {@code QUOTE <symbol>}
 * line out, one line back. In the sample it points at the {@code ack} listener, which
 * answers {@code ACK}.
 */
@Service
public class QuoteClient {

	private final TcpClient quotes;

	/**
	 * Create a quote client.
	 * @param quotes the TCP client configured under {@code tcp.clients.quotes}
	 */
	public QuoteClient(@Qualifier("quotes") TcpClient quotes) {
		this.quotes = quotes;
	}

	/**
	 * Ask the quote service for the quote of a symbol.
	 * @param symbol the symbol, e.g. {@code ACME}
	 * @return the reply line
	 * @throws IllegalArgumentException if the symbol is blank or holds a line break
	 * @throws TcpException if the service cannot be reached or does not answer in time
	 */
	public String quote(String symbol) {
		if (symbol.isBlank() || symbol.contains("\n")) {
			throw new IllegalArgumentException("Symbol must be one word, not '" + symbol + "'");
		}
		return this.quotes.request("QUOTE " + symbol.strip());
	}

}
