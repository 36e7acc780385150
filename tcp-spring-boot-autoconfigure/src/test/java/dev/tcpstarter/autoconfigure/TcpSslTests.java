package dev.tcpstarter.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpListenerStatistics;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.support.TestCertificates;
import dev.tcpstarter.support.TestCertificates.Identity;
import dev.tcpstarter.support.TlsEchoService;
import dev.tcpstarter.support.TlsTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS listeners over real connections on loopback: each way to configure key material,
 * protocol and cipher restrictions, failed handshakes, the handshake timeout, and openssl
 * as a client. Certificates are generated for each run.
 */
class TcpSslTests {

	static final String PASSWORD = "s3cret-for-tests";

	static final String TLS12_CIPHER = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

	static final String OTHER_TLS12_CIPHER = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";

	@TempDir
	static Path directory;

	static TestCertificates authority;

	static Identity server;

	@BeforeAll
	static void certificates() {
		authority = TestCertificates.authority(directory, "Test CA");
		server = authority.server("server");
	}

	@BeforeEach
	void clearEvents() {
		TlsEchoService.recorder.clear();
	}

	static ApplicationContextRunner runner(String... properties) {
		return TcpContextRunners.runner()
			.withUserConfiguration(TlsEchoService.TlsEchoConfiguration.class)
			.withPropertyValues("tcp.listeners.tls.port=0")
			.withPropertyValues(properties);
	}

	static String[] pemShortcut() {
		return pemShortcutOf(server);
	}

	static String[] pemShortcutOf(Identity identity) {
		return new String[] { "tcp.listeners.tls.ssl.certificate=" + identity.certificatePem(),
				"tcp.listeners.tls.ssl.certificate-private-key=" + identity.privateKeyPem() };
	}

	static TlsTestClient.Options client() {
		return TlsTestClient.trusting(authority.authority());
	}

	static void assertEchoes(AssertableApplicationContext context) throws IOException {
		assertThat(context).hasNotFailed();
		try (TlsTestClient client = client().connect(port(context, "tls"))) {
			assertThat(client.serverSerial()).isEqualTo(server.serial());
			client.send("hello over tls");
			assertThat(client.receive("hello over tls")).isEqualTo("hello over tls");
		}
		TlsEchoService.recorder.awaitCount("close", 1);
		assertThat(TlsEchoService.recorder.events()).startsWith("connect:none");
	}

	static TcpListenerStatistics statistics(AssertableApplicationContext context) {
		return context.getBean(TcpListenerRegistry.class).getServer("tls").statistics();
	}

