package dev.tcpstarter.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Puts the sample's quote service on a free port that its clients ({@code quotes} and
 * {@code feed}) know before the context starts: clients are built before listeners bind,
 * so port 0 would not do.
 */
final class QuoteServicePort {

	private QuoteServicePort() {
	}

	static void register(DynamicPropertyRegistry registry) {
		int port = freePort();
		registry.add("tcp.listeners.quote-service.port", () -> port);
		registry.add("tcp.clients.quotes.port", () -> port);
		registry.add("tcp.clients.feed.port", () -> port);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
