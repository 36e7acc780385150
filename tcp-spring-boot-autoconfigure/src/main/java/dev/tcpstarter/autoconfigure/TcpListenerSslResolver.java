package dev.tcpstarter.autoconfigure;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.listener.TcpListenerSsl;
import dev.tcpstarter.listener.TcpListenerSsl.ClientAuth;

/**
 * Turns {@code tcp.listeners.<name>.ssl.*} into the TLS settings of a listener: an SSL
 * bundle or the PEM and key store shortcuts, checked at startup so that a bad file,
 * password, protocol or cipher fails with the property's name. A bundle with
 * {@code reload-on-update} swaps the SSL context of new connections when its files
 * change; a reload that cannot be used keeps the previous certificate and is logged.
 */
final class TcpListenerSslResolver {

	private static final Log logger = LogFactory.getLog(TcpListenerSslResolver.class);

	private final @Nullable SslBundles bundles;

	private final ResourceLoader resourceLoader;

	TcpListenerSslResolver(@Nullable SslBundles bundles, ResourceLoader resourceLoader) {
		this.bundles = bundles;
		// like Spring Boot's SSL bundles: a plain location is a file path, classpath: and
		// file: work too
		this.resourceLoader = ApplicationResourceLoader.get(resourceLoader, true);
	}

