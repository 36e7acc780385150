package dev.tcpstarter.listener;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a listener has bound its port and accepts connections.
 */
public class TcpListenerStartedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String listenerName;

	private final int port;

	/**
	 * Create an event.
	 * @param source the server of the listener
	 * @param listenerName the listener name
	 * @param port the bound port
	 */
	public TcpListenerStartedEvent(TcpServer source, String listenerName, int port) {
		super(source);
		this.listenerName = listenerName;
		this.port = port;
	}

	/**
	 * Return the server of the listener.
	 * @return the server
	 */
	public TcpServer getServer() {
		return (TcpServer) getSource();
	}

	/**
	 * Return the listener name.
	 * @return the name
	 */
	public String getListenerName() {
		return this.listenerName;
	}

	/**
	 * Return the bound port.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

}
