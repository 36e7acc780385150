package dev.tcpstarter.autoconfigure;

import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

import dev.tcpstarter.handler.TcpServiceDefinitionException;
import dev.tcpstarter.listener.TcpListenerSsl;

/**
 * Turns {@code tcp.listeners.<name>.ssl.*} into the TLS settings of a listener: an SSL bundle or
 * the PEM and key store shortcuts, checked at startup so that a bad file, password, protocol or
 * cipher fails with the property's name. A bundle with {@code reload-on-update} swaps the SSL
 * context of new connections when its files change.
 *
 * @author tcp-spring-boot-starter
 */
final class TcpListenerSslResolver {

	private final @Nullable SslBundles bundles;

	private final ResourceLoader resourceLoader;

	TcpListenerSslResolver(@Nullable SslBundles bundles, ResourceLoader resourceLoader) {
		this.bundles = bundles;
		this.resourceLoader = resourceLoader;
	}

	@Nullable TcpListenerSsl resolve(String listener, TcpProperties.Ssl ssl) {
		String prefix = "tcp.listeners." + listener + ".ssl.";
		boolean configured = StringUtils.hasText(ssl.getBundle()) || StringUtils.hasText(ssl.getCertificate())
				|| StringUtils.hasText(ssl.getKeyStore());
		boolean enabled = (ssl.getEnabled() != null) ? ssl.getEnabled() : configured;
		if (!enabled) {
			return null;
		}
		if (!configured) {
			throw new TcpServiceDefinitionException(prefix + "enabled is true, but no key material is configured.",
					"Set " + prefix + "bundle, or " + prefix + "certificate and " + prefix + "certificate-private-key, or "
							+ prefix + "key-store.");
		}
		AtomicReference<SSLContext> context = new AtomicReference<>();
		SslBundle bundle = bundle(prefix, ssl, context);
		context.set(createContext(prefix, bundle, ssl.getSessionTimeout()));
		String[] protocols = checked(prefix + "enabled-protocols", ssl.getEnabledProtocols(),
				bundle.getOptions().getEnabledProtocols(), context.get().getSupportedSSLParameters().getProtocols());
		String[] ciphers = checked(prefix + "ciphers", ssl.getCiphers(), bundle.getOptions().getCiphers(),
				context.get().getSupportedSSLParameters().getCipherSuites());
		return new TcpListenerSsl(context::get, protocols, ciphers, ssl.getClientAuth(), ssl.getHandshakeTimeout(),
				ssl.getSessionTimeout());
	}

	private SslBundle bundle(String prefix, TcpProperties.Ssl ssl, AtomicReference<SSLContext> context) {
		String name = ssl.getBundle();
		if (StringUtils.hasText(name)) {
			if (this.bundles == null) {
				throw new TcpServiceDefinitionException(prefix + "bundle is '" + name + "', but no SslBundles bean exists.",
						"Configure the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
								+ " with Spring Boot's SSL auto-configuration active.");
			}
			try {
				SslBundle bundle = this.bundles.getBundle(name);
				this.bundles.addBundleUpdateHandler(name,
						(updated) -> context.set(createContext(prefix, updated, ssl.getSessionTimeout())));
				return bundle;
			}
			catch (NoSuchSslBundleException ex) {
				throw new TcpServiceDefinitionException(prefix + "bundle is '" + name + "', which is not configured.",
						"Configure spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
								+ ", or name one of " + this.bundles.getBundleNames() + ".");
			}
		}
		SslStoreBundle stores = StringUtils.hasText(ssl.getCertificate()) ? pemStores(prefix, ssl)
				: keyStores(prefix, ssl);
		SslBundleKey key = StringUtils.hasText(ssl.getKeyStore()) ? SslBundleKey.of(ssl.getKeyStorePassword())
				: SslBundleKey.NONE;
		return SslBundle.of(stores, key, SslOptions.NONE);
	}

	private SslStoreBundle pemStores(String prefix, TcpProperties.Ssl ssl) {
		if (!StringUtils.hasText(ssl.getCertificatePrivateKey())) {
			throw new TcpServiceDefinitionException(prefix + "certificate is set, but " + prefix
					+ "certificate-private-key is not.", "Set " + prefix + "certificate-private-key to the PEM private key of the certificate.");
		}
		PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificates(ssl.getCertificate())
			.withPrivateKey(ssl.getCertificatePrivateKey())
			.withPrivateKeyPassword(ssl.getCertificatePrivateKeyPassword());
		try {
			PemSslStoreBundle stores = new PemSslStoreBundle(keyStore, trustDetails(ssl));
			stores.getKeyStore();
			stores.getTrustStore();
			return stores;
		}
		catch (RuntimeException ex) {
			throw unreadable(prefix + "certificate / " + prefix + "certificate-private-key / " + prefix
					+ "trust-certificate", ex);
		}
	}

	private SslStoreBundle keyStores(String prefix, TcpProperties.Ssl ssl) {
		JksSslStoreDetails details = new JksSslStoreDetails(ssl.getKeyStoreType(), null, ssl.getKeyStore(),
				ssl.getKeyStorePassword());
		try {
			KeyStore keyStore = new JksSslStoreBundle(details, null, this.resourceLoader).getKeyStore();
			KeyStore trustStore = StringUtils.hasText(ssl.getTrustCertificate())
					? new PemSslStoreBundle(null, trustDetails(ssl)).getTrustStore() : null;
			return SslStoreBundle.of(keyStore, ssl.getKeyStorePassword(), trustStore);
		}
		catch (RuntimeException ex) {
			throw unreadable(prefix + "key-store", ex);
		}
	}

	private static @Nullable PemSslStoreDetails trustDetails(TcpProperties.Ssl ssl) {
		return StringUtils.hasText(ssl.getTrustCertificate()) ? PemSslStoreDetails.forCertificates(ssl.getTrustCertificate())
				: null;
	}

	private static SSLContext createContext(String prefix, SslBundle bundle, @Nullable Duration sessionTimeout) {
		try {
			SSLContext context = bundle.createSslContext();
			if (sessionTimeout != null) {
				context.getServerSessionContext().setSessionTimeout((int) sessionTimeout.toSeconds());
			}
			return context;
		}
		catch (RuntimeException ex) {
			throw unreadable(prefix + "*", ex);
		}
	}

	private static TcpServiceDefinitionException unreadable(String property, RuntimeException ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return new TcpServiceDefinitionException("TLS key material of " + property + " could not be loaded: "
				+ ex.getMessage() + ((root != ex) ? " (" + root + ")" : "") + ".",
				"Check that the files exist and are readable, the format is right and the password matches.");
	}

	private static String @Nullable [] checked(String property, List<String> configured, String @Nullable [] fromBundle,
			String[] supported) {
		String[] values = configured.isEmpty() ? fromBundle : configured.toArray(String[]::new);
		if (values == null) {
			return null;
		}
		Set<String> allowed = Set.of(supported);
		for (String value : values) {
			if (!allowed.contains(value)) {
				throw new TcpServiceDefinitionException(property + " contains '" + value
						+ "', which this JVM does not support.", "Use values from " + Arrays.toString(supported) + ".");
			}
		}
		return values;
	}

}
