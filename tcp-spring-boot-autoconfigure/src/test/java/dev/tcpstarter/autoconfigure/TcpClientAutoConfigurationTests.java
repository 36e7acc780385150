package dev.tcpstarter.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLfSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayStxEtxSerializer;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpFrameException;
import dev.tcpstarter.TcpTimeoutException;
import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpCorrelation;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.MockTcpServer;

import static dev.tcpstarter.autoconfigure.TcpAutoConfigurationTests.assertDefinitionFailure;
import static dev.tcpstarter.autoconfigure.TcpAutoConfigurationTests.findCause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TcpClientAutoConfiguration}: named clients from {@code tcp.clients.*},
 * their startup checks, connection on startup, events and metrics, against a
 * {@link MockTcpServer}.
 */
class TcpClientAutoConfigurationTests {

	@RegisterExtension
	final MockTcpServer server = MockTcpServer.create().framing(Framing.LF);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TcpClientAutoConfiguration.class, SslAutoConfiguration.class));

	private ApplicationContextRunner quotes(String... properties) {
		return this.runner.withUserConfiguration(QuoteCaller.class)
			.withPropertyValues("tcp.clients.quotes.host=localhost", "tcp.clients.quotes.port=" + this.server.getPort(),
					"tcp.clients.quotes.framing=lf")
			.withPropertyValues(properties);
	}

	@Test
	void shouldRegisterNamedClientsInjectableByQualifier() {
		this.server.expect("QUOTE ACME").thenReply("ACME 12.50");
		quotes("tcp.clients.other.host=localhost", "tcp.clients.other.port=" + this.server.getPort()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(TcpClient.class)).containsOnlyKeys("quotes", "other");
			assertThat(context.getBean("quotes", TcpClient.class).name()).isEqualTo("quotes");
			assertThat(context.getBean(QuoteCaller.class).quote("ACME")).isEqualTo("ACME 12.50");
		});
	}

	@Test
	void shouldNotConnectUntilFirstUse() {
		this.server.expect("QUOTE ACME").thenReply("ACME 12.50");
		quotes().run((context) -> {
			TcpClient client = context.getBean("quotes", TcpClient.class);
			assertThat(client.isConnected()).isFalse();
			assertThat(this.server.connectionCount()).isZero();
			context.getBean(QuoteCaller.class).quote("ACME");
			assertThat(client.isConnected()).isTrue();
		});
	}

	@Test
	void shouldConnectOnStartupWhenAsked() {
		quotes("tcp.clients.quotes.connect-on-startup=true").run((context) -> {
			assertThat(context.getBean("quotes", TcpClient.class).isConnected()).isTrue();
			this.server.awaitConnections(1, Duration.ofSeconds(5));
		});
	}

	@Test
	void shouldFailStartupWhenConnectingOnStartupFails() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		this.runner
			.withPropertyValues("tcp.clients.down.host=127.0.0.1", "tcp.clients.down.port=" + port,
					"tcp.clients.down.connect-on-startup=true")
			.run((context) -> assertThat(findCause(context.getStartupFailure(), TcpConnectionException.class))
				.hasMessage("Could not connect to 127.0.0.1:" + port + " (client 'down'): connection refused; "
						+ "is the server running and listening on that port?"));
	}

	@Test
	void shouldCloseClientsWithTheContext() {
		this.server.expect("QUOTE ACME").thenReply("ACME 12.50");
		AtomicReference<TcpClient> client = new AtomicReference<>();
		quotes().run((context) -> {
			context.getBean(QuoteCaller.class).quote("ACME");
			client.set(context.getBean("quotes", TcpClient.class));
			assertThat(client.get().isConnected()).isTrue();
		});
		assertThat(client.get().isConnected()).isFalse();
	}

	@Test
	void shouldApplyTheConfiguredSettings() {
		quotes("tcp.clients.quotes.read-timeout=100ms", "tcp.clients.quotes.max-frame-size=1KB",
				"tcp.clients.quotes.charset=ISO-8859-1", "tcp.clients.quotes.auto-reconnect=true")
			.run((context) -> {
				TcpClient client = context.getBean("quotes", TcpClient.class);
				assertThatExceptionOfType(TcpTimeoutException.class).isThrownBy(() -> client.request("slow"))
					.withMessageContaining("(client 'quotes')")
					.withMessageContaining("within 100ms (read-timeout)");
				client.write("caf\u00e9");
				assertThat(this.server.awaitReceived(2, Duration.ofSeconds(5)).get(1)).containsExactly('c', 'a', 'f',
						0xe9);
			});
	}

	@Test
	void shouldBindClientsFromEnvironmentVariables() {
		this.server.expect("QUOTE ACME").thenReply("ACME 12.50");
		this.runner.withUserConfiguration(QuoteCaller.class)
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("TCP_CLIENTS_QUOTES_HOST", "localhost", "TCP_CLIENTS_QUOTES_PORT",
								String.valueOf(this.server.getPort()), "TCP_CLIENTS_QUOTES_FRAMING", "lf"))))
			.run((context) -> assertThat(context.getBean(QuoteCaller.class).quote("ACME")).isEqualTo("ACME 12.50"));
	}

	@Test
	void shouldUseACodecBeanNamedAsFraming() {
		MockTcpServer stxEtx = MockTcpServer.create().framing(Framing.STX_ETX).start();
		try {
			stxEtx.expect("PING").thenReply("PONG");
			this.runner.withBean("stxEtx", ByteArrayStxEtxSerializer.class)
				.withPropertyValues("tcp.clients.legacy.host=localhost", "tcp.clients.legacy.port=" + stxEtx.getPort(),
						"tcp.clients.legacy.framing=stxEtx")
				.run((context) -> assertThat(context.getBean("legacy", TcpClient.class).request("PING"))
					.isEqualTo("PONG"));
		}
		finally {
			stxEtx.close();
		}
	}

	@Test
	void shouldHoldACodecBeanToTheMaxFrameSize() {
		this.server.expect("BIG").thenReply("x".repeat(100));
		this.runner.withBean("lines", ByteArrayLfSerializer.class)
			.withPropertyValues("tcp.clients.legacy.host=localhost", "tcp.clients.legacy.port=" + this.server.getPort(),
					"tcp.clients.legacy.framing=lines", "tcp.clients.legacy.max-frame-size=10B")
			.run((context) -> assertThatExceptionOfType(TcpFrameException.class)
				.isThrownBy(() -> context.getBean("legacy", TcpClient.class).request("BIG"))
				.withMessageContaining("exceeds max-frame-size of 10 bytes"));
	}

	@Test
	void shouldApplyThePoolCorrelationAndReconnectSettings() {
		this.server.expect("7:QUOTE ACME").thenReply("7:ACME 12.50");
		quotes("tcp.clients.quotes.pool-size=3", "tcp.clients.quotes.max-pending-requests=8",
				"tcp.clients.quotes.correlation=byPrefix", "tcp.clients.quotes.reconnect.enabled=true",
				"tcp.clients.quotes.reconnect.initial-delay=50ms", "tcp.clients.quotes.socket.keep-alive=true",
				"tcp.clients.quotes.socket.keep-alive-idle=30s", "tcp.clients.quotes.socket.no-delay=false",
				"tcp.clients.quotes.socket.receive-buffer-size=64KB")
			.withBean("byPrefix", TcpCorrelation.class, () -> new TcpCorrelation() {

				@Override
				public Object requestKey(byte[] request) {
					return request[0];
				}

				@Override
				public Object responseKey(byte[] response) {
					return response[0];
				}

			})
			.run((context) -> {
				TcpClient client = context.getBean("quotes", TcpClient.class);
				assertThat(client.requestAsync("7:QUOTE ACME")).succeedsWithin(Duration.ofSeconds(5))
					.isEqualTo("7:ACME 12.50");
				assertThat(client.toString()).contains("OPEN,NEW,NEW");
			});
	}

	@Test
	void shouldFailStartupOnAnUnknownCorrelationBean() {
		quotes("tcp.clients.quotes.correlation=missing")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.correlation is 'missing', which is not the name of a TcpCorrelation bean.",
					"Declare a bean that implements dev.tcpstarter.client.TcpCorrelation"));
	}

	@Test
	void shouldFailStartupOnAnInvalidPoolOrReconnectSetting() {
		quotes("tcp.clients.quotes.pool-size=0").run((context) -> assertDefinitionFailure(context.getStartupFailure(),
				"tcp.clients.quotes.pool-size is 0.", "Set it to from 1 to 1024."));
		quotes("tcp.clients.quotes.reconnect.multiplier=0.5")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.reconnect.multiplier is 0.5.", "Set it to at least 1."));
		quotes("tcp.clients.quotes.ssl.server-name=10.0.0.1")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.ssl.server-name is 10.0.0.1.", "Set it to a host name, not an IP address."));
	}

	@Test
	void shouldLeaveABeanThatAlreadyHasTheName() {
		this.runner.withBean("quotes", String.class, () -> "not a client")
			.withPropertyValues("tcp.clients.quotes.host=localhost", "tcp.clients.quotes.port=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("quotes")).isEqualTo("not a client");
				assertThat(context).doesNotHaveBean(TcpClient.class);
			});
	}

	@Test
	void shouldFailStartupWithoutAHost() {
		this.runner.withPropertyValues("tcp.clients.quotes.port=3001")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.host is not set.", "Set tcp.clients.quotes.host to the host of the server."));
	}

	@Test
	void shouldFailStartupWithoutAPort() {
		this.runner.withPropertyValues("tcp.clients.quotes.host=localhost")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.port is not set.", "Set tcp.clients.quotes.port"));
	}

	@Test
	void shouldFailStartupOnAnInvalidSetting() {
		quotes("tcp.clients.quotes.length-prefix-size=3")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.length-prefix-size is 3.", "Set it to 1, 2 or 4."));
		quotes("tcp.clients.quotes.read-timeout=-1s")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.read-timeout is PT-1S.", "zero (no limit) or a positive duration"));
	}

	@Test
	void shouldFailStartupOnAnUnknownFraming() {
		quotes("tcp.clients.quotes.framing=zmodem")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.framing is 'zmodem', which is neither a built-in framing nor a bean name.",
					"Use one of raw, lf, crlf, stx-etx, length-prefix"));
	}

	@Test
	void shouldFailStartupOnAnUnknownSslBundle() {
		quotes("tcp.clients.quotes.ssl.bundle=missing")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.ssl.bundle is 'missing', which is not configured.",
					"Configure spring.ssl.bundle.pem.missing"));
	}

	@Test
	void shouldFailStartupOnACertificateWithoutItsKey() {
		quotes("tcp.clients.quotes.ssl.certificate=classpath:client-tls/client.crt")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.clients.quotes.ssl.certificate is set, but "
							+ "tcp.clients.quotes.ssl.certificate-private-key is not.",
					"Set tcp.clients.quotes.ssl.certificate-private-key"));
	}

	@Test
	void shouldFailStartupOnAnUnreadableTrustCertificate() {
		quotes("tcp.clients.quotes.ssl.trust-certificate=classpath:client-tls/missing.crt")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"TLS key material of tcp.clients.quotes.ssl.certificate / "
							+ "tcp.clients.quotes.ssl.certificate-private-key / "
							+ "tcp.clients.quotes.ssl.trust-certificate could not be loaded",
					"Check that the files exist"));
	}

	@Test
	void shouldPublishConnectionEventsToTheContext() {
		this.server.expect("QUOTE ACME").thenReply("ACME 12.50");
		quotes().withUserConfiguration(EventRecorder.class).run((context) -> {
			context.getBean(QuoteCaller.class).quote("ACME");
			context.getBean("quotes", TcpClient.class).close();
			assertThat(context.getBean(EventRecorder.class).events).hasSize(2)
				.hasExactlyElementsOfTypes(TcpConnectionOpenEvent.class, TcpConnectionCloseEvent.class)
				.allSatisfy((event) -> assertThat(event.getConnectionFactoryName()).isEqualTo("tcpClient.quotes"));
		});
	}

	@Test
	void shouldRegisterMetricsOfEveryClient() {
		this.server.expect("QUOTE ACME").thenReply("ACME 12.50");
		quotes().withBean(SimpleMeterRegistry.class)
			.withBean("custom", TcpClient.class,
					() -> TcpClient.builder().name("custom").host("localhost").port(this.server.getPort()).build())
			.run((context) -> {
				context.getBean(QuoteCaller.class).quote("ACME");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(count(registry, "tcp.client.connections.opened", "quotes")).isEqualTo(1);
				assertThat(count(registry, "tcp.client.frames.sent", "quotes")).isEqualTo(1);
				assertThat(count(registry, "tcp.client.bytes.sent", "quotes")).isEqualTo(11);
				assertThat(count(registry, "tcp.client.frames.received", "quotes")).isEqualTo(1);
				assertThat(count(registry, "tcp.client.bytes.received", "quotes")).isEqualTo(11);
				assertThat(count(registry, "tcp.client.connections.closed", "quotes")).isZero();
				assertThat(registry.get("tcp.client.errors")
					.tags("client", "quotes", "kind", "timeout")
					.functionCounter()
					.count()).isZero();
				assertThat(registry.get("tcp.client.errors").tag("client", "quotes").functionCounters()).hasSize(6);
				assertThat(registry.get("tcp.client.requests")
					.tags("client", "quotes", "outcome", "success")
					.functionTimer()
					.count()).isEqualTo(1);
				assertThat(registry.get("tcp.client.requests").tag("client", "quotes").functionTimers()).hasSize(3);
				assertThat(registry.get("tcp.client.requests.pending").tag("client", "quotes").gauge().value())
					.isZero();
				assertThat(registry.get("tcp.client.reconnects").tag("client", "quotes").functionCounters()).hasSize(2);
				assertThat(count(registry, "tcp.client.frames.unsolicited", "quotes")).isZero();
				assertThat(count(registry, "tcp.client.connections.opened", "custom")).isZero();
			});
	}

	@Test
	void shouldNotRegisterMetricsWithoutAMeterRegistry() {
		quotes().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("tcpClientMetrics");
		});
	}

	@Test
	void shouldWorkWithoutMicrometer() {
		this.server.expect("QUOTE ACME").thenReply("ACME 12.50");
		quotes().withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("tcpClientMetrics");
				assertThat(context.getBean(QuoteCaller.class).quote("ACME")).isEqualTo("ACME 12.50");
			});
	}

	private static double count(MeterRegistry registry, String name, String client) {
		return registry.get(name).tag("client", client).functionCounter().count();
	}

	static class QuoteCaller {

		private final TcpClient quotes;

		QuoteCaller(@Qualifier("quotes") TcpClient quotes) {
			this.quotes = quotes;
		}

		String quote(String symbol) {
			return this.quotes.request("QUOTE " + symbol);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventRecorder implements ApplicationListener<TcpConnectionEvent> {

		final List<TcpConnectionEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(TcpConnectionEvent event) {
			this.events.add(event);
		}

	}

}
