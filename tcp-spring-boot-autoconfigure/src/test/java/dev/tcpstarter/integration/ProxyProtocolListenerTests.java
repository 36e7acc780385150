package dev.tcpstarter.integration;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * PROXY protocol and readiness on a real listener.
 */
class ProxyProtocolListenerTests {

	ApplicationContextRunner runner(String mode) {
		return TcpContextRunners.runner()
			.withUserConfiguration(WhoAmIConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.proxy-protocol=" + mode, "tcp.listeners.main.proxy-protocol-timeout=500ms");
	}

	@Test
	void shouldReportTheOriginalClientOfAVersion1Header() {
		runner("required").run((context) -> {
			try (TcpTestClient client = client(context)) {
				client
					.sendRaw("PROXY TCP4 203.0.113.7 10.0.0.1 41000 3000\r\nwho\n".getBytes(StandardCharsets.US_ASCII));
				client.expect("203.0.113.7:41000 via 127.0.0.1:" + client.getLocalPort());
			}
		});
	}

	@Test
	void shouldReportTheOriginalClientOfAVersion2Header() {
		runner("required").run((context) -> {
			try (TcpTestClient client = client(context)) {
				client.sendRaw(ProxyProtocolReaderTests.v2(0x21, 0x11,
						new byte[] { (byte) 198, 51, 100, 20, 10, 0, 0, 1, 0x10, 0x00, 0x0B, (byte) 0xB8 }, "who\n"));
				client.expect("198.51.100.20:4096 via 127.0.0.1:" + client.getLocalPort());
			}
		});
	}

	@Test
	void shouldRefuseAConnectionWithoutARequiredHeader() {
		runner("required").run((context) -> {
			try (TcpTestClient client = client(context)) {
				client.send("who").expectClosed();
			}
			assertThat(listener(context).statistics().rejected(TcpRejectionReason.PROXY_PROTOCOL)).isEqualTo(1);
		});
	}

	@Test
	void shouldCloseAClientThatSendsNoHeaderInTime() {
		runner("required").run((context) -> {
			try (TcpTestClient client = client(context)) {
				client.expectClosed();
			}
			assertThat(listener(context).statistics().rejected(TcpRejectionReason.PROXY_PROTOCOL)).isEqualTo(1);
		});
	}

	@Test
	void shouldAcceptConnectionsWithAndWithoutAnOptionalHeader() {
		runner("optional").run((context) -> {
			try (TcpTestClient direct = client(context); TcpTestClient proxied = client(context)) {
				direct.send("who").expect("127.0.0.1:" + direct.getLocalPort() + " direct");
				proxied.sendRaw(
						"PROXY TCP6 2001:db8::7 2001:db8::1 5000 3000\r\nwho\n".getBytes(StandardCharsets.US_ASCII));
				proxied.expect("2001:db8:0:0:0:0:0:7:5000 via 127.0.0.1:" + proxied.getLocalPort());
				direct.send("again").expect("127.0.0.1:" + direct.getLocalPort() + " direct");
			}
		});
	}

	@Test
	void shouldStopAndResumeAcceptingWithReadiness() {
		runner("off").run((context) -> {
			int port = port(context, "main");
			try (TcpTestClient open = client(context)) {
				open.send("who").expect("127.0.0.1:" + open.getLocalPort() + " direct");
				AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
				assertThatExceptionOfType(ConnectException.class)
					.isThrownBy(() -> new Socket("127.0.0.1", port).close());
				assertThat(listener(context).isListening()).isFalse();
				open.send("still").expect("127.0.0.1:" + open.getLocalPort() + " direct");
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				try (TcpTestClient again = client(context)) {
					again.send("who").expect("127.0.0.1:" + again.getLocalPort() + " direct");
				}
			}
		});
	}

	private static TcpTestClient client(AssertableApplicationContext context) {
		return TcpTestClient.connect(port(context, "main")).framing(Framing.LF);
	}

	private static TcpServer listener(AssertableApplicationContext context) {
		return context.getBean(TcpListenerRegistry.class).getServer("main");
	}

	@Configuration(proxyBeanMethods = false)
	static class WhoAmIConfiguration {

		@Bean
		WhoAmIService whoAmIService() {
			return new WhoAmIService();
		}

	}

	@TcpService
	static class WhoAmIService {

		@OnConnect
		WhoAmI onConnect() {
			return new WhoAmI();
		}

	}

	@ConnectionService
	static class WhoAmI {

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			return caller.remoteHost() + ":" + caller.remotePort()
					+ caller.proxyAddress()
						.map((proxy) -> " via " + proxy.getAddress().getHostAddress() + ":" + proxy.getPort())
						.orElse(" direct");
		}

	}

}
