package dev.tcpstarter.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpClientConnectionFactoryCustomizer;
import dev.tcpstarter.listener.TcpConnectionFactoryCustomizer;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.support.WhoAmIService;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customizers of the listeners' and named clients' Spring Integration factories.
 */
class TcpCustomizerTests {

	static final List<String> calls = new CopyOnWriteArrayList<>();

	@Test
	void shouldApplyListenerCustomizersInOrderOncePerListenerBeforeItStarts() {
		calls.clear();
		TcpContextRunners.runner()
			.withUserConfiguration(WhoAmIService.class, ListenerCustomizers.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf")
			.run((context) -> {
				assertThat(calls).containsExactly("first main running=false", "second main running=false");
				try (TcpTestClient client = TcpTestClient.connect(port(context, "main")).framing(Framing.LF)) {
					client.send("who").expectString();
					// the second customizer set a 300 ms read
					// timeout: an idle connection is closed
					client.expectClosed();
				}
				assertThat(calls).hasSize(2);
			});
	}

	@Test
	void shouldApplyClientCustomizersOnceToEachNamedClientBeforeItConnects() throws IOException {
		calls.clear();
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		TcpContextRunners.runner()
			.withConfiguration(AutoConfigurations.of(TcpClientAutoConfiguration.class))
			.withUserConfiguration(WhoAmIService.class, ClientCustomizers.class)
			.withPropertyValues("tcp.listeners.main.port=" + port, "tcp.listeners.main.framing=lf",
					"tcp.clients.quotes.host=127.0.0.1", "tcp.clients.quotes.port=" + port,
					"tcp.clients.quotes.framing=lf")
			.run((context) -> {
				TcpClient quotes = context.getBean("quotes", TcpClient.class);
				assertThat(quotes.request("who")).endsWith(" direct");
				assertThat(quotes.request("who again")).endsWith(" direct");
				assertThat(calls).containsExactly("client quotes running=false");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerCustomizers {

		@Bean
		@Order(2)
		TcpConnectionFactoryCustomizer second() {
			return (name, factory) -> {
				calls.add("second " + name + " running=" + factory.isRunning());
				factory.setSoTimeout(300);
			};
		}

		@Bean
		@Order(1)
		TcpConnectionFactoryCustomizer first() {
			return (name, factory) -> calls.add("first " + name + " running=" + factory.isRunning());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientCustomizers {

		@Bean
		TcpClientConnectionFactoryCustomizer client() {
			return (name, factory) -> calls.add("client " + name + " running=" + factory.isRunning());
		}

	}

}
