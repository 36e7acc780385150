package dev.tcpstarter.sample;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.client.TcpClient;

/**
 * Calls the quote service through the named TCP client {@code quotes}
 * ({@code tcp.clients.quotes.*} in {@code application.yml}): {@code <id> QUOTE <symbol>}
 * out, {@code <id> <symbol> <price>} back. Each request carries a new id, which
 * {@link QuoteCorrelation} matches, so that many quotes can be in flight on one
 * connection and answered in any order.
 */
@Service
public class QuoteClient {

	private final TcpClient quotes;

	private final AtomicLong ids = new AtomicLong();

	/**
	 * Create a quote client.
	 * @param quotes the TCP client configured under {@code tcp.clients.quotes}
	 */
	public QuoteClient(@Qualifier("quotes") TcpClient quotes) {
		this.quotes = quotes;
	}

	/**
	 * Ask the quote service for the quote of a symbol, without waiting.
	 * @param symbol the symbol, e.g. {@code ACME}
	 * @return the quote, {@code <symbol> <price>}; or a future failed with the
	 * {@link TcpException} if the service cannot be reached or does not answer in time
	 * @throws IllegalArgumentException if the symbol is blank or holds a space or a line
	 * break
	 */
	public CompletableFuture<String> quoteAsync(String symbol) {
		String word = symbol.strip();
		if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException("Symbol must be one word, not '" + symbol + "'");
		}
		String id = Long.toString(this.ids.incrementAndGet());
		return this.quotes.requestAsync(id + " QUOTE " + word).thenApply((answer) -> answer.substring(id.length() + 1));
	}

	/**
	 * Ask the quote service for the quote of a symbol and wait for it.
	 * @param symbol the symbol, e.g. {@code ACME}
	 * @return the quote, {@code <symbol> <price>}
	 * @throws IllegalArgumentException if the symbol is not one word
	 * @throws TcpException if the service cannot be reached or does not answer in time
	 */
	public String quote(String symbol) {
		try {
			return quoteAsync(symbol).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof TcpException error) {
				throw error;
			}
			throw ex;
		}
	}

}
