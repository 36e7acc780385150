package dev.tcpstarter.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.Recorder;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.support.TestCertificates;
import dev.tcpstarter.support.TestCertificates.Identity;
import dev.tcpstarter.support.TlsTestClient;

import static dev.tcpstarter.autoconfigure.TcpAutoConfigurationTests.assertDefinitionFailure;
import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * SNI: one TLS listener, one port, a certificate per server name
 * ({@code ssl.server-name-bundles}), the default {@code ssl.bundle} for clients that ask
 * for no name or an unknown one, the requested name on the {@link TcpCaller}, reloads,
 * client certificates checked with the trust of the name, and the startup errors. Every
 * client asks for its name explicitly: the JDK sends none for the loopback address.
 */
@ExtendWith(OutputCaptureExtension.class)
class TcpSniTests {

	static final String SSL = "tcp.listeners.tls.ssl.";

	static final String PASSWORD = "s3cret-for-tests";

	@TempDir
	static Path directory;

	static TestCertificates authority;

	static Identity fallback;

	static Identity alpha;

	static Identity beta;

	static Identity tenant;

	@BeforeAll
	static void certificates() {
		authority = TestCertificates.authority(directory, "Test CA");
		fallback = authority.server("fallback");
		alpha = authority.server("alpha");
		beta = authority.server("beta");
		tenant = authority.server("tenant");
	}

	@BeforeEach
	void clearEvents() {
		SniService.recorder.clear();
	}

	static String[] pemBundle(String bundle, Identity identity) {
		return new String[] { "spring.ssl.bundle.pem." + bundle + ".keystore.certificate=" + identity.certificatePem(),
				"spring.ssl.bundle.pem." + bundle + ".keystore.private-key=" + identity.privateKeyPem() };
	}

	static String[] serverName(int index, String serverName, String bundle) {
		return new String[] { SSL + "server-name-bundles[" + index + "].server-name=" + serverName,
				SSL + "server-name-bundles[" + index + "].bundle=" + bundle };
	}

	static ApplicationContextRunner runner() {
		return TcpContextRunners.runner()
			.withUserConfiguration(SniConfiguration.class)
			.withPropertyValues("tcp.listeners.tls.port=0");
	}

	/**
	 * A listener with bundles fallback (the default), alpha, beta and tenant (for
	 * {@code *.tenants.example.com}).
	 */
	static ApplicationContextRunner multiTenant() {
		return runner().withPropertyValues(pemBundle("fallback", fallback))
			.withPropertyValues(pemBundle("alpha", alpha))
			.withPropertyValues(pemBundle("beta", beta))
			.withPropertyValues(pemBundle("tenant", tenant))
			.withPropertyValues(SSL + "bundle=fallback")
			.withPropertyValues(serverName(0, "alpha.example.com", "alpha"))
			.withPropertyValues(serverName(1, "beta.example.com", "beta"))
			.withPropertyValues(serverName(2, "*.tenants.example.com", "tenant"));
	}

	static TlsTestClient.Options client(String serverName) {
		TlsTestClient.Options client = TlsTestClient.trusting(authority.authority());
		return (serverName.isEmpty()) ? client : client.serverName(serverName);
	}

	/**
	 * Connect asking for a server name (none if empty), check the echo, and return the
	 * serial of the certificate the listener presented.
	 */
	static BigInteger served(int port, String serverName) throws IOException {
		try (TlsTestClient client = client(serverName).connect(port)) {
			client.send("hello " + serverName);
			assertThat(client.receive("hello " + serverName)).isEqualTo("hello " + serverName);
			return client.serverSerial();
		}
	}

	@Test
	void shouldServeEachServerNameItsCertificateAndTheDefaultToAnyOtherClientOnOnePort() {
		multiTenant().run((context) -> {
			assertThat(context).hasNotFailed();
			int port = port(context, "tls");
			assertThat(served(port, "alpha.example.com")).isEqualTo(alpha.serial());
			assertThat(served(port, "beta.example.com")).isEqualTo(beta.serial());
			assertThat(served(port, "ALPHA.Example.COM")).as("case-insensitive").isEqualTo(alpha.serial());
			assertThat(served(port, "eu.tenants.example.com")).isEqualTo(tenant.serial());
			assertThat(served(port, "a.b.tenants.example.com")).as("one label only").isEqualTo(fallback.serial());
			assertThat(served(port, "tenants.example.com")).as("not the domain itself").isEqualTo(fallback.serial());
			assertThat(served(port, "unknown.example.com")).as("an unknown name").isEqualTo(fallback.serial());
			assertThat(served(port, "")).as("no name").isEqualTo(fallback.serial());
			SniService.recorder.awaitCount("connect:", 8);
			assertThat(SniService.recorder.events()).containsExactly("connect:alpha.example.com",
					"connect:beta.example.com", "connect:ALPHA.Example.COM", "connect:eu.tenants.example.com",
					"connect:a.b.tenants.example.com", "connect:tenants.example.com", "connect:unknown.example.com",
					"connect:none");
		});
	}

