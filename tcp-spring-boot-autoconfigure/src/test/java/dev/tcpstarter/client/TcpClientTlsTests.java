package dev.tcpstarter.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpTimeoutException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.autoconfigure.TcpClientAutoConfiguration;
import dev.tcpstarter.support.Recorder;
import dev.tcpstarter.support.TcpContextRunners;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link TcpClient} over TLS against the starter's own TLS listener: a trusted server, an
 * untrusted one, a hostname mismatch, and mutual TLS, with the client configured by its
 * builder and by {@code tcp.clients.*} properties.
 * <p>
 * The material under {@code client-tls/} was made with {@code openssl} (RSA 2048, valid
 * until 2126): a test CA ({@code ca.crt}, its key discarded), a server certificate for
 * the DNS name {@code localhost} only ({@code server.crt}/{@code server.key}) and a
 * client certificate for {@code CN=test-client} ({@code client.crt}/{@code client.key}),
 * both issued by the CA.
 */
class TcpClientTlsTests {

	private static final String TLS = "classpath:client-tls/";

	static final Recorder recorder = new Recorder();

	private static ApplicationContextRunner listener(String clientAuth) {
		recorder.clear();
		return TcpContextRunners.runner()
			.withUserConfiguration(PeerEchoConfiguration.class)
			.withPropertyValues("tcp.listeners.secure.port=0", "tcp.listeners.secure.framing=lf",
					"tcp.listeners.secure.ssl.certificate=" + TLS + "server.crt",
					"tcp.listeners.secure.ssl.certificate-private-key=" + TLS + "server.key",
					"tcp.listeners.secure.ssl.trust-certificate=" + TLS + "ca.crt",
					"tcp.listeners.secure.ssl.client-auth=" + clientAuth);
	}

	private static void withListener(String clientAuth, Consumer<Integer> test) {
		listener(clientAuth).run((context) -> test.accept(port(context, "secure")));
	}

	private static TcpClient.Builder client(String host, int port) {
		return TcpClient.builder().host(host).port(port).framing("lf");
	}

