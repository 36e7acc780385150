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
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
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

/**
 * Loads the TLS key material of a listener's shortcut properties, the seed platform's
 * {@code certFile}/{@code keyFile} and {@code KeyStore}: PEM files (or PEM text) and key
 * stores. Each failure names the property, what was wrong with it, and how to fix it.
 */
final class TlsShortcuts {

	private final ResourceLoader resourceLoader;

	TlsShortcuts(ResourceLoader resourceLoader) {
		// like Spring Boot's SSL bundles: a plain location
		// is a file path, classpath: and file: work too
		this.resourceLoader = ApplicationResourceLoader.get(resourceLoader, true);
	}

	TlsMaterial pemShortcut(String prefix, TcpProperties.Ssl ssl) {
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
		return new TlsMaterial(SslBundle.of(stores, SslBundleKey.NONE, SslOptions.NONE),
				prefix + "certificate / " + prefix + "certificate-private-key", null);
	}

	TlsMaterial keyStoreShortcut(String prefix, TcpProperties.Ssl ssl) {
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
		return new TlsMaterial(SslBundle.of(stores, key, SslOptions.NONE), prefix + "key-store", null);
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

	static TcpConfigurationException unreadable(String property, String problem, @Nullable Throwable failure,
			String action) {
		StringBuilder description = new StringBuilder("TLS key material of ").append(property)
			.append(" could not be loaded: ")
			.append(problem);
		Throwable root = failure;
		while (root != null && root.getCause() != null) {
			root = root.getCause();
		}
		if (root != null && !problem.equals(root.getMessage())) {
			description.append(" (").append(root).append(")");
		}
		return new TcpConfigurationException(description.append('.').toString(), action);
	}

}
