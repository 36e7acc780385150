package dev.tcpstarter.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

import dev.tcpstarter.TcpConfigurationException;

/**
 * The routes of a TLS listener, read from {@code ssl.bundle} and
 * {@code ssl.server-name-bundles}: route 0 is the default bundle (or the shortcut
 * material), and each other bundle that serves a server name gets one route, however many
 * names it serves. Each entry is checked: both keys set, a host name, no name twice.
 */
final class ServerNameBundles {

	private final List<@Nullable String> bundles = new ArrayList<>();

	private final List<String> properties = new ArrayList<>();

	private final Map<String, Integer> routes = new LinkedHashMap<>();

	private ServerNameBundles(String prefix, @Nullable String defaultBundle) {
		this.bundles.add(defaultBundle);
		this.properties.add(prefix + "bundle");
	}

	/**
	 * Read the server-name bundles of a listener.
	 * @param prefix the listener's {@code ssl.} prefix, ending with a dot
	 * @param defaultBundle the name of the default bundle, or {@code null} for shortcut
	 * material
	 * @param entries the configured entries
	 * @return the routes
	 * @throws TcpConfigurationException for an entry that is not allowed, or entries
	 * without a default bundle
	 */
	static ServerNameBundles read(String prefix, @Nullable String defaultBundle,
			List<TcpProperties.ServerNameBundle> entries) {
		if (!entries.isEmpty() && !StringUtils.hasText(defaultBundle)) {
			throw new TcpConfigurationException(prefix + "server-name-bundles is set, but " + prefix + "bundle is not.",
					"Set " + prefix + "bundle to the SSL bundle that serves clients that send no server name or one "
							+ "not listed; the certificate and key-store shortcuts do not combine with "
							+ "server-name-bundles.");
		}
		ServerNameBundles bundles = new ServerNameBundles(prefix, defaultBundle);
		Map<String, Integer> bundleRoutes = new HashMap<>();
		if (defaultBundle != null) {
			bundleRoutes.put(defaultBundle, ServerNameRoutes.DEFAULT_ROUTE);
		}
		Map<String, String> firstProperty = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			String entry = prefix + "server-name-bundles[" + i + "].";
			String serverName = required(entry, "server-name", entries.get(i).getServerName(),
					"the host name clients ask for, e.g. api.example.com");
			String bundle = required(entry, "bundle", entries.get(i).getBundle(),
					"the name of the SSL bundle that serves " + serverName);
			String normalized = normalize(entry + "server-name", serverName);
			String previous = firstProperty.putIfAbsent(normalized, entry + "server-name");
			if (previous != null) {
				throw new TcpConfigurationException(
						entry + "server-name is '" + serverName + "', a server name that " + previous + " names too.",
						"List each server name once: a name is served by one SSL bundle.");
			}
			int route = bundleRoutes.computeIfAbsent(bundle, (name) -> bundles.add(name, entry + "bundle"));
			bundles.routes.put(normalized, route);
		}
		return bundles;
	}

	private int add(String bundle, String property) {
		this.bundles.add(bundle);
		this.properties.add(property);
		return this.bundles.size() - 1;
	}

	private static String required(String entry, String key, @Nullable String value, String what) {
		if (!StringUtils.hasText(value)) {
			throw new TcpConfigurationException(entry + key + " is not set.", "Set it to " + what + ".");
		}
		return value.trim();
	}

	private static String normalize(String property, String serverName) {
		try {
			return ServerNameRoutes.normalize(serverName);
		}
		catch (IllegalArgumentException ex) {
			throw new TcpConfigurationException(
					property + " is '" + serverName + "', which is not a host name (" + ex.getMessage() + ").",
					"Set it to a host name such as api.example.com, or *.example.com for any one label in front of "
							+ "example.com.");
		}
	}

	/**
	 * Return the number of routes, the default route included.
	 * @return the count
	 */
	int size() {
		return this.bundles.size();
	}

	/**
	 * Return the name of the bundle of a route.
	 * @param route the route
	 * @return the bundle name, or {@code null} for the shortcut material of route 0
	 */
	@Nullable String bundle(int route) {
		return this.bundles.get(route);
	}

	/**
	 * Return the property that names the bundle of a route, for messages.
	 * @param route the route
	 * @return the property
	 */
	String property(int route) {
		return this.properties.get(route);
	}

	/**
	 * Return the routes by requested server name.
	 * @return the routes
	 */
	ServerNameRoutes routes() {
		return new ServerNameRoutes(this.routes);
	}

}
