package dev.tcpstarter.autoconfigure;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import org.jspecify.annotations.Nullable;

/**
 * The key manager of a TLS listener: chooses the certificate of the SSL bundle that
 * serves the server name the client asked for ({@link ServerNameRoutes}) and delegates to
 * that bundle's key manager. The JDK's default key manager ({@code SunX509}, which Spring
 * Boot's bundles use) ignores SNI, and Spring Boot's {@code key.alias} is only honoured
 * on {@code SSLEngine}s; here a bundle's alias is honoured on sockets too.
 * <p>
 * Aliases handed to the JDK carry the route: {@code <route>|<alias>}.
 */
final class ServerNameKeyManager extends X509ExtendedKeyManager {

	private static final char SEPARATOR = '|';

	private final ServerNameRoutes routes;

	private final List<Keys> keys;

	/**
	 * Create a key manager.
	 * @param routes which route serves a handshake
	 * @param keys the keys of each route, the default route first
	 */
	ServerNameKeyManager(ServerNameRoutes routes, List<Keys> keys) {
		this.routes = routes;
		this.keys = List.copyOf(keys);
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		return choose(this.routes.route(socket), (manager) -> manager.chooseServerAlias(keyType, issuers, socket));
	}

	@Override
	public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		return choose(this.routes.route(engine),
				(manager) -> (manager instanceof X509ExtendedKeyManager extended)
						? extended.chooseEngineServerAlias(keyType, issuers, engine)
						: manager.chooseServerAlias(keyType, issuers, null));
	}

	private @Nullable String choose(int route, Function<X509KeyManager, @Nullable String> chooser) {
		Keys routed = this.keys.get(route);
		String alias = (routed.alias() != null) ? routed.alias() : chooser.apply(routed.manager());
		return (alias != null) ? route + String.valueOf(SEPARATOR) + alias : null;
	}

	@Override
	public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
		List<String> aliases = new ArrayList<>();
		for (int route = 0; route < this.keys.size(); route++) {
			String[] routeAliases = this.keys.get(route).manager().getServerAliases(keyType, issuers);
			if (routeAliases != null) {
				for (String alias : routeAliases) {
					aliases.add(route + String.valueOf(SEPARATOR) + alias);
				}
			}
		}
		return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(@Nullable String alias) {
		Keys routed = routed(alias);
		return (routed != null) ? routed.manager().getCertificateChain(unrouted(alias)) : null;
	}

	@Override
	public @Nullable PrivateKey getPrivateKey(@Nullable String alias) {
		Keys routed = routed(alias);
		return (routed != null) ? routed.manager().getPrivateKey(unrouted(alias)) : null;
	}

	private @Nullable Keys routed(@Nullable String alias) {
		int separator = (alias != null) ? alias.indexOf(SEPARATOR) : -1;
		if (alias == null || separator <= 0) {
			return null;
		}
		try {
			int route = Integer.parseInt(alias.substring(0, separator));
			return (route >= 0 && route < this.keys.size()) ? this.keys.get(route) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String unrouted(@Nullable String alias) {
		return (alias != null) ? alias.substring(alias.indexOf(SEPARATOR) + 1) : "";
	}

	// a listener only serves: it never presents a client certificate

	@Override
	public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
		return null;
	}

	@Override
	public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers,
			@Nullable Socket socket) {
		return null;
	}

	@Override
	public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		return null;
	}

	/**
	 * The keys of one route.
	 *
	 * @param manager the key manager of the route's bundle
	 * @param alias the bundle's key alias, or {@code null} to let its key manager choose
	 */
	record Keys(X509KeyManager manager, @Nullable String alias) {
	}

}