	static void awaitHandshakeRejections(AssertableApplicationContext context, int count) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(statistics(context).rejected(TcpRejectionReason.TLS_HANDSHAKE)).isEqualTo(count);
			assertThat(statistics(context).errors(TcpErrorKind.TLS)).isEqualTo(count);
		});
	}

	@Test
	void shouldEchoWithAPemBundle() {
		runner("spring.ssl.bundle.pem.server.keystore.certificate=" + server.certificatePem(),
				"spring.ssl.bundle.pem.server.keystore.private-key=" + server.privateKeyPem(),
				"tcp.listeners.tls.ssl.bundle=server")
			.run(TcpSslTests::assertEchoes);
	}

	@Test
	void shouldEchoWithAPkcs12Bundle() {
		runner("spring.ssl.bundle.jks.server.keystore.location=" + server.keyStore("PKCS12", PASSWORD),
				"spring.ssl.bundle.jks.server.keystore.password=" + PASSWORD,
				"spring.ssl.bundle.jks.server.keystore.type=PKCS12", "tcp.listeners.tls.ssl.bundle=server")
			.run(TcpSslTests::assertEchoes);
	}

	@Test
	void shouldEchoWithThePemShortcut() {
		runner(pemShortcut()).run(TcpSslTests::assertEchoes);
	}

	@Test
	void shouldEchoWithThePemShortcutAndAnEncryptedKey() {
		runner("tcp.listeners.tls.ssl.certificate=" + server.certificatePem(),
				"tcp.listeners.tls.ssl.certificate-private-key=" + server.encryptedPrivateKeyPem(PASSWORD),
				"tcp.listeners.tls.ssl.certificate-private-key-password=" + PASSWORD)
			.run(TcpSslTests::assertEchoes);
	}

	@Test
	void shouldEchoWithAPkcs12KeyStoreShortcut() {
		runner("tcp.listeners.tls.ssl.key-store=" + server.keyStore("PKCS12", PASSWORD),
				"tcp.listeners.tls.ssl.key-store-password=" + PASSWORD)
			.run(TcpSslTests::assertEchoes);
	}

	@Test
	void shouldEchoWithAJksKeyStoreShortcut() {
		runner("tcp.listeners.tls.ssl.key-store=" + server.keyStore("JKS", PASSWORD),
				"tcp.listeners.tls.ssl.key-store-password=" + PASSWORD, "tcp.listeners.tls.ssl.key-store-type=JKS")
			.run(TcpSslTests::assertEchoes);
	}

	@Test
	void shouldNegotiateTheOnlyEnabledProtocolAndCipher() {
		runner(pemShortcut())
			.withPropertyValues("tcp.listeners.tls.ssl.enabled-protocols=TLSv1.2",
					"tcp.listeners.tls.ssl.ciphers=" + TLS12_CIPHER)
			.run((context) -> {
				try (TlsTestClient client = client().connect(port(context, "tls"))) {
					assertThat(client.protocol()).isEqualTo("TLSv1.2");
					assertThat(client.cipherSuite()).isEqualTo(TLS12_CIPHER);
					client.send("pinned");
					assertThat(client.receive("pinned")).isEqualTo("pinned");
				}
			});
	}

	@ParameterizedTest(name = "{0}-only listener, {1}-only client")
	@CsvSource({ "TLSv1.2, TLSv1.3", "TLSv1.3, TLSv1.2" })
	void shouldRejectAClientWithoutACommonProtocol(String listenerProtocol, String clientProtocol) {
		runner(pemShortcut()).withPropertyValues("tcp.listeners.tls.ssl.enabled-protocols=" + listenerProtocol)
			.run((context) -> assertHandshakeRejected(context, client().protocols(clientProtocol)));
	}

	@Test
	void shouldRejectAClientWithoutACommonCipher() {
		runner(pemShortcut())
			.withPropertyValues("tcp.listeners.tls.ssl.enabled-protocols=TLSv1.2",
					"tcp.listeners.tls.ssl.ciphers=" + TLS12_CIPHER)
			.run((context) -> assertHandshakeRejected(context,
					client().protocols("TLSv1.2").ciphers(OTHER_TLS12_CIPHER)));
	}

	static void assertHandshakeRejected(AssertableApplicationContext context, TlsTestClient.Options client)
			throws IOException {
		assertThatExceptionOfType(SSLException.class).isThrownBy(() -> client.connect(port(context, "tls")));
		awaitHandshakeRejections(context, 1);
		assertStillServes(context);
	}

	@Test
	void shouldCloseAPlaintextClientWithoutReachingAHandler() {
		runner(pemShortcut()).run((context) -> {
			try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port(context, "tls"))) {
				plain.setSoTimeout(5000);
				plain.getOutputStream().write("hello in plaintext\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(readUntilClosed(plain.getInputStream())).doesNotContain("hello");
			}
			awaitHandshakeRejections(context, 1);
			assertStillServes(context);
		});
	}

	@ParameterizedTest(name = "client sends [{0}] and then nothing")
	@ValueSource(strings = { "", "16030100c801" })
	void shouldCloseAClientThatDoesNotCompleteTheHandshakeInTime(String hex) {
		runner(pemShortcut()).withPropertyValues("tcp.listeners.tls.ssl.handshake-timeout=200ms").run((context) -> {
			try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port(context, "tls"))) {
				silent.setSoTimeout(10_000);
				// nothing at all, or the start of a ClientHello record
				silent.getOutputStream().write(HexFormat.of().parseHex(hex));
				assertThat(readUntilClosed(silent.getInputStream())).isEmpty();
			}
			awaitHandshakeRejections(context, 1);
			assertStillServes(context);
		});
	}

	@Test
	void shouldApplyTheSessionTimeout() {
		runner(pemShortcut()).withPropertyValues("tcp.listeners.tls.ssl.session-timeout=2m").run((context) -> {
			assertThat(context.getBean(TcpListenerRegistry.class)
				.getServer("tls")
				.definition()
				.ssl()
				.sslContext()
				.get()
				.getServerSessionContext()
				.getSessionTimeout()).isEqualTo(120);
			assertEchoes(context);
		});
	}

	@Test
	void shouldCloseATlsConnectionWhoseWriteDoesNotComplete() {
		runner(pemShortcut()).withPropertyValues("tcp.listeners.tls.write-timeout=300ms").run((context) -> {
			try (TlsTestClient idle = client().connect(port(context, "tls"))) {
				idle.send("flood");
				TlsEchoService.recorder.awaitCount("flood-stopped", 1);
				TlsEchoService.recorder.awaitCount("close", 1);
			}
			assertStillServes(context);
		});
	}

	@Test
	void shouldTalkToOpensslSClient() throws Exception {
		assumeThat(opensslAvailable()).as("openssl is installed").isTrue();
		runner(pemShortcut()).run((context) -> {
			Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port(context, "tls"),
					"-CAfile", authority.authority().certificatePem().toString(), "-verify_return_error", "-quiet")
				.redirectErrorStream(true)
				.start();
			try {
				ByteArrayOutputStream received = new ByteArrayOutputStream();
				Thread reader = new Thread(() -> copy(openssl.getInputStream(), received));
				reader.setDaemon(true);
				reader.start();
				OutputStream in = openssl.getOutputStream();
				in.write("hello from openssl\n".getBytes(StandardCharsets.US_ASCII));
				in.flush();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> received.toString(StandardCharsets.US_ASCII).contains("hello from openssl"));
			}
			finally {
				openssl.destroy();
				openssl.waitFor(5, TimeUnit.SECONDS);
			}
			TlsEchoService.recorder.awaitCount("close", 1);
			assertThat(statistics(context).rejected(TcpRejectionReason.TLS_HANDSHAKE)).isZero();
		});
	}

	/**
	 * Assert that a TLS client is served after failed handshakes, and that none of those
	 * reached a handler.
	 */
	static void assertStillServes(AssertableApplicationContext context) throws IOException {
		long connected = TlsEchoService.recorder.count("connect:");
		try (TlsTestClient client = client().connect(port(context, "tls"))) {
			client.send("still serving");
			assertThat(client.receive("still serving")).isEqualTo("still serving");
		}
		assertThat(TlsEchoService.recorder.count("connect:")).isEqualTo(connected + 1);
	}

	static String readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[1024];
		try {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketException ex) {
			// reset by the server: closed as well
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

	static void copy(InputStream in, ByteArrayOutputStream out) {
		byte[] buffer = new byte[1024];
		try {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				out.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	static boolean opensslAvailable() {
		try {
			Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
			version.getInputStream().readAllBytes();
			return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
