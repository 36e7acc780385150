package dev.tcpstarter.autoconfigure;

import java.net.Socket;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;

import org.jspecify.annotations.Nullable;

/**
 * Which of a listener's SSL bundles serves a TLS handshake: the one of the server name
 * the client asked for (SNI), or route 0, the listener's default bundle, for a client
 * that sends no name or one that is not listed. A name matches without regard to case,
 * exactly or through a {@code *.example.com} entry, which stands for one label in front
 * of {@code example.com} (as in certificates).
 */
final class ServerNameRoutes {

	/**
	 * The route of the default bundle.
	 */
	static final int DEFAULT_ROUTE = 0;

	private final Map<String, Integer> routes;

	/**
	 * Create routes.
	 * @param routes route index by {@link #normalize(String) normalized} server name or
	 * {@code *.}-prefixed domain
	 */
	ServerNameRoutes(Map<String, Integer> routes) {
		this.routes = Map.copyOf(routes);
	}

	/**
	 * Return the route of the handshake in progress on a server socket.
	 * @param socket the socket, normally an {@link SSLSocket}
	 * @return the route index
	 */
	int route(@Nullable Socket socket) {
		return (socket instanceof SSLSocket tls) ? route(tls.getHandshakeSession()) : DEFAULT_ROUTE;
	}

	/**
	 * Return the route of the handshake in progress on an engine.
	 * @param engine the engine
	 * @return the route index
	 */
	int route(@Nullable SSLEngine engine) {
		return (engine != null) ? route(engine.getHandshakeSession()) : DEFAULT_ROUTE;
	}

	private int route(@Nullable SSLSession handshake) {
		if (this.routes.isEmpty() || handshake == null) {
			return DEFAULT_ROUTE;
		}
		String name = requestedHostName(handshake);
		if (name == null) {
			return DEFAULT_ROUTE;
		}
		name = name.toLowerCase(Locale.ROOT);
		Integer route = this.routes.get(name);
		int dot = name.indexOf('.');
		if (route == null && dot > 0) {
			route = this.routes.get("*" + name.substring(dot));
		}
		return (route != null) ? route : DEFAULT_ROUTE;
	}

	/**
	 * Return the host name a client asked for in its handshake.
	 * @param session the (handshake) session
	 * @return the ASCII host name, or {@code null} if the client sent none
	 */
	static @Nullable String requestedHostName(SSLSession session) {
		if (session instanceof ExtendedSSLSession extended) {
			for (SNIServerName name : extended.getRequestedServerNames()) {
				if (name.getType() == StandardConstants.SNI_HOST_NAME) {
					return (name instanceof SNIHostName host) ? host.getAsciiName()
							: new SNIHostName(name.getEncoded()).getAsciiName();
				}
			}
		}
		return null;
	}

	/**
	 * Return the form a configured server name is matched in: lower-case ASCII (an
	 * internationalized name in its {@code xn--} form), a leading {@code *.} kept.
	 * @param serverName the configured name
	 * @return the normalized name
	 * @throws IllegalArgumentException if it is not a host name
	 */
	static String normalize(String serverName) {
		String name = serverName.trim();
		boolean wildcard = name.startsWith("*.");
		String host = new SNIHostName(wildcard ? name.substring(2) : name).getAsciiName().toLowerCase(Locale.ROOT);
		return wildcard ? "*." + host : host;
	}

}
