package dev.tcpstarter.autoconfigure;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import dev.tcpstarter.TcpConfigurationException;

/**
 * Finds the SSL bundles that listeners and clients name, failing with the property's name
 * when one is not configured, and warns about protocols older than TLSv1.2.
 */
final class SslBundleLookup {

	private static final Log logger = LogFactory.getLog(SslBundleLookup.class);

	private static final List<String> LEGACY_PROTOCOLS = List.of("SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1");

	private final @Nullable SslBundles bundles;

	SslBundleLookup(@Nullable SslBundles bundles) {
		this.bundles = bundles;
	}

	/**
	 * Return the bundles, to register update handlers.
	 */
	@Nullable SslBundles bundles() {
		return this.bundles;
	}

	/**
	 * Return a named bundle.
	 * @param property the property that names it, for messages
	 * @param name the bundle name
	 * @return the bundle
	 * @throws TcpConfigurationException if there is no such bundle
	 */
	SslBundle get(String property, String name) {
		SslBundles available = this.bundles;
		if (available == null) {
			throw new TcpConfigurationException(property + " is '" + name + "', but no SslBundles bean exists.",
					"Configure the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ " with Spring Boot's SSL auto-configuration active.");
		}
		try {
			return available.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new TcpConfigurationException(property + " is '" + name + "', which is not configured.",
					"Configure spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ (available.getBundleNames().isEmpty() ? "."
									: ", or name one of " + available.getBundleNames() + "."));
		}
	}

	/**
	 * Log one WARN if protocols older than TLSv1.2 are enabled.
	 * @param who the listener or client, for the message
	 * @param protocols the enabled protocols, or {@code null} for the JDK's defaults
	 */
	static void warnIfLegacy(String who, String @Nullable [] protocols) {
		if (protocols == null) {
			return;
		}
		List<String> legacy = Arrays.stream(protocols).filter(LEGACY_PROTOCOLS::contains).toList();
		if (!legacy.isEmpty()) {
			logger
				.warn(who + " enables " + legacy + ", older than TLSv1.2 and broken: enable TLSv1.2 and TLSv1.3 only");
		}
	}

}
