package dev.tcpstarter.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the sample's quote service on a free port that its clients ({@code quotes} and
 * {@code feed}) know before the context starts: clients are built before listeners bind,
 * so port 0 would not do.
 */
final class QuoteServicePort implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		int port = freePort();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("quoteServicePort", Map.of("tcp.listeners.quote-service.port", port,
					"tcp.clients.quotes.port", port, "tcp.clients.feed.port", port)));
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
