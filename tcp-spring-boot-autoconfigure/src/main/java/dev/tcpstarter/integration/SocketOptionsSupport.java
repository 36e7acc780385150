package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Set;

import jdk.net.ExtendedSocketOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * Applies a listener's {@link TcpSocketOptions} to the sockets it accepts, before any
 * PROXY header or TLS handshake is read from them. {@code SO_KEEPALIVE},
 * {@code TCP_NODELAY} and the buffer sizes go through the factory's own settings, which
 * Spring Integration applies to every accepted socket just before it calls
 * {@link #postProcessSocket(Socket)}, where the keepalive timers
 * ({@link ExtendedSocketOptions}) are set. The receive buffer is also set on the server
 * socket, so that the window scale of new connections fits it.
 * <p>
 * At startup it works out the keepalive timers ({@link KeepAliveTimers}, shared with
 * clients): an unsupported one is left out with one WARN, a value the operating system
 * refuses fails the startup. It keeps the options read back from the first accepted
 * socket, for the actuator. A {@code TcpConnectionFactoryCustomizer} that sets its own
 * {@code TcpSocketSupport} replaces this one: the keepalive timers are then its business.
 */
final class SocketOptionsSupport extends DefaultTcpSocketSupport {

	private static final Log logger = LogFactory.getLog(SocketOptionsSupport.class);

	private final String listenerName;

	private final TcpSocketOptions options;

	private final Set<SocketOption<?>> supported;

	// the keepalive timers set on each accepted socket: those configured that the
	// platform supports
	private final KeepAliveTimers timers;

	private volatile @Nullable TcpSocketOptions accepted;

	/**
	 * Create the support of a listener.
	 * @param listenerName the listener, for messages
	 * @param options the options to apply
	 * @param supported the socket options the platform supports
	 * @throws TcpConfigurationException if the operating system refuses a keepalive
	 * timer's value
	 */
	SocketOptionsSupport(String listenerName, TcpSocketOptions options, Set<SocketOption<?>> supported) {
		super(false);
		this.listenerName = listenerName;
		this.options = options;
		this.supported = supported;
		this.timers = KeepAliveTimers.of(options, supported, "TCP listener '" + listenerName + "'",
				"tcp.listeners." + listenerName + ".socket.");
	}

	/**
	 * Apply the listener's socket options to every socket its factory accepts.
	 * @param definition the listener
	 * @param factory its factory, before the user's customizers run
	 * @return the support, installed as the factory's {@code TcpSocketSupport}
	 */
	static SocketOptionsSupport install(TcpListenerDefinition definition, AbstractServerConnectionFactory factory) {
		TcpSocketOptions options = definition.socketOptions();
		KeepAliveTimers.applyStandard(options, factory);
		SocketOptionsSupport support = new SocketOptionsSupport(definition.name(), options,
				KeepAliveTimers.platformOptions());
		factory.setTcpSocketSupport(support);
		return support;
	}

	/**
	 * Return the options read back from the first accepted socket.
	 * @return the options, or {@code null} before the first connection
	 */
	@Nullable TcpSocketOptions accepted() {
		return this.accepted;
	}

	@Override
	public void postProcessServerSocket(ServerSocket serverSocket) {
		super.postProcessServerSocket(serverSocket);
		Integer receiveBufferSize = this.options.receiveBufferSize();
		if (receiveBufferSize != null) {
			try {
				serverSocket.setReceiveBufferSize(receiveBufferSize);
			}
			catch (IOException ex) {
				logger.debug("TCP listener '" + this.listenerName + "' could not set the receive buffer size of its "
						+ "server socket: " + ex);
			}
		}
	}

	@Override
	public void postProcessSocket(Socket socket) {
		super.postProcessSocket(socket);
		try {
			this.timers.setOn(socket);
			if (this.accepted == null) {
				this.accepted = readBack(socket);
			}
		}
		catch (IOException | RuntimeException ex) {
			// a peer that reset the connection already; the read that follows ends it
			logger.debug(
					"TCP listener '" + this.listenerName + "' could not set the socket options of a connection: " + ex);
		}
	}

	private TcpSocketOptions readBack(Socket socket) throws IOException {
		return new TcpSocketOptions(socket.getKeepAlive(), duration(timer(socket, ExtendedSocketOptions.TCP_KEEPIDLE)),
				duration(timer(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL)),
				timer(socket, ExtendedSocketOptions.TCP_KEEPCOUNT), socket.getTcpNoDelay(),
				positive(socket.getReceiveBufferSize()), positive(socket.getSendBufferSize()));
	}

	private @Nullable Integer timer(Socket socket, SocketOption<Integer> timer) throws IOException {
		return this.supported.contains(timer) ? positive(socket.getOption(timer)) : null;
	}

	private static @Nullable Duration duration(@Nullable Integer seconds) {
		return (seconds != null) ? Duration.ofSeconds(seconds) : null;
	}

	private static @Nullable Integer positive(@Nullable Integer value) {
		return (value != null && value > 0) ? value : null;
	}

}
