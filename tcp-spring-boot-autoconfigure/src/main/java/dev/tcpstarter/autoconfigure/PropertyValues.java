package dev.tcpstarter.autoconfigure;

import java.util.function.Consumer;
import java.util.function.Function;

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
		String last = key.substring(key.lastIndexOf('.') + 1);
		String mustBe = last + " must be ";
		if (reason.startsWith(mustBe)) {
			return new TcpConfigurationException(name(key) + " is " + value + ".",
					"Set it to " + reason.substring(mustBe.length()) + ".");
		}
		int sentenceEnd = reason.indexOf(". ");
		if (reason.startsWith(last + " ") && sentenceEnd > 0) {
			// "<key> <what was found>. <what to do>"
			return new TcpConfigurationException(this.prefix + reason.substring(0, sentenceEnd + 1),
					reason.substring(sentenceEnd + 2));
		}
		return new TcpConfigurationException(name(key) + " is " + value + ".", reason);
	}

	/**
	 * Apply a bound value to a function that may refuse it, reporting a refusal as the
	 * property {@code key}.
	 * @param <T> the value type
	 * @param <R> the result type
	 * @param key the property key under the prefix
	 * @param value the value
	 * @param function what to apply it to
	 * @return the result
	 */
	<T, R> R apply(String key, T value, Function<T, R> function) {
		try {
			return function.apply(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(key, value, String.valueOf(ex.getMessage()));
		}
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
