package dev.tcpstarter.handler;

/**
 * A TCP service or connection service class, or its configuration, is not valid. Thrown
 * at startup; the message names the class, method or property, what was found and what is
 * allowed.
 *
 * @author tcp-spring-boot-starter
 */
public class TcpServiceDefinitionException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong, naming the culprit and what was found
	 * @param action what is allowed, or how to fix it
	 */
	public TcpServiceDefinitionException(String description, String action) {
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
