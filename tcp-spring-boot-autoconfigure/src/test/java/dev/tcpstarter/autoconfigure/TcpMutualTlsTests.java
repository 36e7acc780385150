package dev.tcpstarter.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.support.TestCertificates;
import dev.tcpstarter.support.TestCertificates.Identity;
import dev.tcpstarter.support.TlsEchoService;
import dev.tcpstarter.support.TlsTestClient;

import static dev.tcpstarter.autoconfigure.TcpSslTests.awaitHandshakeRejections;
import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client certificates: {@code ssl.client-auth=need} and {@code want}, with the trusted
 * authorities from the PEM shortcut or from the bundle's truststore, and the client's
 * subject as a handler reads it from {@code TcpCaller.sslSession()}.
 */
class TcpMutualTlsTests {

	static final String TRUSTED_SUBJECT = "CN=trusted-client,O=tcp-spring-boot-starter tests";

	@TempDir
	static Path directory;

	static TestCertificates authority;

	static Identity server;

	static Identity trustedClient;

	static Identity untrustedClient;

	@BeforeAll
	static void certificates() throws Exception {
		authority = TestCertificates.authority(directory, "Test CA");
		server = authority.server("server");
		trustedClient = authority.client("trusted-client");
		Path elsewhere = Files.createDirectory(directory.resolve("elsewhere"));
		untrustedClient = TestCertificates.authority(elsewhere, "Other CA").client("untrusted-client");
	}

	@BeforeEach
	void clearEvents() {
		TlsEchoService.recorder.clear();
	}

	static ApplicationContextRunner runner(String clientAuth) {
		return TcpSslTests.runner(TcpSslTests.pemShortcutOf(server))
			.withPropertyValues("tcp.listeners.tls.ssl.client-auth=" + clientAuth,
					"tcp.listeners.tls.ssl.trust-certificate=" + authority.authority().certificatePem());
	}

	static TlsTestClient.Options client() {
		return TlsTestClient.trusting(authority.authority());
	}

	@Test
	void shouldRequireATrustedClientCertificate() {
		runner("need").run((context) -> {
			assertThat(client().rejection(port(context, "tls"))).as("no client certificate").isNotNull();
			assertThat(client().certificate(untrustedClient).rejection(port(context, "tls")))
				.as("untrusted client certificate")
				.isNotNull();
			awaitHandshakeRejections(context, 2);
			assertThat(TlsEchoService.recorder.count("connect:")).isZero();
			assertServedWithSubject(context, TRUSTED_SUBJECT);
		});
	}

	@Test
	void shouldRequireAClientCertificateTrustedByTheBundle() {
		TcpSslTests
			.runner("spring.ssl.bundle.pem.mutual.keystore.certificate=" + server.certificatePem(),
					"spring.ssl.bundle.pem.mutual.keystore.private-key=" + server.privateKeyPem(),
					"spring.ssl.bundle.pem.mutual.truststore.certificate=" + authority.authority().certificatePem(),
					"tcp.listeners.tls.ssl.bundle=mutual", "tcp.listeners.tls.ssl.client-auth=need")
			.run((context) -> {
				assertThat(client().certificate(untrustedClient).rejection(port(context, "tls"))).isNotNull();
				awaitHandshakeRejections(context, 1);
				assertServedWithSubject(context, TRUSTED_SUBJECT);
			});
	}

	@Test
	void shouldAcceptClientsWithAndWithoutACertificateWhenWanted() {
		runner("want").run((context) -> {
			try (TlsTestClient anonymous = client().connect(port(context, "tls"))) {
				anonymous.send("anonymous");
				assertThat(anonymous.receive("anonymous")).isEqualTo("anonymous");
			}
			assertThat(TlsEchoService.recorder.events()).contains("connect:none");
			assertServedWithSubject(context, TRUSTED_SUBJECT);
		});
	}

	static void assertServedWithSubject(AssertableApplicationContext context, String subject) throws Exception {
		try (TlsTestClient trusted = client().certificate(trustedClient).connect(port(context, "tls"))) {
			trusted.send("trusted");
			assertThat(trusted.receive("trusted")).isEqualTo("trusted");
		}
		assertThat(TlsEchoService.recorder.events()).contains("connect:" + subject);
	}

}
