package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.listener.TcpSocketOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server name a {@link TcpClient} sends with TLS (SNI), and its keepalive socket
 * option, seen by a TLS server that records what it was asked for.
 */
class TcpClientSniTests {

	private static final String TLS = "classpath:client-tls/";

	@Test
	void shouldSendTheHostNameEvenWithoutADot() throws Exception {
		assertThat(requestedName(TcpClient.builder().host("localhost"))).contains("localhost");
	}

	@Test
	void shouldSendNoNameWhenConnectingByAddress() throws Exception {
		assertThat(requestedName(TcpClient.builder().host("127.0.0.1").verifyHostname(false))).isEmpty();
	}

	@Test
	void shouldSendTheConfiguredServerNameWhenConnectingByAddress() throws Exception {
		// the certificate is valid for localhost: verified against the server name
		assertThat(requestedName(TcpClient.builder().host("127.0.0.1").serverName("localhost"))).contains("localhost");
	}

	@Test
	void shouldTurnKeepAliveOnForTheClientSocket() throws Exception {
		try (SSLServerSocket server = server(new AtomicReference<>());
				TcpClient client = TcpClient.builder()
					.host("localhost")
					.port(server.getLocalPort())
					.sslBundle(trusting())
					.socketOptions(TcpSocketOptions.builder()
						.keepAlive(true)
						.keepAliveIdle(java.time.Duration.ofSeconds(30))
						.build())
					.build()) {
			CompletableFuture.runAsync(() -> accept(server));
			client.connect();
			ClientChannel channel = java.util.Objects.requireNonNull(channelOf(client));
			assertThat(channel.connection().socket().getKeepAlive()).isTrue();
		}
	}

	private static @Nullable ClientChannel channelOf(TcpClient client) {
		return ClientConnections.of(client).primaryIfOpen();
	}

	private static Optional<String> requestedName(TcpClient.Builder builder) throws Exception {
		AtomicReference<Optional<String>> requested = new AtomicReference<>();
		try (SSLServerSocket server = server(requested)) {
			CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> accept(server));
			try (TcpClient client = builder.port(server.getLocalPort()).sslBundle(trusting()).build()) {
				client.connect();
			}
			accepted.join();
		}
		return requested.get();
	}

	private static SSLServerSocket server(AtomicReference<Optional<String>> requested) throws IOException {
		SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificates(TLS + "server.crt").withPrivateKey(TLS + "server.key"), null));
		SSLServerSocket server = (SSLServerSocket) bundle.createSslContext()
			.getServerSocketFactory()
			.createServerSocket();
		requested.set(Optional.empty());
		SSLParameters parameters = server.getSSLParameters();
		parameters.setSNIMatchers(List.of(new SNIMatcher(0) {
			@Override
			public boolean matches(SNIServerName name) {
				requested.set(Optional.of(((SNIHostName) name).getAsciiName()));
				return true;
			}
		}));
		server.setSSLParameters(parameters);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		return server;
	}

	private static void accept(SSLServerSocket server) {
		try (SSLSocket socket = (SSLSocket) server.accept()) {
			socket.startHandshake();
			socket.getInputStream().read();
		}
		catch (IOException ex) {
			// the client closed
		}
	}

	private static SslBundle trusting() {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificates(TLS + "ca.crt")));
	}

}
