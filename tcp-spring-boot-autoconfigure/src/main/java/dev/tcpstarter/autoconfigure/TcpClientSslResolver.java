package dev.tcpstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

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

	private final SslBundleLookup bundles;

	TcpClientSslResolver(@Nullable SslBundles bundles) {
		this.bundles = new SslBundleLookup(bundles);
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
			return this.bundles.get(prefix + "bundle", name);
		}
		return pemBundle(prefix, ssl);
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
		return TlsShortcuts.unreadable(property, String.valueOf(ex.getMessage()), ex,
				"Check that the files exist and are readable, the format is right and the password matches.");
	}

}
