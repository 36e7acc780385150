package dev.tcpstarter.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;

/**
 * Spring Integration's client factory with what a {@link TcpClient} needs on top: a
 * connect timeout finer than seconds, an optional local address, TLS layered over the
 * connected socket with the configured host as the peer name (SNI and hostname
 * verification), and no socket left open when connecting fails.
 */
final class ClientConnectionFactory extends TcpNetClientConnectionFactory {

	private final @Nullable String localHost;

	private final Duration connectTimeout;

	// the TLS socket created last and the plain socket under it: connections are
	// created one at a time, under the lock of the client's connection holder
	private @Nullable Socket lastLayered;

	private @Nullable Socket lastPlain;

	private ClientConnectionFactory(String host, int port, @Nullable String localHost, Duration connectTimeout) {
		super(host, port);
		this.localHost = localHost;
		this.connectTimeout = connectTimeout;
	}

	/**
	 * Create the factory of a client's connections, not started.
	 * @param settings the client's settings
	 * @param statistics the client's counters, updated by its connections
	 * @return the factory
	 */
	static ClientConnectionFactory create(ClientSettings settings, TcpClientStatistics statistics) {
		ClientConnectionFactory created = new ClientConnectionFactory(settings.host(), settings.port(),
				settings.localHost(), settings.connectTimeout());
		created.setBeanName("tcpClient." + settings.name());
		created.setSingleUse(false);
		created.setSoTcpNoDelay(true);
		created.setSerializer(settings.serializer());
		created.setDeserializer(settings.deserializer());
		// no reader thread: the connection's run()
		// only publishes its open event, in place
		created.setTaskExecutor(Runnable::run);
		ApplicationEventPublisher publisher = (settings.eventPublisher() != null) ? settings.eventPublisher()
				: (event) -> {
				};
		created.setApplicationEventPublisher(publisher);
		created.setTcpNetConnectionSupport(
				(socket, server, lookupHost, eventPublisher, factoryName) -> new ClientConnection(socket,
						created.plainSocketOf(socket), publisher, factoryName, statistics));
		SSLContext sslContext = settings.sslContext();
		if (sslContext != null) {
			created.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(() -> sslContext));
		}
		created.setTcpSocketSupport(
				new ClientSocketSupport(settings.verifyHostname(), settings.enabledProtocols(), settings.ciphers()));
		for (TcpClientConnectionFactoryCustomizer customizer : settings.customizers()) {
			customizer.customize(settings.name(), created);
		}
		return created;
	}

	@Override
	protected Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	@Override
	protected Socket createSocket(String host, int port) throws IOException {
		SocketFactory factory = getTcpSocketFactorySupport().getSocketFactory();
		Socket socket = (factory instanceof SSLSocketFactory) ? new Socket() : factory.createSocket();
		try {
			if (this.localHost != null) {
				socket.bind(new InetSocketAddress(this.localHost, 0));
			}
			socket.connect(new InetSocketAddress(host, port),
					(int) Math.min(Integer.MAX_VALUE, this.connectTimeout.toMillis()));
			if (factory instanceof SSLSocketFactory tls) {
				Socket layered = tls.createSocket(socket, host, port, true);
				this.lastLayered = layered;
				this.lastPlain = socket;
				return layered;
			}
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			try {
				socket.close();
			}
			catch (IOException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
	}

	/**
	 * Return the plain socket under a TLS socket this factory created, or the socket.
	 */
	private Socket plainSocketOf(Socket socket) {
		Socket plain = this.lastPlain;
		return (socket == this.lastLayered && plain != null) ? plain : socket;
	}

	/**
	 * Return the open connection, or a new one.
	 * @return the connection
	 * @throws InterruptedException if interrupted while waiting for another thread's
	 * connect
	 */
	ClientConnection connection() throws InterruptedException {
		return (ClientConnection) getConnection();
	}

	/**
	 * Socket post-processing: hostname verification (Spring Integration's) and the
	 * enabled TLS protocols and cipher suites.
	 */
	private static final class ClientSocketSupport extends DefaultTcpSocketSupport {

		private final String @Nullable [] protocols;

		private final String @Nullable [] ciphers;

		ClientSocketSupport(boolean verifyHostname, String @Nullable [] protocols, String @Nullable [] ciphers) {
			super(verifyHostname);
			this.protocols = protocols;
			this.ciphers = ciphers;
		}

		@Override
		public void postProcessSocket(Socket socket) {
			super.postProcessSocket(socket);
			if (socket instanceof SSLSocket tls) {
				if (this.protocols != null) {
					tls.setEnabledProtocols(this.protocols);
				}
				if (this.ciphers != null) {
					tls.setEnabledCipherSuites(this.ciphers);
				}
			}
		}

	}

}
