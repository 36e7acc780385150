package dev.tcpstarter.listener;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a listener has stopped: its port is released and its connections are
 * closed.
 */
public class TcpListenerStoppedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String listenerName;

	/**
	 * Create an event.
	 * @param source the server of the listener
	 * @param listenerName the listener name
	 */
	public TcpListenerStoppedEvent(TcpServer source, String listenerName) {
		super(source);
		this.listenerName = listenerName;
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

}
