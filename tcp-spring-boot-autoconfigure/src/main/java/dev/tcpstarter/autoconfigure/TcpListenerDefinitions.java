package dev.tcpstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tcpstarter.framing.Framings;
import dev.tcpstarter.handler.TcpServiceDefinitionException;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerSsl;
import dev.tcpstarter.listener.TcpProxyProtocol;
import dev.tcpstarter.listener.TcpTransport;

/**
 * Checks the bound {@code tcp.listeners.*} properties and turns them into listener
 * definitions.
 *
 * @author tcp-spring-boot-starter
 */
final class TcpListenerDefinitions {

	private TcpListenerDefinitions() {
	}

	static Map<String, TcpListenerDefinition> from(TcpProperties properties, TcpListenerSslResolver ssl) {
		Map<String, TcpListenerDefinition> definitions = new LinkedHashMap<>();
		properties.getListeners().forEach((name, listener) -> definitions.put(name, from(name, listener, ssl)));
		return definitions;
	}

	private static TcpListenerDefinition from(String name, TcpProperties.Listener listener,
			TcpListenerSslResolver ssl) {
		String prefix = "tcp.listeners." + name + ".";
		Integer port = listener.getPort();
		if (port == null) {
			throw new TcpServiceDefinitionException(prefix + "port is not set.",
					"Set " + prefix + "port to the port to listen on (0 for any free port).");
		}
		check(port >= 0 && port <= 65535, prefix + "port", port, "a port from 0 to 65535");
		check(listener.getLengthPrefixSize() == 1 || listener.getLengthPrefixSize() == 2
				|| listener.getLengthPrefixSize() == 4, prefix + "length-prefix-size", listener.getLengthPrefixSize(),
				"1, 2 or 4");
		long maxFrameSize = listener.getMaxFrameSize().toBytes();
		check(maxFrameSize > 0 && maxFrameSize <= Integer.MAX_VALUE - 8, prefix + "max-frame-size",
				listener.getMaxFrameSize(), "a size from 1B to 2GB");
		check(listener.getMaxConnections() > 0, prefix + "max-connections", listener.getMaxConnections(),
				"a positive number");
		check(listener.getBacklog() > 0, prefix + "backlog", listener.getBacklog(), "a positive number");
		check(listener.getWriteTimeout().toMillis() > 0, prefix + "write-timeout", listener.getWriteTimeout(),
				"a positive duration");
		check(!listener.getShutdownTimeout().isNegative(), prefix + "shutdown-timeout", listener.getShutdownTimeout(),
				"zero or a positive duration");
		if (listener.getIdleTimeout() != null) {
			check(listener.getIdleTimeout().toMillis() > 0, prefix + "idle-timeout", listener.getIdleTimeout(),
					"a positive duration, or no value for none");
		}
		String framing = listener.getFraming().trim();
		TcpListenerSsl tls = ssl.resolve(name, listener.getSsl());
		if (tls != null && listener.getTransport() == TcpTransport.NIO) {
			throw new TcpServiceDefinitionException(prefix + "transport is nio, and TLS is enabled for the listener.",
					"TLS listeners run on transport net (the default): remove " + prefix + "transport.");
		}
		if (listener.getProxyProtocol() != TcpProxyProtocol.OFF && listener.getTransport() == TcpTransport.NIO) {
			throw new TcpServiceDefinitionException(
					prefix + "transport is nio, and proxy-protocol is "
							+ listener.getProxyProtocol().name().toLowerCase() + ".",
					"Listeners behind a PROXY protocol balancer run on transport net (the default): remove " + prefix
							+ "transport.");
		}
		check(listener.getProxyProtocolTimeout().toMillis() > 0, prefix + "proxy-protocol-timeout",
				listener.getProxyProtocolTimeout(), "a positive duration");
		return new TcpListenerDefinition(name, port, listener.getHost(), framing, listener.getLengthPrefixSize(),
				(int) maxFrameSize, listener.getCharset(), listener.getIdleTimeout(), listener.getMaxConnections(),
				listener.getBacklog(), listener.getTransport(), listener.getWriteTimeout(),
				listener.getShutdownTimeout(), tls, listener.getProxyProtocol(), listener.getProxyProtocolTimeout());
	}

	private static void check(boolean valid, String property, Object value, String allowed) {
		if (!valid) {
			throw new TcpServiceDefinitionException(property + " is " + value + ".", "Set it to " + allowed + ".");
		}
	}

	/**
	 * Return the names of the built-in framings, for messages.
	 */
	static String builtInFramings() {
		return String.join(", ", Framings.NAMES);
	}

}
