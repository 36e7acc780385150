package dev.tcpstarter.autoconfigure;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.listener.TcpListenerSsl;
import dev.tcpstarter.listener.TcpListenerSsl.ClientAuth;

/**
 * Turns {@code tcp.listeners.<name>.ssl.*} into the TLS settings of a listener: an SSL
 * bundle or the PEM and key store shortcuts, and the bundles of server names (SNI),
 * checked at startup so that a bad file, password, protocol, cipher or server name fails
 * with the property's name. A bundle with {@code reload-on-update} swaps the SSL context
 * of new connections when its files change; a reload that cannot be used keeps the
 * previous certificate and is logged.
 */
final class TcpListenerSslResolver {

	private static final Log logger = LogFactory.getLog(TcpListenerSslResolver.class);

	private final SslBundleLookup bundles;

	private final TlsShortcuts shortcuts;

	TcpListenerSslResolver(@Nullable SslBundles bundles, ResourceLoader resourceLoader) {
		this.bundles = new SslBundleLookup(bundles);
		this.shortcuts = new TlsShortcuts(resourceLoader);
	}

	@Nullable TcpListenerSsl resolve(String listener, TcpProperties.Ssl ssl) {
		String prefix = "tcp.listeners." + listener + ".ssl.";
		boolean configured = StringUtils.hasText(ssl.getBundle()) || StringUtils.hasText(ssl.getCertificate())
				|| StringUtils.hasText(ssl.getCertificatePrivateKey()) || StringUtils.hasText(ssl.getKeyStore())
				|| !ssl.getServerNameBundles().isEmpty();
		boolean enabled = (ssl.getEnabled() != null) ? ssl.getEnabled() : configured;
		if (!enabled) {
			return null;
		}
		if (!configured) {
			throw new TcpConfigurationException(prefix + "enabled is true, but no key material is configured.",
					"Set " + prefix + "bundle, or " + prefix + "certificate and " + prefix
							+ "certificate-private-key, or " + prefix + "key-store.");
		}
		checkOneSource(prefix, ssl);
		checkTimeouts(prefix, ssl);
		String bundleName = ssl.getBundle();
		ServerNameBundles routes = ServerNameBundles.read(prefix, bundleName, ssl.getServerNameBundles());
		TlsMaterial material = StringUtils.hasText(bundleName) ? bundle(prefix + "bundle", bundleName)
				: StringUtils.hasText(ssl.getKeyStore()) ? this.shortcuts.keyStoreShortcut(prefix, ssl)
						: this.shortcuts.pemShortcut(prefix, ssl);
		List<TlsMaterial> materials = new ArrayList<>(List.of(material));
		for (int route = 1; route < routes.size(); route++) {
			materials.add(bundle(routes.property(route), Objects.requireNonNull(routes.bundle(route))));
		}
		for (TlsMaterial routed : materials) {
			checkKeyAndTrust(prefix, routed, ssl.getClientAuth());
		}
		ListenerSslContext context = new ListenerSslContext(routes.routes(), materials, ssl.getSessionTimeout());
		SSLContext initial = context.get();
		SslOptions options = material.bundle().getOptions();
		String[] protocols = checked(prefix + "enabled-protocols", ssl.getEnabledProtocols(),
				material.optionsProperty("enabled-protocols"), options.getEnabledProtocols(),
				initial.getSupportedSSLParameters().getProtocols());
		String[] ciphers = checked(prefix + "ciphers", ssl.getCiphers(), material.optionsProperty("ciphers"),
				options.getCiphers(), initial.getSupportedSSLParameters().getCipherSuites());
		for (TlsMaterial routed : materials.subList(1, materials.size())) {
			warnIfOptionsIgnored(listener, routed, protocols, ciphers);
		}
		SslBundles updates = this.bundles.bundles();
		for (int route = 0; route < routes.size() && updates != null; route++) {
			TlsMaterial current = materials.get(route);
			String name = current.bundleName();
			int updatedRoute = route;
			if (name != null) {
				updates.addBundleUpdateHandler(name, (updated) -> reload(listener, prefix, updatedRoute,
						current.withBundle(updated), ssl.getClientAuth(), context));
			}
		}
		SslBundleLookup.warnIfLegacy("TCP listener '" + listener + "'", protocols);
		return new TcpListenerSsl(context, protocols, ciphers, ssl.getClientAuth(), ssl.getHandshakeTimeout(),
				ssl.getSessionTimeout());
	}

	private static void checkOneSource(String prefix, TcpProperties.Ssl ssl) {
		boolean pem = StringUtils.hasText(ssl.getCertificate()) || StringUtils.hasText(ssl.getCertificatePrivateKey());
		boolean keyStore = StringUtils.hasText(ssl.getKeyStore());
		if (StringUtils.hasText(ssl.getBundle())
				&& (pem || keyStore || StringUtils.hasText(ssl.getTrustCertificate()))) {
			throw new TcpConfigurationException(
					prefix + "bundle is set together with " + prefix + "certificate, " + prefix
							+ "certificate-private-key, " + prefix + "trust-certificate or " + prefix + "key-store.",
					"Use either the bundle (with its keystore and truststore under spring.ssl.bundle) or the shortcut "
							+ "properties, not both.");
		}
		if (pem && keyStore) {
			throw new TcpConfigurationException(prefix + "certificate / " + prefix
					+ "certificate-private-key are set together with " + prefix + "key-store.",
					"Use either the PEM files or the key store, not both.");
		}
	}

