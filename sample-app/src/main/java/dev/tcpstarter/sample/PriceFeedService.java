package dev.tcpstarter.sample;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;

/**
 * A client-side service on the named client {@code feed}: on every connection the client
 * opens (at startup and after every reconnect) it subscribes to the prices of its
 * symbols, then logs and keeps the prices the server pushes. What the server sends is
 * escaped and cut before it reaches the log ({@link LogText}).
 */
@TcpService(clients = "feed")
class PriceFeedService {

	private static final Log logger = LogFactory.getLog(PriceFeedService.class);

	private final Map<String, String> latest = new ConcurrentHashMap<>();

	@OnConnect
	PriceConnection onConnect(TcpCaller caller) {
		logger.info("Price feed connected (" + caller.id() + "); subscribing to ACME");
		caller.write("SUBSCRIBE ACME");
		return new PriceConnection();
	}

	/**
	 * Return the last price pushed for a symbol.
	 * @param symbol the symbol
	 * @return the price, if one arrived
	 */
	Optional<String> latest(String symbol) {
		return Optional.ofNullable(this.latest.get(symbol));
	}

	@ConnectionService
	class PriceConnection {

		@OnBytes
		void onBytes(String line) {
			String[] words = line.strip().split(" ", 3);
			if (words.length == 3 && words[0].equals("PRICE")) {
				PriceFeedService.this.latest.put(words[1], words[2]);
				logger.info("Price " + LogText.of(words[1]) + ": " + LogText.of(words[2]));
			}
			else {
				logger.warn("Unexpected line from the price feed: " + LogText.of(line));
			}
		}

		@OnError
		void onError(TcpException error) {
			logger.warn("Price feed error: " + error.getMessage());
		}

		@OnClose
		void onClose() {
			logger.info("Price feed disconnected; the client reconnects in the background");
		}

	}

}
