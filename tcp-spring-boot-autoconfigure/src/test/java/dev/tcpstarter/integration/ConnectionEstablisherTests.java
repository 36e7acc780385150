package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerSsl;
import dev.tcpstarter.listener.TcpProxyProtocol;
import dev.tcpstarter.listener.TcpRejectionReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * A {@code RuntimeException} in a phase before the handler (a PROXY header reader or TLS
 * provider that fails) is counted once, for the phase it happened in, and leaves no
 * deadline armed.
 */
class ConnectionEstablisherTests {

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final ListenerStatistics statistics = new ListenerStatistics();

	private ServerSocket server;

	@BeforeEach
	void start() throws IOException {
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.initialize();
		this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
	}

	@AfterEach
	void stop() throws IOException {
		this.scheduler.shutdown();
		this.server.close();
	}

	@Test
	void shouldCountAFailingProxyHeaderReadOnceAsAProxyProtocolRejection() throws IOException {
		TcpListenerDefinition definition = TcpListenerDefinition.builder("main", 0)
			.proxyProtocol(TcpProxyProtocol.REQUIRED)
			.proxyProtocolTimeout(Duration.ofHours(1))
			.build();
		try (Socket socket = connected(new FailingReadSocket()); Socket peer = this.server.accept()) {
			assertThat(establisher(definition).establish(socket, new AddressLease(new ClientAddresses(definition)),
					"c-1", (reason) -> {
					}))
				.isNull();
		}
		assertThat(this.statistics.rejected(TcpRejectionReason.PROXY_PROTOCOL)).isEqualTo(1);
		assertThat(this.statistics.rejected(TcpRejectionReason.TLS_HANDSHAKE)).isZero();
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().getQueue()).as("deadlines left armed").isEmpty();
	}

	@Test
	void shouldCountAFailingHandshakeOnceAsATlsRejection() throws IOException {
		SSLSocket tls = mock(SSLSocket.class);
		willThrow(new IllegalStateException("the security provider failed")).given(tls).startHandshake();
		SSLSocketFactory factory = mock(SSLSocketFactory.class);
		given(factory.createSocket(any(Socket.class), any(), anyBoolean())).willReturn(tls);
		SSLContext context = mock(SSLContext.class);
		given(context.getSocketFactory()).willReturn(factory);
		TcpListenerDefinition definition = TcpListenerDefinition.builder("main", 0)
			.ssl(new TcpListenerSsl(() -> context, null, null, TcpListenerSsl.ClientAuth.NONE, Duration.ofHours(1),
					null))
			.build();
		try (Socket socket = connected(new Socket()); Socket peer = this.server.accept()) {
			assertThat(establisher(definition).establish(socket, new AddressLease(new ClientAddresses(definition)),
					"c-1", (reason) -> {
					}))
				.isNull();
		}
		assertThat(this.statistics.rejected(TcpRejectionReason.TLS_HANDSHAKE)).isEqualTo(1);
		assertThat(this.statistics.errors(TcpErrorKind.TLS)).isEqualTo(1);
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().getQueue()).as("deadlines left armed").isEmpty();
	}

	private ConnectionEstablisher establisher(TcpListenerDefinition definition) {
		// the phases tested here fail before a handler or an address is needed
		ListenerContext context = new ListenerContext(definition, null, null, null, this.statistics, Runnable::run,
				new ListenerState(), null);
		return new ConnectionEstablisher(context, this.scheduler);
	}

	private Socket connected(Socket socket) throws IOException {
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.getLocalPort()), 5000);
		return socket;
	}

	/**
	 * A socket whose input fails with a {@code RuntimeException}, as a faulty stream
	 * wrapper might.
	 */
	static final class FailingReadSocket extends Socket {

		@Override
		public InputStream getInputStream() {
			return new InputStream() {

				@Override
				public int read() {
					throw new IllegalStateException("the stream failed");
				}

			};
		}

	}

}
