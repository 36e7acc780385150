package dev.tcpstarter;

/**
 * The application's TCP configuration is not valid: a {@code tcp.*} property, TLS
 * material, or a service class. Thrown at startup; the message names the property, class
 * or method, what was found, and what is allowed.
 */
public class TcpConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong, naming the culprit and what was found
	 * @param action what is allowed, or how to fix it
	 */
	public TcpConfigurationException(String description, String action) {
		super(description + " " + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * Return what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return what is allowed, or how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
