package dev.tcpstarter;

/**
 * A TCP service or connection service class is not valid, or cannot be bound to a
 * listener. Thrown at startup; the message names the class, method or listener, what was
 * found and what is allowed.
 */
public class TcpServiceDefinitionException extends TcpConfigurationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param description what is wrong, naming the culprit and what was found
	 * @param action what is allowed, or how to fix it
	 */
	public TcpServiceDefinitionException(String description, String action) {
		super(description, action);
	}

}
