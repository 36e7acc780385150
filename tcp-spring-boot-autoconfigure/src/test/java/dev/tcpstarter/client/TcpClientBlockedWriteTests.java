package dev.tcpstarter.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS client whose write blocks because the server does not read: neither
 * {@link TcpClient#close()} nor the write timeout may hang behind the blocked write (a
 * TLS socket's close waits for its write lock; the plain socket under it does not).
 */
class TcpClientBlockedWriteTests {

	private static final String TLS = "classpath:client-tls/";

	private final AtomicReference<Socket> accepted = new AtomicReference<>();

	private SSLServerSocket server;

	@AfterEach
	void stopServer() throws IOException {
		// releases any write still blocked, so that no thread outlives the test
		Socket socket = this.accepted.get();
		if (socket != null) {
			socket.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void shouldCloseWhileATlsWriteIsBlocked() {
		try (TcpClient client = tlsClientOfAServerThatNeverReads(Duration.ZERO)) {
			Thread[] writer = new Thread[1];
			CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
				writer[0] = Thread.currentThread();
				client.writeBytes(new byte[32 * 1024 * 1024]);
			});
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> isBlockedInWrite(writer[0]));
			CompletableFuture<Void> close = CompletableFuture.runAsync(client::close);
			assertThat(close).succeedsWithin(Duration.ofSeconds(5));
			assertThat(write).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(TcpException.class);
		}
	}

	@Test
	void shouldEndABlockedTlsWriteAtTheWriteTimeoutAndKeepTheTimerForOtherClients() {
		try (TcpClient client = tlsClientOfAServerThatNeverReads(Duration.ofMillis(300))) {
			CompletableFuture<Void> write = CompletableFuture
				.runAsync(() -> client.writeBytes(new byte[32 * 1024 * 1024]));
			assertThat(write).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(TcpTimeoutException.class)
				.withMessageContaining("(write-timeout)");
			// the shared timer still ends a TLS handshake that never completes
			try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
					TcpClient other = TcpClient.builder()
						.host("localhost")
						.port(silent.getLocalPort())
						.sslBundle(trustingTheTestCa())
						.handshakeTimeout(Duration.ofMillis(300))
						.build()) {
				assertThat(CompletableFuture.runAsync(other::connect)).failsWithin(Duration.ofSeconds(10))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(TcpTimeoutException.class);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private TcpClient tlsClientOfAServerThatNeverReads(Duration writeTimeout) {
		try {
			SslBundle serverBundle = SslBundle.of(new PemSslStoreBundle(
					PemSslStoreDetails.forCertificates(TLS + "server.crt").withPrivateKey(TLS + "server.key"), null));
			this.server = (SSLServerSocket) serverBundle.createSslContext()
				.getServerSocketFactory()
				.createServerSocket();
			this.server.setReceiveBufferSize(4096);
			this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
			CompletableFuture.runAsync(() -> {
				try {
					SSLSocket socket = (SSLSocket) this.server.accept();
					this.accepted.set(socket);
					socket.startHandshake();
				}
				catch (IOException ex) {
					// the test ended
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		TcpClient client = TcpClient.builder()
			.host("localhost")
			.port(this.server.getLocalPort())
			.sslBundle(trustingTheTestCa())
			.writeTimeout(writeTimeout)
			.build();
		client.connect();
		return client;
	}

	private static SslBundle trustingTheTestCa() {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificates(TLS + "ca.crt")));
	}

	/**
	 * Return whether a thread waits for the socket to take more bytes.
	 */
	private static boolean isBlockedInWrite(Thread thread) {
		if (thread == null) {
			return false;
		}
		return Arrays.stream(thread.getStackTrace())
			.anyMatch(
					(frame) -> frame.getMethodName().equals("park") && frame.getClassName().contains("NioSocketImpl"));
	}

}