	private static SslBundle trustingTheTestCa() {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificates(TLS + "ca.crt")));
	}

	private static SslBundle withClientCertificate() {
		PemSslStoreDetails key = PemSslStoreDetails.forCertificates(TLS + "client.crt")
			.withPrivateKey(TLS + "client.key");
		return SslBundle.of(new PemSslStoreBundle(key, PemSslStoreDetails.forCertificates(TLS + "ca.crt")));
	}

	@Test
	void shouldExchangeFramesWithATrustedServer() {
		withListener("none", (port) -> {
			try (TcpClient client = client("localhost", port).sslBundle(trustingTheTestCa()).build()) {
				assertThat(client.request("hello over TLS")).isEqualTo("hello over TLS");
				assertThat(client.sslSession()).get().extracting(TcpClientTlsTests::peer).isEqualTo("CN=localhost");
				assertThat(recorder.events()).containsExactly("peer:none");
			}
		});
	}

	@Test
	void shouldEndAHandshakeThatAServerTricklesAtTheHandshakeTimeout() throws Exception {
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture.runAsync(() -> {
				try {
					Socket accepted = server.accept();
					OutputStream out = accepted.getOutputStream();
					// the header of a 16 KiB handshake record, then one byte of it every
					// 100 ms: every read is quick, the record would take half an hour
					out.write(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00 });
					trickle.scheduleAtFixedRate(() -> {
						try {
							out.write(0x02);
						}
						catch (IOException ex) {
							trickle.shutdown();
						}
					}, 0, 100, TimeUnit.MILLISECONDS);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			try (TcpClient client = client("localhost", server.getLocalPort()).sslBundle(trustingTheTestCa())
				.handshakeTimeout(Duration.ofMillis(500))
				.build()) {
				CompletableFuture<Void> connecting = CompletableFuture.runAsync(client::connect);
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(() -> connecting.get(10, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(TcpTimeoutException.class)
					.withMessageContaining("(handshake-timeout)");
			}
		}
		finally {
			trickle.shutdownNow();
		}
	}

	@Test
	void shouldRejectAnUntrustedServer() {
		withListener("none", (port) -> {
			try (TcpClient client = client("localhost", port).sslBundle(SslBundle.systemDefault()).build()) {
				assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(client::connect)
					.withMessageStartingWith("TLS handshake with localhost:" + port
							+ " failed: the server's certificate is untrusted (PKIX path building failed")
					.withMessageEndingWith(
							"Trust its issuer with ssl.trust-certificate or an ssl.bundle with a trust store.");
				assertThat(client.isConnected()).isFalse();
				assertThat(client.statistics().errors("tls")).isEqualTo(1);
			}
		});
	}

	@Test
	void shouldRejectAServerWhoseCertificateDoesNotMatchTheHost() {
		withListener("none", (port) -> {
			try (TcpClient client = client("127.0.0.1", port).sslBundle(trustingTheTestCa()).build()) {
				assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(() -> client.request("hello"))
					.withMessageStartingWith("TLS handshake with 127.0.0.1:" + port
							+ " failed: hostname mismatch, the server's certificate is not valid for '127.0.0.1'")
					.withMessageContaining("ssl.verify-hostname=false");
			}
		});
	}

	@Test
	void shouldAcceptAMismatchedHostWithoutHostnameVerification() {
		withListener("none", (port) -> {
			try (TcpClient client = client("127.0.0.1", port).sslBundle(trustingTheTestCa())
				.verifyHostname(false)
				.build()) {
				assertThat(client.request("hello")).isEqualTo("hello");
			}
		});
	}

	@Test
	void shouldPresentTheClientCertificateForMutualTls() {
		withListener("need", (port) -> {
			try (TcpClient client = client("localhost", port).sslBundle(withClientCertificate()).build()) {
				assertThat(client.request("hello, mutually")).isEqualTo("hello, mutually");
				assertThat(recorder.events()).containsExactly("peer:CN=test-client");
			}
		});
	}

	@Test
	void shouldReportAServerThatRequiresAClientCertificate() {
		withListener("need", (port) -> {
			try (TcpClient client = client("localhost", port).sslBundle(trustingTheTestCa()).build()) {
				assertThatExceptionOfType(TcpConnectionException.class).isThrownBy(() -> client.request("hello"))
					.withMessageContaining("localhost:" + port)
					.withMessageContaining("client certificate");
				assertThat(client.isConnected()).isFalse();
			}
		});
	}

	@Test
	void shouldConfigureMutualTlsFromPemProperties() {
		withListener("need", (port) -> namedClientRunner()
			.withPropertyValues("tcp.clients.secure.host=localhost", "tcp.clients.secure.port=" + port,
					"tcp.clients.secure.framing=lf", "tcp.clients.secure.ssl.trust-certificate=" + TLS + "ca.crt",
					"tcp.clients.secure.ssl.certificate=" + TLS + "client.crt",
					"tcp.clients.secure.ssl.certificate-private-key=" + TLS + "client.key")
			.run((context) -> {
				assertThat(context.getBean(SecureCaller.class).call("from properties")).isEqualTo("from properties");
				assertThat(recorder.events()).containsExactly("peer:CN=test-client");
			}));
	}

	@Test
	void shouldConfigureMutualTlsFromAnSslBundle() {
		withListener("need",
				(port) -> namedClientRunner()
					.withPropertyValues("spring.ssl.bundle.pem.client.keystore.certificate=" + TLS + "client.crt",
							"spring.ssl.bundle.pem.client.keystore.private-key=" + TLS + "client.key",
							"spring.ssl.bundle.pem.client.truststore.certificate=" + TLS + "ca.crt",
							"tcp.clients.secure.host=localhost", "tcp.clients.secure.port=" + port,
							"tcp.clients.secure.framing=lf", "tcp.clients.secure.ssl.bundle=client")
					.run((context) -> {
						assertThat(context.getBean(SecureCaller.class).call("from a bundle"))
							.isEqualTo("from a bundle");
						assertThat(recorder.events()).containsExactly("peer:CN=test-client");
					}));
	}

	@Test
	void shouldRejectAnUntrustedServerConfiguredByProperties() {
		withListener("none",
				(port) -> namedClientRunner()
					.withPropertyValues("tcp.clients.secure.host=localhost", "tcp.clients.secure.port=" + port,
							"tcp.clients.secure.framing=lf", "tcp.clients.secure.ssl.enabled=true")
					.run((context) -> assertThatExceptionOfType(TcpConnectionException.class)
						.isThrownBy(() -> context.getBean(SecureCaller.class).call("hello"))
						.withMessageContaining("(client 'secure') failed: the server's certificate is untrusted")));
	}

	private static ApplicationContextRunner namedClientRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TcpClientAutoConfiguration.class, SslAutoConfiguration.class))
			.withUserConfiguration(SecureCaller.class);
	}

	private static String peer(SSLSession session) {
		try {
			return session.getPeerPrincipal().getName();
		}
		catch (SSLPeerUnverifiedException ex) {
			return "none";
		}
	}

	static class SecureCaller {

		private final TcpClient client;

		SecureCaller(@Qualifier("secure") TcpClient client) {
			this.client = client;
		}

		String call(String text) {
			return this.client.request(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PeerEchoConfiguration {

		@Bean
		PeerEchoService peerEchoService() {
			return new PeerEchoService();
		}

	}

	@TcpService
	static class PeerEchoService {

		@OnConnect
		Echo onConnect(TcpCaller caller) {
			recorder.add("peer:" + caller.sslSession().map(TcpClientTlsTests::peer).orElse("plain"));
			return new Echo();
		}

	}

	@ConnectionService
	static class Echo {

		@OnBytes
		String onBytes(String line) {
			return line;
		}

	}

}
