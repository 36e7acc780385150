package dev.tcpstarter.listener;

/**
 * A listener could not bind its port because another process uses it.
 */
public class TcpPortInUseException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String listenerName;

	private final int port;

	/**
	 * Create an exception.
	 * @param listenerName the listener
	 * @param port the port
	 * @param cause the bind failure
	 */
	public TcpPortInUseException(String listenerName, int port, Throwable cause) {
		super("TCP listener '" + listenerName + "' failed to start: port " + port + " is already in use", cause);
		this.listenerName = listenerName;
		this.port = port;
	}

	/**
	 * Return the listener name.
	 * @return the name
	 */
	public String getListenerName() {
		return this.listenerName;
	}

	/**
	 * Return the port.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

}
