package dev.tcpstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.util.StringUtils;

import dev.tcpstarter.TcpConfigurationException;

/**
 * Turns {@code tcp.clients.<name>.ssl.*} into the SSL bundle of a client: a named bundle,
 * or one made of the PEM trust certificate and client certificate, checked at startup so
 * that a missing bundle or an unreadable file fails with the property's name.
 * <p>
 * The bundle lookup and the unreadable-material message follow
 * {@code TcpListenerSslResolver}.
 */
final class TcpClientSslResolver {

	private final @Nullable SslBundles bundles;

	TcpClientSslResolver(@Nullable SslBundles bundles) {
		this.bundles = bundles;
	}

	/**
	 * Return the SSL bundle of a client.
	 * @param client the client name
	 * @param ssl its TLS settings
	 * @return the bundle, or {@code null} for plain TCP
	 */
	@Nullable SslBundle resolve(String client, TcpClientProperties.Ssl ssl) {
		String prefix = "tcp.clients." + client + ".ssl.";
		boolean configured = StringUtils.hasText(ssl.getBundle()) || StringUtils.hasText(ssl.getTrustCertificate())
				|| StringUtils.hasText(ssl.getCertificate());
		boolean enabled = (ssl.getEnabled() != null) ? ssl.getEnabled() : configured;
		if (!enabled) {
			return null;
		}
		String name = ssl.getBundle();
		if (StringUtils.hasText(name)) {
			return namedBundle(prefix, name);
		}
		return pemBundle(prefix, ssl);
	}

	private SslBundle namedBundle(String prefix, String name) {
		if (this.bundles == null) {
			throw new TcpConfigurationException(prefix + "bundle is '" + name + "', but no SslBundles bean exists.",
					"Configure the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ " with Spring Boot's SSL auto-configuration active.");
		}
		try {
			return this.bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new TcpConfigurationException(prefix + "bundle is '" + name + "', which is not configured.",
					"Configure spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or name one of " + this.bundles.getBundleNames() + ".");
		}
	}

	private SslBundle pemBundle(String prefix, TcpClientProperties.Ssl ssl) {
		PemSslStoreDetails keyStore = null;
		if (StringUtils.hasText(ssl.getCertificate())) {
			if (!StringUtils.hasText(ssl.getCertificatePrivateKey())) {
				throw new TcpConfigurationException(
						prefix + "certificate is set, but " + prefix + "certificate-private-key is not.",
						"Set " + prefix + "certificate-private-key to the PEM private key of the client certificate.");
			}
			keyStore = PemSslStoreDetails.forCertificates(ssl.getCertificate())
				.withPrivateKey(ssl.getCertificatePrivateKey())
				.withPrivateKeyPassword(ssl.getCertificatePrivateKeyPassword());
		}
		PemSslStoreDetails trustStore = StringUtils.hasText(ssl.getTrustCertificate())
				? PemSslStoreDetails.forCertificates(ssl.getTrustCertificate()) : null;
		try {
			PemSslStoreBundle stores = new PemSslStoreBundle(keyStore, trustStore);
			stores.getKeyStore();
			stores.getTrustStore();
			return SslBundle.of(stores);
		}
		catch (RuntimeException ex) {
			throw unreadable(
					prefix + "certificate / " + prefix + "certificate-private-key / " + prefix + "trust-certificate",
					ex);
		}
	}

	/**
	 * Return the startup error for key material that could not be loaded.
	 * @param property the properties that name it
	 * @param ex the failure
	 * @return the exception to throw
	 */
	static TcpConfigurationException unreadable(String property, RuntimeException ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return new TcpConfigurationException(
				"TLS key material of " + property + " could not be loaded: " + ex.getMessage()
						+ ((root != ex) ? " (" + root + ")" : "") + ".",
				"Check that the files exist and are readable, the format is right and the password matches.");
	}

}
