package dev.tcpstarter.autoconfigure;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslManagerBundle;

/**
 * The SSL context of a TLS listener. With server names, or a key alias (which the JDK's
 * key manager ignores on sockets), it is built over the managers of each route's material
 * (the default bundle or shortcut first, then the bundle of each server name) with the
 * {@link ServerNameKeyManager} and {@link ServerNameTrustManager}; otherwise it is the
 * context the one bundle creates. When a bundle is updated, a new context is built from
 * the material of every route, and new connections use it.
 */
final class ListenerSslContext implements Supplier<SSLContext> {

	private final ServerNameRoutes routes;

	private final @Nullable Duration sessionTimeout;

	// guarded by this: the material each context was built from
	private final List<TlsMaterial> materials;

	private volatile SSLContext current;

	/**
	 * Build the context of a listener.
	 * @param routes which route serves a handshake
	 * @param materials the material of each route, the default route first
	 * @param sessionTimeout the TLS session cache timeout, or {@code null} for the JDK's
	 * @throws dev.tcpstarter.TcpConfigurationException if no context can be built
	 */
	ListenerSslContext(ServerNameRoutes routes, List<TlsMaterial> materials, @Nullable Duration sessionTimeout) {
		this.routes = routes;
		this.sessionTimeout = sessionTimeout;
		this.materials = new ArrayList<>(materials);
		this.current = build(this.materials);
	}

	@Override
	public SSLContext get() {
		return this.current;
	}

	/**
	 * Use new material for one route and build a new context for new connections.
	 * @param route the route
	 * @param material its new material, already checked
	 * @throws dev.tcpstarter.TcpConfigurationException if no context can be built; the
	 * previous one stays in use
	 */
	synchronized void update(int route, TlsMaterial material) {
		List<TlsMaterial> updated = new ArrayList<>(this.materials);
		updated.set(route, material);
		this.current = build(updated);
		this.materials.set(route, material);
	}

	private SSLContext build(List<TlsMaterial> materials) {
		TlsMaterial defaultMaterial = materials.get(ServerNameRoutes.DEFAULT_ROUTE);
		SSLContext context = (materials.size() == 1 && defaultMaterial.bundle().getKey().getAlias() == null)
				? create(defaultMaterial) : routed(materials);
		if (this.sessionTimeout != null) {
			context.getServerSessionContext().setSessionTimeout((int) this.sessionTimeout.toSeconds());
		}
		return context;
	}

	private static SSLContext create(TlsMaterial material) {
		try {
			return material.bundle().createSslContext();
		}
		catch (RuntimeException ex) {
			throw unusable(material, ex);
		}
	}

	private SSLContext routed(List<TlsMaterial> materials) {
		List<ServerNameKeyManager.Keys> keys = new ArrayList<>();
		List<X509TrustManager> trust = new ArrayList<>();
		for (TlsMaterial material : materials) {
			try {
				SslManagerBundle managers = material.bundle().getManagers();
				keys.add(new ServerNameKeyManager.Keys(first(managers.getKeyManagers(), X509KeyManager.class),
						material.bundle().getKey().getAlias()));
				trust.add(first(managers.getTrustManagers(), X509TrustManager.class));
			}
			catch (RuntimeException ex) {
				throw unusable(material, ex);
			}
		}
		TlsMaterial defaultMaterial = materials.get(ServerNameRoutes.DEFAULT_ROUTE);
		try {
			SSLContext context = SSLContext.getInstance(defaultMaterial.bundle().getProtocol());
			context.init(new KeyManager[] { new ServerNameKeyManager(this.routes, keys) },
					new TrustManager[] { new ServerNameTrustManager(this.routes, trust) }, null);
			return context;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw unusable(defaultMaterial, ex);
		}
	}

	private static <T> T first(Object[] managers, Class<T> type) {
		for (Object manager : managers) {
			if (type.isInstance(manager)) {
				return type.cast(manager);
			}
		}
		throw new IllegalStateException("no " + type.getSimpleName() + " among " + managers.length + " managers");
	}

	private static RuntimeException unusable(TlsMaterial material, Exception ex) {
		return TlsShortcuts.unreadable(material.description(), "no SSL context can be built from it", ex,
				"Check that the key password matches and the key fits the certificate.");
	}

}
