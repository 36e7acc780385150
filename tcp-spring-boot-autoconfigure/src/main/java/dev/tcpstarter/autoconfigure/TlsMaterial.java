package dev.tcpstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * Key material of a listener and where it was configured, for messages.
 *
 * @param bundle the material
 * @param description where it was configured
 * @param bundleName the name of the SSL bundle it came from, or {@code null} for a
 * shortcut
 */
record TlsMaterial(SslBundle bundle, String description, @Nullable String bundleName) {

	/**
	 * Return the name of an option property of the bundle, for messages.
	 */
	String optionsProperty(String option) {
		return "spring.ssl.bundle.*." + this.bundleName + ".options." + option;
	}

	/**
	 * Return the same material as updated by Spring Boot.
	 * @param updated the updated bundle
	 * @return the material
	 */
	TlsMaterial withBundle(SslBundle updated) {
		return new TlsMaterial(updated, this.description, this.bundleName);
	}

}