	@Test
	void shouldServeTheReloadedCertificateOfAServerNameToNewConnections() throws IOException {
		Identity renewed = authority.server("alpha-renewed");
		Path live = Files.createDirectories(directory.resolve("live"));
		Path certificate = live.resolve("alpha.crt");
		Path key = live.resolve("alpha.key");
		install(alpha, certificate, key);
		runner().withPropertyValues(pemBundle("fallback", fallback))
			.withPropertyValues("spring.ssl.bundle.pem.alpha.keystore.certificate=" + certificate,
					"spring.ssl.bundle.pem.alpha.keystore.private-key=" + key,
					"spring.ssl.bundle.pem.alpha.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms", SSL + "bundle=fallback")
			.withPropertyValues(serverName(0, "alpha.example.com", "alpha"))
			.run((context) -> {
				int port = port(context, "tls");
				try (TlsTestClient open = client("alpha.example.com").connect(port)) {
					assertThat(open.serverSerial()).isEqualTo(alpha.serial());
					install(renewed, certificate, key);
					await().atMost(Duration.ofSeconds(30))
						.ignoreExceptions()
						.untilAsserted(() -> assertThat(served(port, "alpha.example.com")).isEqualTo(renewed.serial()));
					assertThat(served(port, "")).isEqualTo(fallback.serial());
					open.send("still open");
					assertThat(open.receive("still open")).isEqualTo("still open");
				}
			});
	}

	@Test
	void shouldCheckClientCertificatesWithTheTrustOfTheRequestedServerName() {
		TestCertificates authorityA = TestCertificates.authority(createDirectory("a"), "Tenant A CA");
		TestCertificates authorityB = TestCertificates.authority(createDirectory("b"), "Tenant B CA");
		Identity clientA = authorityA.client("client-a");
		Identity clientB = authorityB.client("client-b");
		runner().withPropertyValues(pemBundle("alpha", alpha))
			.withPropertyValues(pemBundle("beta", beta))
			.withPropertyValues(
					"spring.ssl.bundle.pem.alpha.truststore.certificate=" + authorityA.authority().certificatePem(),
					"spring.ssl.bundle.pem.beta.truststore.certificate=" + authorityB.authority().certificatePem(),
					SSL + "bundle=alpha", SSL + "client-auth=need")
			.withPropertyValues(serverName(0, "beta.example.com", "beta"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				int port = port(context, "tls");
				assertThat(client("beta.example.com").certificate(clientB).rejection(port)).isNull();
				assertThat(client("").certificate(clientA).rejection(port)).isNull();
				assertThat(client("beta.example.com").certificate(clientA).rejection(port))
					.as("tenant A's client at tenant B's name")
					.isNotNull();
				assertThat(client("").certificate(clientB).rejection(port)).as("tenant B's client at the default")
					.isNotNull();
				SniService.recorder.awaitCount("client:", 2);
				assertThat(SniService.recorder.events()).contains("client:CN=client-b,O=tcp-spring-boot-starter tests",
						"client:CN=client-a,O=tcp-spring-boot-starter tests");
			});
	}

