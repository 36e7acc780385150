package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import javax.net.SocketFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.util.StringUtils;

import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpClientConnectionFactoryCustomizer;

/**
 * Spring Integration's client factory with what a {@code TcpClient} needs on top: a
 * connect timeout finer than seconds, an optional local address, the socket options, TLS
 * layered over the connected socket with the server name (the host, or
 * {@code ssl.server-name}) as the peer name for SNI and hostname verification, and no
 * socket left open when connecting fails.
 * <p>
 * Every call of {@link #newConnection()} opens a new connection (the factory is
 * single-use in Spring Integration's terms, so that it shares none): a pooled client
 * opens several, possibly at once.
 */
final class ClientConnectionFactory extends TcpNetClientConnectionFactory {

	private static final Log logger = LogFactory.getLog(TcpClient.class);

	private final ClientSettings settings;

	private final ClientStatistics statistics;

	// TLS socket -> the plain socket under it, from createSocket until the connection
	// that wraps it is created; opens of a pool may run at once
	private final Map<Socket, Socket> plainSockets = Collections.synchronizedMap(new IdentityHashMap<>());

	private ClientConnectionFactory(ClientSettings settings, ClientStatistics statistics) {
		super(settings.host(), settings.port());
		this.settings = settings;
		this.statistics = statistics;
	}

	/**
	 * Create the factory of a client's connections, not started.
	 * @param settings the client's settings
	 * @param statistics the client's counters, updated by its connections
	 * @return the factory
	 */
	static ClientConnectionFactory create(ClientSettings settings, ClientStatistics statistics) {
		ClientConnectionFactory created = new ClientConnectionFactory(settings, statistics);
		created.setBeanName("tcpClient." + settings.name());
		created.setSingleUse(true);
		KeepAliveTimers.applyStandard(settings.socketOptions(), created);
		created.setSerializer(settings.serializer());
		created.setDeserializer(settings.deserializer());
		// no reader thread of Spring Integration's: the connection's run() only
		// publishes its open event, in place
		created.setTaskExecutor(Runnable::run);
		ApplicationEventPublisher publisher = (settings.eventPublisher() != null) ? settings.eventPublisher()
				: (event) -> {
				};
		created.setApplicationEventPublisher(publisher);
		created.setTcpNetConnectionSupport(
				(socket, server, lookupHost, eventPublisher, factoryName) -> new ClientConnection(socket,
						created.plainSocketOf(socket), publisher, factoryName, statistics, settings.maxFrameSize()));
		ClientSettings.Tls tls = settings.tls();
		if (tls != null) {
			created.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(tls::sslContext));
		}
		// the keepalive timers are worked out once per client: an unsupported one is
		// reported with one WARN, a value the OS refuses fails the client's creation
		KeepAliveTimers timers = KeepAliveTimers.of(settings.socketOptions(), KeepAliveTimers.platformOptions(),
				"TCP client '" + settings.name() + "'", "tcp.clients." + settings.name() + ".socket.");
		created.setTcpSocketSupport(new ClientSocketSupport(settings, timers));
		for (TcpClientConnectionFactoryCustomizer customizer : settings.customizers()) {
			customizer.customize(settings.name(), created);
		}
		return created;
	}

	@Override
	protected Duration getConnectTimeout() {
		return this.settings.connectTimeout();
	}

	@Override
	protected Socket createSocket(String host, int port) throws IOException {
		SocketFactory factory = getTcpSocketFactorySupport().getSocketFactory();
		Socket socket = (factory instanceof SSLSocketFactory) ? new Socket() : factory.createSocket();
		try {
			String localHost = this.settings.localHost();
			if (localHost != null) {
				socket.bind(new InetSocketAddress(localHost, 0));
			}
			socket.connect(new InetSocketAddress(host, port),
					(int) Math.min(Integer.MAX_VALUE, this.settings.connectTimeout().toMillis()));
			if (factory instanceof SSLSocketFactory tls) {
				// the peer name drives SNI and hostname verification
				Socket layered = tls.createSocket(socket, peerName(host), port, true);
				this.plainSockets.put(layered, socket);
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

	private String peerName(String host) {
		ClientSettings.Tls tls = this.settings.tls();
		String serverName = (tls != null) ? tls.serverName() : null;
		return (serverName != null) ? serverName : host;
	}

	/**
	 * Return the plain socket under a TLS socket this factory created, or the socket.
	 */
	private Socket plainSocketOf(Socket socket) {
		Socket plain = this.plainSockets.remove(socket);
		return (plain != null) ? plain : socket;
	}

	/**
	 * Open a new connection (not yet past the TLS handshake).
	 * @return the connection
	 * @throws InterruptedException if interrupted while connecting
	 */
	ClientConnection newConnection() throws InterruptedException {
		return (ClientConnection) getConnection();
	}

	/**
	 * Return the counters the connections update.
	 */
	ClientStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Socket post-processing: hostname verification (Spring Integration's), the enabled
	 * TLS protocols and cipher suites, the server name sent (SNI) and the extended socket
	 * options.
	 */
	private static final class ClientSocketSupport extends DefaultTcpSocketSupport {

		private final ClientSettings settings;

		private final KeepAliveTimers timers;

		ClientSocketSupport(ClientSettings settings, KeepAliveTimers timers) {
			super(settings.tls() != null && settings.tls().verifyHostname());
			this.settings = settings;
			this.timers = timers;
		}

		@Override
		public void postProcessSocket(Socket socket) {
			super.postProcessSocket(socket);
			try {
				this.timers.setOn(socket);
			}
			catch (IOException ex) {
				// the server reset the connection already: the first read or write says
				// so
				logger.debug("Could not set the keepalive timers on a connection of TCP client '" + this.settings.name()
						+ "': " + ex);
			}
			ClientSettings.Tls tls = this.settings.tls();
			if (tls != null && socket instanceof SSLSocket ssl) {
				if (tls.enabledProtocols() != null) {
					ssl.setEnabledProtocols(tls.enabledProtocols());
				}
				if (tls.ciphers() != null) {
					ssl.setEnabledCipherSuites(tls.ciphers());
				}
				String serverName = serverName(tls, this.settings.host());
				if (serverName != null) {
					SSLParameters parameters = ssl.getSSLParameters();
					parameters.setServerNames(List.of(new SNIHostName(serverName)));
					ssl.setSSLParameters(parameters);
				}
			}
		}

		/**
		 * Return the name to send with SNI: {@code ssl.server-name}, else the host unless
		 * it is an IP address. The JDK sends a host name of its own only when it contains
		 * a dot; this sends {@code localhost} and other short names too.
		 */
		private static @Nullable String serverName(ClientSettings.Tls tls, String host) {
			if (tls.serverName() != null) {
				return tls.serverName();
			}
			return isHostName(host) ? host : null;
		}

		private static boolean isHostName(String host) {
			if (!StringUtils.hasText(host) || host.indexOf(':') >= 0 || host.endsWith(".")) {
				return false;
			}
			// an IPv4 literal is all digits and dots
			return !host.chars().allMatch((c) -> Character.isDigit(c) || c == '.');
		}

	}

}
