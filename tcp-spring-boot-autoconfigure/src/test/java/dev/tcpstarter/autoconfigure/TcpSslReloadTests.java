package dev.tcpstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tcpstarter.support.TestCertificates;
import dev.tcpstarter.support.TestCertificates.Identity;
import dev.tcpstarter.support.TlsEchoService;
import dev.tcpstarter.support.TlsTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificate hot reload: a bundle with {@code reload-on-update} whose files are replaced
 * on disk serves the new certificate to new connections, without a restart, while open
 * connections keep working.
 */
class TcpSslReloadTests {

	@TempDir
	Path directory;

	@BeforeEach
	void clearEvents() {
		TlsEchoService.recorder.clear();
	}

	@Test
	void shouldServeTheNewCertificateToNewConnectionsWhenTheFilesAreReplaced() throws IOException {
		TestCertificates authority = TestCertificates.authority(this.directory, "Test CA");
		Identity first = authority.server("first");
		Identity second = authority.server("second");
		Path live = Files.createDirectory(this.directory.resolve("live"));
		Path certificate = live.resolve("server.crt");
		Path key = live.resolve("server.key");
		install(first, certificate, key);
		TlsTestClient.Options client = TlsTestClient.trusting(authority.authority());
		TcpSslTests
			.runner("spring.ssl.bundle.pem.live.keystore.certificate=" + certificate,
					"spring.ssl.bundle.pem.live.keystore.private-key=" + key,
					"spring.ssl.bundle.pem.live.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms", "tcp.listeners.tls.ssl.bundle=live")
			.run((context) -> {
				int port = port(context, "tls");
				try (TlsTestClient open = client.connect(port)) {
					assertThat(open.serverSerial()).isEqualTo(first.serial());
					open.send("before");
					assertThat(open.receive("before")).isEqualTo("before");
					install(second, certificate, key);
					await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
						try (TlsTestClient fresh = client.connect(port)) {
							assertThat(fresh.serverSerial()).isEqualTo(second.serial());
						}
					});
					open.send("after reload");
					assertThat(open.receive("after reload")).isEqualTo("after reload");
					assertThat(open.serverSerial()).isEqualTo(first.serial());
				}
			});
	}

	private static void install(Identity identity, Path certificate, Path key) throws IOException {
		Files.copy(identity.privateKeyPem(), key, StandardCopyOption.REPLACE_EXISTING);
		Files.copy(identity.certificatePem(), certificate, StandardCopyOption.REPLACE_EXISTING);
	}

}
