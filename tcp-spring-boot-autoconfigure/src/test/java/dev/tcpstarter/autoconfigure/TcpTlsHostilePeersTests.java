package dev.tcpstarter.autoconfigure;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpListenerStatistics;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.support.Sockets;
import dev.tcpstarter.support.TestCertificates;
import dev.tcpstarter.support.TestCertificates.Identity;
import dev.tcpstarter.support.TlsTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS peers that try to hold a listener's resources: silent handshakes count against
 * {@code max-connections} from accept, and a failing TLS stack leaks nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class TcpTlsHostilePeersTests {

	@TempDir
	static Path directory;

	static TestCertificates authority;

	static Identity server;

	@BeforeAll
	static void certificates() {
		authority = TestCertificates.authority(directory, "Test CA");
		server = authority.server("server");
		TcpSslTests.authority = authority;
		TcpSslTests.server = server;
	}

	@Test
	void shouldRefuseConnectionsAboveTheLimitWhileSilentPeersHoldTheirHandshake() {
		TcpSslTests.runner(TcpSslTests.pemShortcut())
			.withPropertyValues("tcp.listeners.tls.max-connections=2", "tcp.listeners.tls.ssl.handshake-timeout=30s")
			.run((context) -> {
				int port = port(context, "tls");
				List<Socket> silent = new ArrayList<>();
				try {
					silent.add(Sockets.connectFrom("127.0.0.1", port));
					silent.add(Sockets.connectFrom("127.0.0.1", port));
					await().atMost(Duration.ofSeconds(5)).until(() -> statistics(context).activeConnections() == 2);
					try (Socket third = Sockets.connectFrom("127.0.0.1", port)) {
						assertThat(Sockets.isClosedByPeer(third)).isTrue();
					}
					assertThat(statistics(context).rejected(TcpRejectionReason.MAX_CONNECTIONS)).isEqualTo(1);
				}
				finally {
					silent.forEach(Sockets::closeQuietly);
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> statistics(context).activeConnections() == 0);
				try (TlsTestClient good = TlsTestClient.trusting(authority.authority()).connect(port)) {
					good.send("served");
					assertThat(good.receive("served")).isEqualTo("served");
				}
			});
	}

	@Test
	void shouldCloseTheSocketWhenTheTlsStackThrows(CapturedOutput output) {
		TcpSslTests.runner("tcp.listeners.tls.ssl.bundle=failing")
			.withUserConfiguration(FailingBundleConfiguration.class)
			.run((context) -> {
				int port = port(context, "tls");
				TlsTestClient.Options client = TlsTestClient.trusting(authority.authority());
				assertThat(client.rejection(port)).isNotNull();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> output.getOut().contains("failed before its handler"));
				await().atMost(Duration.ofSeconds(5)).until(() -> statistics(context).activeConnections() == 0);
				long before = Sockets.openFileDescriptors();
				for (int i = 0; i < 20; i++) {
					assertThat(client.rejection(port)).isNotNull();
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> statistics(context).activeConnections() == 0);
				await().atMost(Duration.ofSeconds(5)).until(() -> Sockets.openFileDescriptors() <= before + 2);
				assertThat(output.getOut()).doesNotContain("Exception in thread");
				try (Socket probe = Sockets.connectFrom("127.0.0.1", port)) {
					// the listener still accepts
					assertThat(Sockets.isClosedByPeer(probe)).isTrue();
				}
			});
	}

	@Test
	void shouldWarnAboutProtocolsOlderThanTls12(CapturedOutput output) {
		TcpSslTests.runner(TcpSslTests.pemShortcut())
			.withPropertyValues("tcp.listeners.tls.ssl.enabled-protocols=TLSv1.1,TLSv1.2")
			.run((context) -> assertThat(output.getOut())
				.contains("TCP listener 'tls' enables [TLSv1.1], older than TLSv1.2"));
	}

	@Test
	void shouldLogTheServerNameAClientSentEscaped(CapturedOutput output) {
		TcpSslTests.runner(TcpSslTests.pemShortcut()).run((context) -> {
			try (Socket socket = Sockets.connectFrom("127.0.0.1", port(context, "tls"))) {
				// the JDK quotes an illegal server name in its exception message
				socket.getOutputStream()
					.write(clientHello("x.example\r\n2026-12-01T00:00:00Z ERROR forged by the peer"));
				assertThat(Sockets.readUntilClosed(socket)).isTrue();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("forged by the peer"));
			assertThat(output.getOut()).contains("x.example\\r\\n2026-12-01T00:00:00Z ERROR forged by the peer")
				.doesNotContain("\n2026-12-01T00:00:00Z ERROR forged by the peer");
			assertThat(statistics(context).rejected(TcpRejectionReason.TLS_HANDSHAKE)).isEqualTo(1);
		});
	}

	@Test
	void shouldCloseAConnectionWhoseClientRenegotiates(CapturedOutput output) {
		TcpSslTests.runner(TcpSslTests.pemShortcut()).run((context) -> {
			try (TlsTestClient client = TlsTestClient.trusting(authority.authority())
				.protocols("TLSv1.2")
				.connect(port(context, "tls"))) {
				client.send("before");
				assertThat(client.receive("before")).isEqualTo("before");
				client.renegotiate().send("after");
				assertThat(client.closedByServer()).as("closed by the server").isTrue();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> statistics(context).errors(TcpErrorKind.TLS) == 1);
			assertThat(output.getOut()).contains("the client renegotiated TLS, which is refused");
		});
	}

	/**
	 * Build a TLS 1.2 ClientHello record that asks for {@code serverName}, bytes as they
	 * are.
	 */
	static byte[] clientHello(String serverName) {
		byte[] name = serverName.getBytes(StandardCharsets.ISO_8859_1);
		ByteBuffer sni = ByteBuffer.allocate(9 + name.length);
		sni.putShort((short) 0x0000).putShort((short) (5 + name.length)).putShort((short) (3 + name.length));
		sni.put((byte) 0).putShort((short) name.length).put(name);
		byte[] groups = { 0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17 };
		byte[] signatures = { 0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03 };
		byte[] pointFormats = { 0x00, 0x0b, 0x00, 0x02, 0x01, 0x00 };
		int extensions = sni.capacity() + groups.length + signatures.length + pointFormats.length;
		byte[] suites = { (byte) 0xC0, 0x2B, (byte) 0xC0, 0x2F };
		int body = 2 + 32 + 1 + 2 + suites.length + 2 + 2 + extensions;
		ByteBuffer record = ByteBuffer.allocate(5 + 4 + body);
		record.put((byte) 0x16).putShort((short) 0x0301).putShort((short) (4 + body));
		record.put((byte) 0x01).put((byte) 0).putShort((short) body);
		record.putShort((short) 0x0303).put(new byte[32]).put((byte) 0);
		record.putShort((short) suites.length).put(suites);
		record.put((byte) 1).put((byte) 0);
		record.putShort((short) extensions).put(sni.array()).put(groups).put(signatures).put(pointFormats);
		return record.array();
	}

	private static TcpListenerStatistics statistics(AssertableApplicationContext context) {
		TcpServer listener = context.getBean(TcpListenerRegistry.class).getServer("tls");
		assertThat(listener).isNotNull();
		return listener.statistics();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBundleConfiguration {

		/**
		 * A bundle with real key material whose SSL context's socket factory throws a
		 * {@code RuntimeException} when TLS is layered over an accepted socket, as a
		 * misbehaving security provider may.
		 */
		@Bean
		SslBundleRegistrar failingBundle() {
			return (registry) -> {
				try {
					KeyStore keyStore = server.keyStore("PKCS12", "secret".toCharArray());
					SslBundle real = SslBundle.of(SslStoreBundle.of(keyStore, "secret", null),
							SslBundleKey.of("secret"));
					registry.registerBundle("failing", new FailingBundle(real));
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			};
		}

	}

	record FailingBundle(SslBundle real) implements SslBundle {

		@Override
		public SslStoreBundle getStores() {
			return this.real.getStores();
		}

		@Override
		public SslBundleKey getKey() {
			return this.real.getKey();
		}

		@Override
		public SslOptions getOptions() {
			return this.real.getOptions();
		}

		@Override
		public String getProtocol() {
			return this.real.getProtocol();
		}

		@Override
		public SslManagerBundle getManagers() {
			return this.real.getManagers();
		}

		@Override
		public SSLContext createSslContext() {
			SSLContext context = this.real.createSslContext();
			return new SSLContext(new FailingContextSpi(context), context.getProvider(), context.getProtocol()) {
			};
		}

	}

	static final class FailingContextSpi extends SSLContextSpi {

		private final SSLContext delegate;

		FailingContextSpi(SSLContext delegate) {
			this.delegate = delegate;
		}

		@Override
		protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
		}

		@Override
		protected SSLSocketFactory engineGetSocketFactory() {
			SSLSocketFactory factory = this.delegate.getSocketFactory();
			return new SSLSocketFactory() {

				@Override
				public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) {
					throw new IllegalStateException("the security provider failed");
				}

				@Override
				public Socket createSocket(Socket socket, String host, int port, boolean autoClose) {
					throw new IllegalStateException("the security provider failed");
				}

				@Override
				public String[] getDefaultCipherSuites() {
					return factory.getDefaultCipherSuites();
				}

				@Override
				public String[] getSupportedCipherSuites() {
					return factory.getSupportedCipherSuites();
				}

				@Override
				public Socket createSocket(String host, int port) {
					throw new UnsupportedOperationException();
				}

				@Override
				public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
					throw new UnsupportedOperationException();
				}

				@Override
				public Socket createSocket(InetAddress host, int port) {
					throw new UnsupportedOperationException();
				}

				@Override
				public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
					throw new UnsupportedOperationException();
				}

			};
		}

		@Override
		protected SSLServerSocketFactory engineGetServerSocketFactory() {
			return this.delegate.getServerSocketFactory();
		}

		@Override
		protected SSLEngine engineCreateSSLEngine() {
			return this.delegate.createSSLEngine();
		}

		@Override
		protected SSLEngine engineCreateSSLEngine(String host, int port) {
			return this.delegate.createSSLEngine(host, port);
		}

		@Override
		protected SSLSessionContext engineGetServerSessionContext() {
			return this.delegate.getServerSessionContext();
		}

		@Override
		protected SSLSessionContext engineGetClientSessionContext() {
			return this.delegate.getClientSessionContext();
		}

		@Override
		protected SSLParameters engineGetDefaultSSLParameters() {
			return this.delegate.getDefaultSSLParameters();
		}

		@Override
		protected SSLParameters engineGetSupportedSSLParameters() {
			return this.delegate.getSupportedSSLParameters();
		}

	}

}
