package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * At startup it checks which keepalive timers the platform supports: an unsupported one
 * is left out with one WARN, a value the operating system refuses fails the startup. It
 * keeps the options read back from the first accepted socket, for the actuator. A
 * {@code TcpConnectionFactoryCustomizer} that sets its own {@code TcpSocketSupport}
 * replaces this one: the keepalive timers are then its business.
 */
final class SocketOptionsSupport extends DefaultTcpSocketSupport {

	private static final Log logger = LogFactory.getLog(SocketOptionsSupport.class);

	// the property key of each keepalive timer, for messages
	private static final Map<SocketOption<Integer>, String> TIMER_KEYS = Map.of(ExtendedSocketOptions.TCP_KEEPIDLE,
			"keep-alive-idle", ExtendedSocketOptions.TCP_KEEPINTERVAL, "keep-alive-interval",
			ExtendedSocketOptions.TCP_KEEPCOUNT, "keep-alive-count");

	private final String listenerName;

	private final TcpSocketOptions options;

	private final Set<SocketOption<?>> supported;

	// the keepalive timers set on each accepted socket: those configured that the
	// platform supports
	private final Map<SocketOption<Integer>, Integer> timers = new LinkedHashMap<>();

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
		Map<SocketOption<Integer>, @Nullable Integer> configured = new LinkedHashMap<>();
		configured.put(ExtendedSocketOptions.TCP_KEEPIDLE, seconds(options.keepAliveIdle()));
		configured.put(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(options.keepAliveInterval()));
		configured.put(ExtendedSocketOptions.TCP_KEEPCOUNT, options.keepAliveCount());
		List<String> unsupported = new ArrayList<>();
		configured.forEach((timer, value) -> {
			if (value != null && supported.contains(timer)) {
				this.timers.put(timer, value);
			}
			else if (value != null) {
				unsupported.add("socket." + TIMER_KEYS.get(timer) + " (" + timer.name() + ")");
			}
		});
		if (!unsupported.isEmpty()) {
			logger.warn("TCP listener '" + listenerName + "' cannot set " + String.join(", ", unsupported) + " on "
					+ System.getProperty("os.name") + " " + System.getProperty("java.version")
					+ ": its connections use the operating system's keepalive timers instead");
		}
		checkTheOperatingSystemAccepts();
	}

	/**
	 * Apply the listener's socket options to every socket its factory accepts.
	 * @param definition the listener
	 * @param factory its factory, before the user's customizers run
	 * @return the support, installed as the factory's {@code TcpSocketSupport}
	 */
	static SocketOptionsSupport install(TcpListenerDefinition definition, AbstractServerConnectionFactory factory) {
		TcpSocketOptions options = definition.socketOptions();
		factory.setSoKeepAlive(options.keepAlive());
		factory.setSoTcpNoDelay(options.noDelay());
		if (options.receiveBufferSize() != null) {
			factory.setSoReceiveBufferSize(options.receiveBufferSize());
		}
		if (options.sendBufferSize() != null) {
			factory.setSoSendBufferSize(options.sendBufferSize());
		}
		SocketOptionsSupport support = new SocketOptionsSupport(definition.name(), options, platformOptions());
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
			for (Map.Entry<SocketOption<Integer>, Integer> timer : this.timers.entrySet()) {
				socket.setOption(timer.getKey(), timer.getValue());
			}
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

	/**
	 * Set the keepalive timers on a socket that is never connected, so that a value the
	 * operating system refuses (Linux allows idle and interval up to 32767 seconds and up
	 * to 127 probes) fails the startup instead of every connection.
	 */
	private void checkTheOperatingSystemAccepts() {
		if (this.timers.isEmpty()) {
			return;
		}
		try (Socket probe = new Socket()) {
			probe.setKeepAlive(true);
			for (Map.Entry<SocketOption<Integer>, Integer> timer : this.timers.entrySet()) {
				try {
					probe.setOption(timer.getKey(), timer.getValue());
				}
				catch (IOException | RuntimeException ex) {
					String property = "tcp.listeners." + this.listenerName + ".socket."
							+ TIMER_KEYS.get(timer.getKey());
					throw new TcpConfigurationException(
							property + " is " + timer.getValue()
									+ ((timer.getKey() != ExtendedSocketOptions.TCP_KEEPCOUNT) ? "s" : "")
									+ ", which the operating system refuses for " + timer.getKey().name() + " ("
									+ ex.getMessage() + ").",
							"Set it to a value " + System.getProperty("os.name") + " accepts (Linux: "
									+ "keep-alive-idle and keep-alive-interval up to 32767s, keep-alive-count up to 127).");
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not close the socket that checked the keepalive timers: " + ex);
		}
	}

	/**
	 * Return the socket options this platform supports.
	 * @return the options of a plain TCP socket
	 */
	static Set<SocketOption<?>> platformOptions() {
		try (Socket probe = new Socket()) {
			return probe.supportedOptions();
		}
		catch (IOException ex) {
			return Set.of();
		}
	}

	private static @Nullable Integer seconds(@Nullable Duration duration) {
		return (duration != null) ? (int) duration.getSeconds() : null;
	}

	private static @Nullable Duration duration(@Nullable Integer seconds) {
		return (seconds != null) ? Duration.ofSeconds(seconds) : null;
	}

	private static @Nullable Integer positive(@Nullable Integer value) {
		return (value != null && value > 0) ? value : null;
	}

}
