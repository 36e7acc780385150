package dev.tcpstarter.integration;

import java.io.IOException;
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

import org.springframework.integration.ip.tcp.connection.AbstractConnectionFactory;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * The one application of {@link TcpSocketOptions}, for listeners and clients alike.
 * {@code SO_KEEPALIVE}, {@code TCP_NODELAY} and the buffer sizes go through the Spring
 * Integration factory's own settings ({@link #applyStandard}), which it applies to every
 * socket it accepts or connects. The keepalive timers ({@link ExtendedSocketOptions}),
 * which Spring Integration does not know, are worked out once, when the listener or
 * client is created: a timer the platform does not support is left out with one WARN, a
 * value the operating system refuses fails the creation. The factory's
 * {@code TcpSocketSupport} then {@link #setOn sets} them on each socket.
 */
final class KeepAliveTimers {

	private static final Log logger = LogFactory.getLog(KeepAliveTimers.class);

	// the property key of each keepalive timer, for messages
	private static final Map<SocketOption<Integer>, String> TIMER_KEYS = Map.of(ExtendedSocketOptions.TCP_KEEPIDLE,
			"keep-alive-idle", ExtendedSocketOptions.TCP_KEEPINTERVAL, "keep-alive-interval",
			ExtendedSocketOptions.TCP_KEEPCOUNT, "keep-alive-count");

	private final Map<SocketOption<Integer>, Integer> timers;

	private KeepAliveTimers(Map<SocketOption<Integer>, Integer> timers) {
		this.timers = timers;
	}

	/**
	 * Work out the keepalive timers to set on each socket.
	 * @param options the options
	 * @param supported the socket options the platform supports
	 * @param owner what the options belong to, for messages, e.g.
	 * {@code TCP listener 'echo'}
	 * @param propertyPrefix the prefix of the properties, for messages, e.g.
	 * {@code tcp.listeners.echo.socket.}
	 * @return the timers
	 * @throws TcpConfigurationException if the operating system refuses a timer's value
	 */
	static KeepAliveTimers of(TcpSocketOptions options, Set<SocketOption<?>> supported, String owner,
			String propertyPrefix) {
		Map<SocketOption<Integer>, @Nullable Integer> configured = new LinkedHashMap<>();
		configured.put(ExtendedSocketOptions.TCP_KEEPIDLE, seconds(options.keepAliveIdle()));
		configured.put(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(options.keepAliveInterval()));
		configured.put(ExtendedSocketOptions.TCP_KEEPCOUNT, options.keepAliveCount());
		Map<SocketOption<Integer>, Integer> timers = new LinkedHashMap<>();
		List<String> unsupported = new ArrayList<>();
		configured.forEach((timer, value) -> {
			if (value != null && supported.contains(timer)) {
				timers.put(timer, value);
			}
			else if (value != null) {
				unsupported.add("socket." + TIMER_KEYS.get(timer) + " (" + timer.name() + ")");
			}
		});
		if (!unsupported.isEmpty()) {
			logger.warn(owner + " cannot set " + String.join(", ", unsupported) + " on " + System.getProperty("os.name")
					+ " " + System.getProperty("java.version")
					+ ": its connections use the operating system's keepalive timers instead");
		}
		checkTheOperatingSystemAccepts(timers, propertyPrefix);
		return new KeepAliveTimers(timers);
	}

	/**
	 * Hand the standard options to a Spring Integration factory, which sets them on every
	 * socket it accepts or connects.
	 * @param options the options
	 * @param factory a server or client connection factory
	 */
	static void applyStandard(TcpSocketOptions options, AbstractConnectionFactory factory) {
		factory.setSoKeepAlive(options.keepAlive());
		factory.setSoTcpNoDelay(options.noDelay());
		if (options.receiveBufferSize() != null) {
			factory.setSoReceiveBufferSize(options.receiveBufferSize());
		}
		if (options.sendBufferSize() != null) {
			factory.setSoSendBufferSize(options.sendBufferSize());
		}
	}

	/**
	 * Set the timers on a socket.
	 * @param socket an accepted or connected socket (a TLS socket passes them to the
	 * socket under it)
	 * @throws IOException if the socket refuses one, typically because the peer already
	 * reset the connection
	 */
	void setOn(Socket socket) throws IOException {
		for (Map.Entry<SocketOption<Integer>, Integer> timer : this.timers.entrySet()) {
			socket.setOption(timer.getKey(), timer.getValue());
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

	/**
	 * Set the keepalive timers on a socket that is never connected, so that a value the
	 * operating system refuses (Linux allows idle and interval up to 32767 seconds and up
	 * to 127 probes) fails the startup instead of every connection.
	 */
	private static void checkTheOperatingSystemAccepts(Map<SocketOption<Integer>, Integer> timers,
			String propertyPrefix) {
		if (timers.isEmpty()) {
			return;
		}
		try (Socket probe = new Socket()) {
			probe.setKeepAlive(true);
			for (Map.Entry<SocketOption<Integer>, Integer> timer : timers.entrySet()) {
				try {
					probe.setOption(timer.getKey(), timer.getValue());
				}
				catch (IOException | RuntimeException ex) {
					throw new TcpConfigurationException(
							propertyPrefix + TIMER_KEYS.get(timer.getKey()) + " is " + timer.getValue()
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

	private static @Nullable Integer seconds(@Nullable Duration duration) {
		return (duration != null) ? (int) duration.getSeconds() : null;
	}

}
