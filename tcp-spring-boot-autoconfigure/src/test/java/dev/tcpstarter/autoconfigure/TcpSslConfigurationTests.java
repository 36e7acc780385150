package dev.tcpstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tcpstarter.support.TestCertificates;
import dev.tcpstarter.support.TestCertificates.Identity;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.autoconfigure.TcpAutoConfigurationTests.assertDefinitionFailure;
import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * TLS misconfiguration fails at startup with a message that names the property, and never
 * falls back to plain TCP.
 */
class TcpSslConfigurationTests {

	static final String SSL = "tcp.listeners.tls.ssl.";

	static final String PASSWORD = "s3cret-for-tests";

	@TempDir
	static Path directory;

	static Identity server;

	static Path certificate;

	static Path privateKey;

	static Path encryptedKey;

	static Path pkcs12;

	static Path garbage;

	static Path missing;

	@BeforeAll
	static void files() throws IOException {
		server = TestCertificates.authority(directory, "Test CA").server("server");
		certificate = server.certificatePem();
		privateKey = server.privateKeyPem();
		encryptedKey = server.encryptedPrivateKeyPem(PASSWORD);
		pkcs12 = server.keyStore("PKCS12", PASSWORD);
		garbage = Files.writeString(directory.resolve("garbage.bin"), "this is neither PEM nor a key store");
		missing = directory.resolve("missing.pem");
	}

	/**
	 * Return valid PEM shortcut properties followed by {@code more}.
	 */
	static String[] pem(String... more) {
		Stream<String> shortcut = Stream.of(SSL + "certificate=" + certificate,
				SSL + "certificate-private-key=" + privateKey);
		return Stream.concat(shortcut, Stream.of(more)).toArray(String[]::new);
	}

	static Stream<Arguments> misconfigurations() {
		return Stream.of(
				arguments(
						new String[] { SSL + "certificate=" + missing, SSL + "certificate-private-key=" + privateKey },
						SSL + "certificate could not be loaded: '" + missing + "' could not be read"),
				arguments(
						new String[] { SSL + "certificate=" + garbage, SSL + "certificate-private-key=" + privateKey },
						SSL + "certificate could not be loaded: '" + garbage + "' holds no PEM certificate"),
				arguments(
						new String[] { SSL + "certificate=" + certificate, SSL + "certificate-private-key=" + missing },
						SSL + "certificate-private-key could not be loaded"),
				arguments(
						new String[] { SSL + "certificate=" + certificate, SSL + "certificate-private-key=" + garbage },
						SSL + "certificate-private-key could not be loaded"),
				arguments(new String[] { SSL + "certificate=" + certificate },
						SSL + "certificate is set, but " + SSL + "certificate-private-key is not"),
				arguments(new String[] { SSL + "certificate-private-key=" + privateKey },
						SSL + "certificate-private-key is set, but " + SSL + "certificate is not"),
				arguments(
						new String[] { SSL + "certificate=" + certificate,
								SSL + "certificate-private-key=" + encryptedKey,
								SSL + "certificate-private-key-password=wrong" },
						SSL + "certificate-private-key-password could not be loaded: it does not decrypt"),
				arguments(
						new String[] { SSL + "certificate=" + certificate,
								SSL + "certificate-private-key=" + encryptedKey },
						SSL + "certificate-private-key-password could not be loaded: it does not decrypt"),
				arguments(pem(SSL + "trust-certificate=" + missing), SSL + "trust-certificate could not be loaded"),
				arguments(new String[] { SSL + "key-store=" + missing, SSL + "key-store-password=" + PASSWORD },
						SSL + "key-store could not be loaded: '" + missing + "' was not found"),
				arguments(new String[] { SSL + "key-store=" + pkcs12, SSL + "key-store-password=wrong" },
						SSL + "key-store-password could not be loaded: it does not open key store"),
				arguments(new String[] { SSL + "key-store=" + garbage, SSL + "key-store-password=" + PASSWORD },
						SSL + "key-store could not be loaded: '" + garbage + "' is not a readable PKCS12 key store"),
				arguments(
						new String[] { SSL + "key-store=" + pkcs12, SSL + "key-store-password=" + PASSWORD,
								SSL + "key-store-type=NOPE" },
						SSL + "key-store-type could not be loaded: 'NOPE' is not a key store type"),
				arguments(new String[] { SSL + "bundle=nowhere" },
						SSL + "bundle is 'nowhere', which is not configured"),
				arguments(pem(SSL + "enabled-protocols=TLSv1.9"),
						SSL + "enabled-protocols contains 'TLSv1.9', which this JVM does not support"),
				arguments(pem(SSL + "ciphers=TLS_NOT_A_CIPHER"),
						SSL + "ciphers contains 'TLS_NOT_A_CIPHER', which this JVM does not support"),
				arguments(new String[] { "spring.ssl.bundle.pem.server.keystore.certificate=" + certificate,
						"spring.ssl.bundle.pem.server.keystore.private-key=" + privateKey,
						"spring.ssl.bundle.pem.server.options.ciphers=TLS_NOT_A_CIPHER", SSL + "bundle=server" },
						"spring.ssl.bundle.*.server.options.ciphers contains 'TLS_NOT_A_CIPHER'"),
				arguments(pem(SSL + "client-auth=need"), SSL + "client-auth is need, but"),
				arguments(
						new String[] { "spring.ssl.bundle.pem.server.truststore.certificate=" + certificate,
								SSL + "bundle=server" },
						"SSL bundle 'server' (" + SSL + "bundle) has no private key with a certificate"),
				arguments(new String[] { SSL + "bundle=server", SSL + "certificate=" + certificate,
						SSL + "certificate-private-key=" + privateKey }, SSL + "bundle is set together with"),
				arguments(
						new String[] { SSL + "key-store=" + pkcs12, SSL + "certificate=" + certificate,
								SSL + "certificate-private-key=" + privateKey },
						"are set together with " + SSL + "key-store"),
				arguments(new String[] { SSL + "enabled=true" }, SSL + "enabled is true, but no key material"),
				arguments(pem(SSL + "handshake-timeout=0s"), SSL + "handshake-timeout is PT0S"),
				arguments(pem("tcp.listeners.tls.transport=nio"),
						"tcp.listeners.tls.transport is nio, and TLS is enabled"));
	}

	@ParameterizedTest
	@MethodSource("misconfigurations")
	void shouldFailAtStartupNamingTheProperty(String[] properties, String description) {
		TcpSslTests.runner(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertDefinitionFailure(context.getStartupFailure(), description, "");
		});
	}

	@Test
	void shouldFailAtStartupWhenABundleFileIsMissing() {
		TcpSslTests
			.runner("spring.ssl.bundle.pem.server.keystore.certificate=" + missing,
					"spring.ssl.bundle.pem.server.keystore.private-key=" + privateKey, SSL + "bundle=server")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(missing.toString()));
	}

	@Test
	void shouldServePlainTcpOnlyWhenTlsIsExplicitlyDisabled() {
		TcpSslTests
			.runner(SSL + "enabled=false", SSL + "certificate=" + certificate,
					SSL + "certificate-private-key=" + privateKey)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (TcpTestClient plain = TcpTestClient.connect(port(context, "tls"))) {
					plain.send("plain on purpose").expect("plain on purpose");
				}
			});
	}

}
