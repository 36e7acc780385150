package dev.tcpstarter.client;

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

/**
 * The socket options of a client's connections: TCP keepalive (with the probe idle time,
 * interval and count where the operating system supports them through
 * {@link ExtendedSocketOptions}), {@code TCP_NODELAY} and the buffer sizes.
 * <p>
 * The standard options are handed to Spring Integration, which sets them on each socket
 * after connecting; the extended ones are set afterwards by
 * {@link #applyExtended(Socket)}. An option the platform does not support is reported by
 * {@link #warnIfUnsupported(String)} once, when the client is built, and skipped.
 *
 * @param keepAlive whether to send TCP keepalive probes
 * @param keepAliveIdle idle time before the first probe, or {@code null} for the OS's
 * @param keepAliveInterval time between probes, or {@code null} for the OS's
 * @param keepAliveCount unanswered probes before the connection is dropped, or 0 for the
 * OS's
 * @param noDelay whether to send small writes at once (Nagle's algorithm off)
 * @param receiveBufferSize {@code SO_RCVBUF} in bytes, or 0 for the OS's
 * @param sendBufferSize {@code SO_SNDBUF} in bytes, or 0 for the OS's
 */
record ClientSocketOptions(boolean keepAlive, @Nullable Duration keepAliveIdle, @Nullable Duration keepAliveInterval,
		int keepAliveCount, boolean noDelay, int receiveBufferSize, int sendBufferSize) {

	private static final Log logger = LogFactory.getLog(TcpClient.class);

	/**
	 * Keepalive off, no-delay on, the operating system's buffers.
	 */
	static final ClientSocketOptions DEFAULTS = new ClientSocketOptions(false, null, null, 0, true, 0, 0);

	ClientSocketOptions withKeepAlive(boolean keepAlive) {
		return new ClientSocketOptions(keepAlive, this.keepAliveIdle, this.keepAliveInterval, this.keepAliveCount,
				this.noDelay, this.receiveBufferSize, this.sendBufferSize);
	}

	ClientSocketOptions withKeepAliveIdle(Duration idle) {
		return new ClientSocketOptions(this.keepAlive, idle, this.keepAliveInterval, this.keepAliveCount, this.noDelay,
				this.receiveBufferSize, this.sendBufferSize);
	}

	ClientSocketOptions withKeepAliveInterval(Duration interval) {
		return new ClientSocketOptions(this.keepAlive, this.keepAliveIdle, interval, this.keepAliveCount, this.noDelay,
				this.receiveBufferSize, this.sendBufferSize);
	}

	ClientSocketOptions withKeepAliveCount(int count) {
		return new ClientSocketOptions(this.keepAlive, this.keepAliveIdle, this.keepAliveInterval, count, this.noDelay,
				this.receiveBufferSize, this.sendBufferSize);
	}

	ClientSocketOptions withNoDelay(boolean noDelay) {
		return new ClientSocketOptions(this.keepAlive, this.keepAliveIdle, this.keepAliveInterval, this.keepAliveCount,
				noDelay, this.receiveBufferSize, this.sendBufferSize);
	}

	ClientSocketOptions withBufferSizes(int receive, int send) {
		return new ClientSocketOptions(this.keepAlive, this.keepAliveIdle, this.keepAliveInterval, this.keepAliveCount,
				this.noDelay, receive, send);
	}

	/**
	 * Hand the standard options to a Spring Integration factory.
	 * @param factory the factory of the client's connections
	 */
	void applyTo(AbstractClientConnectionFactory factory) {
		factory.setSoKeepAlive(this.keepAlive);
		factory.setSoTcpNoDelay(this.noDelay);
		if (this.receiveBufferSize > 0) {
			factory.setSoReceiveBufferSize(this.receiveBufferSize);
		}
		if (this.sendBufferSize > 0) {
			factory.setSoSendBufferSize(this.sendBufferSize);
		}
	}

	/**
	 * Set the keepalive idle time, interval and count on a connected socket, where
	 * supported.
	 * @param socket the socket (a TLS socket passes them to the socket under it)
	 */
	void applyExtended(Socket socket) {
		if (!this.keepAlive) {
			return;
		}
		Set<SocketOption<?>> supported = socket.supportedOptions();
		set(socket, supported, ExtendedSocketOptions.TCP_KEEPIDLE, seconds(this.keepAliveIdle));
		set(socket, supported, ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(this.keepAliveInterval));
		set(socket, supported, ExtendedSocketOptions.TCP_KEEPCOUNT, this.keepAliveCount);
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
	 * Log one WARN naming the options that are set but that this platform does not
	 * support.
	 * @param client the client name, for the message
	 */
	void warnIfUnsupported(String client) {
		if (!this.keepAlive) {
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
		if (this.keepAliveIdle != null && !supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
			unsupported.add("keep-alive-idle");
		}
		if (this.keepAliveInterval != null && !supported.contains(ExtendedSocketOptions.TCP_KEEPINTERVAL)) {
			unsupported.add("keep-alive-interval");
		}
		if (this.keepAliveCount > 0 && !supported.contains(ExtendedSocketOptions.TCP_KEEPCOUNT)) {
			unsupported.add("keep-alive-count");
		}
		if (!unsupported.isEmpty()) {
			logger.warn("TCP client '" + client + "': this platform does not support the socket options " + unsupported
					+ "; keepalive probes use the operating system's settings for them");
		}
	}

}
