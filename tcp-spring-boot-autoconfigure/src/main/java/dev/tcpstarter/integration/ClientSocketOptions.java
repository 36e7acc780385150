package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jdk.net.ExtendedSocketOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;

import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * Applies the {@link TcpSocketOptions} of a client to its connections: the standard
 * options are handed to Spring Integration, which sets them on each socket after
 * connecting; the keepalive timers ({@link ExtendedSocketOptions}) are set afterwards by
 * {@link #applyExtended}. A timer the platform does not support is reported by
 * {@link #warnIfUnsupported} once, when the client is built, and skipped.
 */
final class ClientSocketOptions {

	private static final Log logger = LogFactory.getLog(TcpClient.class);

	private ClientSocketOptions() {
	}

	/**
	 * Hand the standard options to a Spring Integration factory.
	 * @param options the options
	 * @param factory the factory of the client's connections
	 */
	static void applyTo(TcpSocketOptions options, AbstractClientConnectionFactory factory) {
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
	 * Set the keepalive timers on a connected socket, where supported.
	 * @param options the options
	 * @param socket the socket (a TLS socket passes them to the socket under it)
	 */
	static void applyExtended(TcpSocketOptions options, Socket socket) {
		if (!options.keepAlive()) {
			return;
		}
		Set<SocketOption<?>> supported = socket.supportedOptions();
		set(socket, supported, ExtendedSocketOptions.TCP_KEEPIDLE, seconds(options.keepAliveIdle()));
		set(socket, supported, ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(options.keepAliveInterval()));
		Integer count = options.keepAliveCount();
		set(socket, supported, ExtendedSocketOptions.TCP_KEEPCOUNT, (count != null) ? count : 0);
	}

	private static void set(Socket socket, Set<SocketOption<?>> supported, SocketOption<Integer> option, int value) {
		if (value <= 0 || !supported.contains(option)) {
			return;
		}
		try {
			socket.setOption(option, value);
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.debug("Could not set " + option.name() + " on a TCP client socket: " + ex);
		}
	}

	private static int seconds(@Nullable Duration duration) {
		return (duration != null) ? (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toSeconds())) : 0;
	}

	/**
	 * Log one WARN naming the keepalive timers that are set but that this platform does
	 * not support.
	 * @param options the options
	 * @param client the client name, for the message
	 */
	static void warnIfUnsupported(TcpSocketOptions options, String client) {
		if (!options.keepAlive()) {
			return;
		}
		Set<SocketOption<?>> supported;
		try (Socket probe = new Socket()) {
			supported = probe.supportedOptions();
		}
		catch (IOException ex) {
			return;
		}
		List<String> unsupported = new ArrayList<>();
		if (options.keepAliveIdle() != null && !supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
			unsupported.add("keep-alive-idle");
		}
		if (options.keepAliveInterval() != null && !supported.contains(ExtendedSocketOptions.TCP_KEEPINTERVAL)) {
			unsupported.add("keep-alive-interval");
		}
		if (options.keepAliveCount() != null && !supported.contains(ExtendedSocketOptions.TCP_KEEPCOUNT)) {
			unsupported.add("keep-alive-count");
		}
		if (!unsupported.isEmpty()) {
			logger.warn("TCP client '" + client + "': this platform does not support the socket options " + unsupported
					+ "; keepalive probes use the operating system's settings for them");
		}
	}

}