	@Test
	void shouldHonourTheKeyAliasOfABundle() throws Exception {
		Identity first = authority.server("first");
		Identity second = authority.server("second");
		Path keyStore = twoKeys(first, second);
		runner()
			.withPropertyValues("spring.ssl.bundle.jks.pair.keystore.location=" + keyStore,
					"spring.ssl.bundle.jks.pair.keystore.password=" + PASSWORD,
					"spring.ssl.bundle.jks.pair.key.alias=second", SSL + "bundle=pair")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(served(port(context, "tls"), "")).isEqualTo(second.serial());
			});
	}

	@Test
	void shouldWarnAboutOptionsOfAServerNameBundleThatTheListenerDoesNotUse(CapturedOutput output) {
		multiTenant().withPropertyValues("spring.ssl.bundle.pem.beta.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("TCP listener 'tls' ignores "
						+ "spring.ssl.bundle.*.beta.options.enabled-protocols of SSL bundle 'beta' (" + SSL
						+ "server-name-bundles[1].bundle)");
			});
	}

	static Stream<Arguments> misconfigurations() {
		List<Arguments> cases = new ArrayList<>();
		cases.add(arguments(serverName(0, "alpha.example.com", "alpha"),
				SSL + "server-name-bundles is set, but " + SSL + "bundle is not"));
		cases.add(arguments(
				concat(serverName(0, "alpha.example.com", "alpha"), SSL + "certificate=" + fallback.certificatePem(),
						SSL + "certificate-private-key=" + fallback.privateKeyPem()),
				SSL + "server-name-bundles is set, but " + SSL + "bundle is not"));
		cases.add(arguments(concat(serverName(0, "alpha.example.com", "nowhere"), SSL + "bundle=fallback"),
				SSL + "server-name-bundles[0].bundle is 'nowhere', which is not configured"));
		cases.add(arguments(
				concat(serverName(0, "alpha.example.com", "alpha"), serverName(1, "Alpha.Example.com", "beta"),
						SSL + "bundle=fallback"),
				SSL + "server-name-bundles[1].server-name is 'Alpha.Example.com', a server name that " + SSL
						+ "server-name-bundles[0].server-name names too"));
		cases.add(arguments(new String[] { SSL + "server-name-bundles[0].bundle=alpha", SSL + "bundle=fallback" },
				SSL + "server-name-bundles[0].server-name is not set"));
		cases.add(arguments(
				new String[] { SSL + "server-name-bundles[0].server-name=alpha.example.com", SSL + "bundle=fallback" },
				SSL + "server-name-bundles[0].bundle is not set"));
		cases.add(arguments(concat(serverName(0, "not a host", "alpha"), SSL + "bundle=fallback"),
				SSL + "server-name-bundles[0].server-name is 'not a host', which is not a host name"));
		cases.add(arguments(
				concat(serverName(0, "alpha.example.com", "trustonly"), SSL + "bundle=fallback",
						"spring.ssl.bundle.pem.trustonly.truststore.certificate=" + alpha.certificatePem()),
				"SSL bundle 'trustonly' (" + SSL + "server-name-bundles[0].bundle) has no private key"));
		cases.add(arguments(
				concat(serverName(0, "alpha.example.com", "alpha"), SSL + "bundle=fallback", SSL + "client-auth=need",
						"spring.ssl.bundle.pem.fallback.truststore.certificate="
								+ authority.authority().certificatePem()),
				SSL + "client-auth is need, but SSL bundle 'alpha' (" + SSL
						+ "server-name-bundles[0].bundle) has no trust store"));
		return cases.stream();
	}

	@ParameterizedTest
	@MethodSource("misconfigurations")
	void shouldFailAtStartupNamingTheProperty(String[] properties, String description) {
		runner().withPropertyValues(pemBundle("fallback", fallback))
			.withPropertyValues(pemBundle("alpha", alpha))
			.withPropertyValues(pemBundle("beta", beta))
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertDefinitionFailure(context.getStartupFailure(), description, "");
			});
	}

	private static String[] concat(String[] first, String... more) {
		return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
	}

	private static String[] concat(String[] first, String[] second, String... more) {
		return concat(concat(first, second), more);
	}

	private static Path createDirectory(String name) {
		try {
			return Files.createDirectories(directory.resolve(name));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void install(Identity identity, Path certificate, Path key) throws IOException {
		Files.copy(identity.privateKeyPem(), key, StandardCopyOption.REPLACE_EXISTING);
		Files.copy(identity.certificatePem(), certificate, StandardCopyOption.REPLACE_EXISTING);
	}

	private static Path twoKeys(Identity first, Identity second) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		for (Identity identity : List.of(first, second)) {
			store.setKeyEntry(identity.name(), identity.privateKey(), PASSWORD.toCharArray(),
					new Certificate[] { identity.certificate() });
		}
		Path file = directory.resolve("pair.p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, PASSWORD.toCharArray());
		}
		return file;
	}

	/**
	 * Echoes, and records {@code connect:<requested server name>} (or {@code none}) and
	 * {@code client:<subject>} for a client certificate.
	 */
	@TcpService(listeners = "tls")
	static class SniService {

		static final Recorder recorder = new Recorder();

		@OnConnect
		TcpAutoConfigurationTests.Echo onConnect(TcpCaller caller) {
			recorder.add("connect:" + caller.requestedServerName().orElse("none"));
			clientSubject(caller.sslSession()).ifPresent((subject) -> recorder.add("client:" + subject));
			return new TcpAutoConfigurationTests.Echo();
		}

		private static Optional<String> clientSubject(Optional<SSLSession> session) {
			if (session.isEmpty()) {
				return Optional.empty();
			}
			try {
				X509Certificate certificate = (X509Certificate) session.get().getPeerCertificates()[0];
				return Optional.of(certificate.getSubjectX500Principal().getName());
			}
			catch (SSLPeerUnverifiedException ex) {
				return Optional.empty();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SniConfiguration {

		@Bean
		SniService sniService() {
			return new SniService();
		}

	}

}
