package dev.tcpstarter.autoconfigure;

import java.util.function.Consumer;

import dev.tcpstarter.TcpConfigurationException;

/**
 * Applies bound property values to a builder, turning a value the builder refuses into a
 * startup error that names the property, the value and what is allowed. The builders
 * (listener definitions, clients) hold the rules; their messages read
 * {@code "<key> must be <allowed>"}.
 */
final class PropertyValues {

	private final String prefix;

	/**
	 * Create property values under a prefix.
	 * @param prefix the prefix of the properties, ending with a dot
	 */
	PropertyValues(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * Return a setter that reports a refused value as the property {@code key}.
	 * @param <T> the value type
	 * @param key the property key under the prefix
	 * @param setter the builder's setter
	 * @return the checked setter
	 */
	<T> Consumer<T> to(String key, Consumer<T> setter) {
		return (value) -> {
			try {
				setter.accept(value);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(key, value, String.valueOf(ex.getMessage()));
			}
		};
	}

	/**
	 * Return the error for a property whose value is not allowed.
	 * @param key the property key under the prefix
	 * @param value the value
	 * @param reason what is allowed: {@code "<key> must be <allowed>"} or a sentence
	 * @return the exception to throw
	 */
	TcpConfigurationException invalid(String key, Object value, String reason) {
		String mustBe = key.substring(key.lastIndexOf('.') + 1) + " must be ";
		String action = reason.startsWith(mustBe) ? "Set it to " + reason.substring(mustBe.length()) + "." : reason;
		return new TcpConfigurationException(name(key) + " is " + value + ".", action);
	}

	/**
	 * Return the error for a required property that is not set.
	 * @param key the property key under the prefix
	 * @param what what to set it to, for the message
	 * @return the exception to throw
	 */
	TcpConfigurationException missing(String key, String what) {
		return new TcpConfigurationException(name(key) + " is not set.", "Set " + name(key) + " to " + what + ".");
	}

	/**
	 * Return the full name of a property.
	 * @param key the property key under the prefix
	 * @return the name
	 */
	String name(String key) {
		return this.prefix + key;
	}

}
