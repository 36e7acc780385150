package dev.tcpstarter.sample;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;

/**
 * A small quote service, standing in for a remote one, on the {@code quote-service}
 * listener (one line per message):
 * <ul>
 * <li>{@code <id> QUOTE <symbol>} is answered {@code <id> <symbol> <price>} (or
 * {@code <id> <symbol> unknown symbol}): the request id lets a client pipeline requests
 * and match the answers by id ({@link QuoteCorrelation});</li>
 * <li>{@code SUBSCRIBE <symbol>} pushes {@code PRICE <symbol> <price>} at once and again
 * whenever anyone asks for a quote of that symbol (what {@link PriceFeedService}
 * logs).</li>
 * </ul>
 */
@TcpService(listeners = "quote-service")
class QuoteService {

	static final Map<String, String> PRICES = Map.of("ACME", "12.50", "GLOBEX", "40.10", "INITECH", "7.25");

	// subscribers by symbol
	private final Map<String, Set<TcpCaller>> subscribers = new ConcurrentHashMap<>();

	@OnConnect
	QuoteConnection onConnect() {
		return new QuoteConnection();
	}

	private void push(String symbol, String price) {
		for (TcpCaller subscriber : this.subscribers.getOrDefault(symbol, Set.of())) {
			if (subscriber.isOpen()) {
				subscriber.write("PRICE " + symbol + " " + price);
			}
		}
	}

	@ConnectionService
	class QuoteConnection {

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			String[] words = line.strip().split(" +");
			if (words.length == 2 && words[0].equals("SUBSCRIBE")) {
				String symbol = words[1];
				QuoteService.this.subscribers.computeIfAbsent(symbol, (key) -> ConcurrentHashMap.newKeySet())
					.add(caller);
				return "PRICE " + symbol + " " + PRICES.getOrDefault(symbol, "unknown symbol");
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

		@OnClose
		void onClose(TcpCaller caller) {
			QuoteService.this.subscribers.values().forEach((callers) -> callers.remove(caller));
		}

	}

}
