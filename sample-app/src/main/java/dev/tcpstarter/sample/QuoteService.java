package dev.tcpstarter.sample;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.push.TcpPush;

/**
 * A small quote service, standing in for a remote one, on the {@code quote-service}
 * listener (one line per message):
 * <ul>
 * <li>{@code <id> QUOTE <symbol>} is answered {@code <id> <symbol> <price>} (or
 * {@code <id> <symbol> unknown symbol}): the request id lets a client pipeline requests
 * and match the answers by id ({@link QuoteCorrelation});</li>
 * <li>{@code SUBSCRIBE <symbol>} joins the push group {@code price:<symbol>} and is
 * answered {@code PRICE <symbol> <price>} at once; the group gets the price again
 * whenever anyone asks for a quote of that symbol (what {@link PriceFeedService}
 * logs).</li>
 * </ul>
 * Prices reach subscribers with {@link TcpPush#sendToGroup}, which queues the line on
 * each subscriber's connection: a subscriber that does not read delays neither the client
 * that asked for the quote nor the other subscribers, and with
 * {@code tcp.push.transport=redis} subscribers connected to any instance get it. Only
 * known symbols can be subscribed to, so a client cannot make the service keep groups for
 * made-up names.
 */
@TcpService(listeners = "quote-service")
class QuoteService {

	private static final Log logger = LogFactory.getLog(QuoteService.class);

	private static final ConnectionErrorLog errors = new ConnectionErrorLog(logger);

	static final Map<String, String> PRICES = Map.of("ACME", "12.50", "GLOBEX", "40.10", "INITECH", "7.25");

	private final TcpPush push;

	QuoteService(TcpPush push) {
		this.push = push;
	}

	/**
	 * Return the push group of a symbol's subscribers.
	 * @param symbol the symbol
	 * @return its group
	 */
	static String group(String symbol) {
		return "price:" + symbol;
	}

	@OnConnect
	QuoteConnection onConnect() {
		return new QuoteConnection();
	}

	private void push(String symbol, String price) {
		try {
			this.push.sendToGroup(group(symbol), "PRICE " + symbol + " " + price);
		}
		catch (TcpException ex) {
			// the quote is answered all the same; subscribers miss this price
			logger.debug("Price of " + symbol + " not pushed: " + ex.getMessage());
		}
	}

	@ConnectionService
	class QuoteConnection {

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			String[] words = line.strip().split(" +");
			if (words.length == 2 && words[0].equals("SUBSCRIBE")) {
				String symbol = words[1];
				String price = PRICES.get(symbol);
				if (price == null) {
					return "PRICE " + symbol + " unknown symbol";
				}
				caller.join(group(symbol));
				return "PRICE " + symbol + " " + price;
			}
			if (words.length == 3 && words[1].equals("QUOTE")) {
				String symbol = words[2];
				String price = PRICES.get(symbol);
				if (price != null) {
					push(symbol, price);
				}
				return words[0] + " " + symbol + " " + ((price != null) ? price : "unknown symbol");
			}
			return "ERROR expected '<id> QUOTE <symbol>' or 'SUBSCRIBE <symbol>'";
		}

		@OnError
		void onError(TcpException error, TcpCaller caller) {
			errors.log(error, caller);
		}

	}

}