	@Nullable TcpListenerSsl resolve(String listener, TcpProperties.Ssl ssl) {
		String prefix = "tcp.listeners." + listener + ".ssl.";
		boolean configured = StringUtils.hasText(ssl.getBundle()) || StringUtils.hasText(ssl.getCertificate())
				|| StringUtils.hasText(ssl.getCertificatePrivateKey()) || StringUtils.hasText(ssl.getKeyStore());
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
		Material material = StringUtils.hasText(bundleName) ? bundle(prefix, bundleName)
				: StringUtils.hasText(ssl.getKeyStore()) ? keyStoreShortcut(prefix, ssl) : pemShortcut(prefix, ssl);
		checkKeyAndTrust(prefix, material, ssl.getClientAuth());
		SSLContext initial = createContext(material, ssl.getSessionTimeout());
		AtomicReference<SSLContext> context = new AtomicReference<>(initial);
		SslOptions options = material.bundle().getOptions();
		String[] protocols = checked(prefix + "enabled-protocols", ssl.getEnabledProtocols(),
				material.optionsProperty("enabled-protocols"), options.getEnabledProtocols(),
				initial.getSupportedSSLParameters().getProtocols());
		String[] ciphers = checked(prefix + "ciphers", ssl.getCiphers(), material.optionsProperty("ciphers"),
				options.getCiphers(), initial.getSupportedSSLParameters().getCipherSuites());
		if (StringUtils.hasText(bundleName) && this.bundles != null) {
			this.bundles.addBundleUpdateHandler(bundleName,
					(updated) -> reload(listener, prefix, bundleName, updated, ssl, context));
		}
		return new TcpListenerSsl(context::get, protocols, ciphers, ssl.getClientAuth(), ssl.getHandshakeTimeout(),
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

	private Material bundle(String prefix, String name) {
		if (this.bundles == null) {
			throw new TcpConfigurationException(prefix + "bundle is '" + name + "', but no SslBundles bean exists.",
					"Configure the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ " with Spring Boot's SSL auto-configuration active.");
		}
		try {
			return new Material(this.bundles.getBundle(name), "SSL bundle '" + name + "' (" + prefix + "bundle)", name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new TcpConfigurationException(prefix + "bundle is '" + name + "', which is not configured.",
					"Configure spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ((this.bundles.getBundleNames().isEmpty()) ? "."
									: ", or name one of " + this.bundles.getBundleNames() + "."));
		}
	}

	private Material pemShortcut(String prefix, TcpProperties.Ssl ssl) {
		if (!StringUtils.hasText(ssl.getCertificate())) {
			throw new TcpConfigurationException(
					prefix + "certificate-private-key is set, but " + prefix + "certificate is not.",
					"Set " + prefix + "certificate to the PEM certificate (chain) of the key.");
		}
		if (!StringUtils.hasText(ssl.getCertificatePrivateKey())) {
			throw new TcpConfigurationException(
					prefix + "certificate is set, but " + prefix + "certificate-private-key is not.",
					"Set " + prefix + "certificate-private-key to the PEM private key of the certificate.");
		}
		List<X509Certificate> certificates = certificates(prefix + "certificate", ssl.getCertificate());
		PrivateKey key = privateKey(prefix, ssl.getCertificatePrivateKey(), ssl.getCertificatePrivateKeyPassword());
		PemSslStore keyStore = PemSslStore.of(certificates, key);
		PemSslStore trustStore = trustStore(prefix, ssl);
		SslStoreBundle stores = new PemSslStoreBundle(keyStore, trustStore);
		return new Material(SslBundle.of(stores, SslBundleKey.NONE, SslOptions.NONE),
				prefix + "certificate / " + prefix + "certificate-private-key", null);
	}

	private Material keyStoreShortcut(String prefix, TcpProperties.Ssl ssl) {
		JksSslStoreDetails details = new JksSslStoreDetails(ssl.getKeyStoreType(), null, ssl.getKeyStore(),
				ssl.getKeyStorePassword());
		KeyStore keyStore;
		try {
			keyStore = new JksSslStoreBundle(details, null, this.resourceLoader).getKeyStore();
		}
		catch (RuntimeException ex) {
			throw keyStoreFailure(prefix, ssl, ex);
		}
		PemSslStore trust = trustStore(prefix, ssl);
		KeyStore trustStore = (trust != null) ? new PemSslStoreBundle(null, trust).getTrustStore() : null;
		SslStoreBundle stores = SslStoreBundle.of(keyStore, ssl.getKeyStorePassword(), trustStore);
		String password = ssl.getKeyStorePassword();
		SslBundleKey key = (password != null) ? SslBundleKey.of(password) : SslBundleKey.NONE;
		return new Material(SslBundle.of(stores, key, SslOptions.NONE), prefix + "key-store", null);
	}

	private static TcpConfigurationException keyStoreFailure(String prefix, TcpProperties.Ssl ssl,
			RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof FileNotFoundException || cause instanceof NoSuchFileException) {
				return unreadable(prefix + "key-store", "'" + ssl.getKeyStore() + "' was not found", ex,
						"Point it at an existing, readable " + ssl.getKeyStoreType() + " file.");
			}
			if (cause instanceof UnrecoverableKeyException
					|| String.valueOf(cause.getMessage()).toLowerCase().contains("password")) {
				return unreadable(prefix + "key-store-password",
						"it does not open key store '" + ssl.getKeyStore() + "'", ex,
						"Set the password the key store was written with.");
			}
			if (cause instanceof KeyStoreException && String.valueOf(cause.getMessage()).contains("not found")) {
				return unreadable(prefix + "key-store-type", "'" + ssl.getKeyStoreType() + "' is not a key store type",
						ex, "Set it to PKCS12 or JKS.");
			}
		}
		return unreadable(prefix + "key-store",
				"'" + ssl.getKeyStore() + "' is not a readable " + ssl.getKeyStoreType() + " key store", ex,
				"Check the file and " + prefix + "key-store-type.");
	}

	private @Nullable PemSslStore trustStore(String prefix, TcpProperties.Ssl ssl) {
		String trust = ssl.getTrustCertificate();
		return StringUtils.hasText(trust) ? PemSslStore.of(certificates(prefix + "trust-certificate", trust), null)
				: null;
	}

	private List<X509Certificate> certificates(String property, String location) {
		PemContent content = pem(property, location);
		try {
			List<X509Certificate> certificates = content.getCertificates();
			if (certificates.isEmpty()) {
				throw new IllegalStateException("no certificate in it");
			}
			return certificates;
		}
		catch (RuntimeException ex) {
			throw unreadable(property, "'" + location + "' holds no PEM certificate", ex,
					"Point it at a file with -----BEGIN CERTIFICATE----- blocks.");
		}
	}

	private PrivateKey privateKey(String prefix, String location, @Nullable String password) {
		PemContent content = pem(prefix + "certificate-private-key", location);
		boolean encrypted = content.toString().contains("ENCRYPTED");
		PrivateKey key;
		try {
			key = content.getPrivateKey(password);
		}
		catch (RuntimeException ex) {
			if (encrypted) {
				throw unreadable(prefix + "certificate-private-key-password",
						"it does not decrypt the private key in '" + location + "'", ex,
						"Set the password the key was encrypted with.");
			}
			throw unreadable(prefix + "certificate-private-key", "'" + location + "' holds no readable PEM private key",
					ex, "Point it at a PKCS#8, PKCS#1 or SEC1 PEM private key.");
		}
		if (key == null) {
			throw unreadable(prefix + "certificate-private-key", "'" + location + "' holds no PEM private key", null,
					"Point it at a file with a -----BEGIN PRIVATE KEY----- block.");
		}
		return key;
	}

	private PemContent pem(String property, String location) {
		if (PemContent.isPresentInText(location)) {
			return PemContent.of(location);
		}
		Resource resource = this.resourceLoader.getResource(location);
		try (InputStream in = resource.getInputStream()) {
			return PemContent.load(in);
		}
		catch (IOException ex) {
			throw unreadable(property, "'" + location + "' could not be read", ex,
					"Point it at an existing, readable PEM file (a path, or a classpath: or file: location).");
		}
	}

	private static void checkKeyAndTrust(String prefix, Material material, ClientAuth clientAuth) {
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

	private void reload(String listener, String prefix, String bundleName, SslBundle updated, TcpProperties.Ssl ssl,
			AtomicReference<SSLContext> context) {
		try {
			Material material = new Material(updated, "SSL bundle '" + bundleName + "'", bundleName);
			checkKeyAndTrust(prefix, material, ssl.getClientAuth());
			context.set(createContext(material, ssl.getSessionTimeout()));
			logger.info("TCP listener '" + listener + "' reloaded SSL bundle '" + bundleName
					+ "': new connections use its new certificate");
		}
		catch (RuntimeException ex) {
			logger.warn("TCP listener '" + listener + "' keeps its previous certificate: the update of SSL bundle '"
					+ bundleName + "' cannot be used: " + ex.getMessage());
		}
	}

	private static SSLContext createContext(Material material, @Nullable Duration sessionTimeout) {
		SSLContext context;
		try {
			context = material.bundle().createSslContext();
		}
		catch (RuntimeException ex) {
			throw unreadable(material.description(), "no SSL context can be built from it", ex,
					"Check that the key password matches and the key fits the certificate.");
		}
		if (sessionTimeout != null) {
			context.getServerSessionContext().setSessionTimeout((int) sessionTimeout.toSeconds());
		}
		return context;
	}

	private static TcpConfigurationException unreadable(String property, String problem, @Nullable Throwable failure,
			String action) {
		StringBuilder description = new StringBuilder("TLS key material of ").append(property)
			.append(" could not be loaded: ")
			.append(problem);
		Throwable root = failure;
		while (root != null && root.getCause() != null) {
			root = root.getCause();
		}
		if (root != null) {
			description.append(" (").append(root).append(")");
		}
		return new TcpConfigurationException(description.append('.').toString(), action);
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

	/**
	 * Key material of a listener and where it was configured, for messages.
	 */
	private record Material(SslBundle bundle, String description, @Nullable String bundleName) {

		String optionsProperty(String option) {
			return "spring.ssl.bundle.*." + this.bundleName + ".options." + option;
		}

	}

}