	private static void checkTimeouts(String prefix, TcpProperties.Ssl ssl) {
		Duration handshake = ssl.getHandshakeTimeout();
		if (handshake == null || handshake.toMillis() <= 0) {
			throw new TcpConfigurationException(prefix + "handshake-timeout is " + handshake + ".",
					"Set it to a positive duration, e.g. 10s.");
		}
		Duration session = ssl.getSessionTimeout();
		if (session != null && (session.isNegative() || session.toSeconds() > Integer.MAX_VALUE)) {
			throw new TcpConfigurationException(prefix + "session-timeout is " + session + ".",
					"Set it to a duration of whole seconds, 0 for no limit, or leave it unset for the JDK's default.");
		}
	}

	private TlsMaterial bundle(String property, String name) {
		return new TlsMaterial(this.bundles.get(property, name), "SSL bundle '" + name + "' (" + property + ")", name);
	}

	private static void checkKeyAndTrust(String prefix, TlsMaterial material, ClientAuth clientAuth) {
		SslStoreBundle stores = material.bundle().getStores();
		KeyStore keyStore = stores.getKeyStore();
		if (keyStore == null || !hasKeyEntry(keyStore, material.bundle().getKey().getAlias())) {
			throw new TcpConfigurationException(material.description() + " has no private key with a certificate.",
					"A TLS listener needs the server's key and certificate: "
							+ ((material.bundleName() != null) ? "configure the keystore of the bundle."
									: "point the shortcut at a key store or PEM key that holds them."));
		}
		if (clientAuth != ClientAuth.NONE && stores.getTrustStore() == null) {
			throw new TcpConfigurationException(
					prefix + "client-auth is " + clientAuth.name().toLowerCase() + ", but " + material.description()
							+ " has no trust store to check client certificates with.",
					(material.bundleName() != null)
							? "Configure the truststore of SSL bundle '" + material.bundleName() + "'."
							: "Set " + prefix + "trust-certificate to the PEM certificates of the trusted client CAs.");
		}
	}

	private static boolean hasKeyEntry(KeyStore keyStore, @Nullable String alias) {
		try {
			if (alias != null) {
				return keyStore.isKeyEntry(alias);
			}
			for (String name : Collections.list(keyStore.aliases())) {
				if (keyStore.isKeyEntry(name)) {
					return true;
				}
			}
			return false;
		}
		catch (KeyStoreException ex) {
			return false;
		}
	}

	private void reload(String listener, String prefix, int route, TlsMaterial material, ClientAuth clientAuth,
			ListenerSslContext context) {
		try {
			checkKeyAndTrust(prefix, material, clientAuth);
			context.update(route, material);
			logger.info("TCP listener '" + listener + "' reloaded " + material.description()
					+ ": new connections use its new certificate");
		}
		catch (RuntimeException ex) {
			logger.warn("TCP listener '" + listener + "' keeps its previous certificate: the update of "
					+ material.description() + " cannot be used: " + ex.getMessage());
		}
	}

	/**
	 * Warn once if the bundle of a server name sets protocols or ciphers other than those
	 * the listener enables: they are enabled before the handshake reads the server name.
	 */
	private static void warnIfOptionsIgnored(String listener, TlsMaterial routed, String @Nullable [] protocols,
			String @Nullable [] ciphers) {
		SslOptions options = routed.bundle().getOptions();
		List<String> ignored = new ArrayList<>();
		if (options.getEnabledProtocols() != null && !sameSet(options.getEnabledProtocols(), protocols)) {
			ignored.add(routed.optionsProperty("enabled-protocols"));
		}
		if (options.getCiphers() != null && !sameSet(options.getCiphers(), ciphers)) {
			ignored.add(routed.optionsProperty("ciphers"));
		}
		if (!ignored.isEmpty()) {
			logger.warn("TCP listener '" + listener + "' ignores " + String.join(" and ", ignored) + " of "
					+ routed.description() + ": a listener enables the protocols and ciphers of its ssl.bundle "
					+ "(or its ssl.enabled-protocols and ssl.ciphers) for every server name");
		}
	}

	private static boolean sameSet(String[] values, String @Nullable [] others) {
		return others != null && Set.of(values).equals(Set.of(others));
	}

	private static String @Nullable [] checked(String property, List<String> configured, String bundleProperty,
			String @Nullable [] fromBundle, String[] supported) {
		String source = configured.isEmpty() ? bundleProperty : property;
		String[] values = configured.isEmpty() ? fromBundle : configured.toArray(String[]::new);
		if (values == null) {
			return null;
		}
		Set<String> allowed = Set.of(supported);
		for (String value : values) {
			if (!allowed.contains(value)) {
				throw new TcpConfigurationException(
						source + " contains '" + value + "', which this JVM does not support.",
						"Use values from " + Arrays.toString(supported) + ".");
			}
		}
		return values;
	}

}
