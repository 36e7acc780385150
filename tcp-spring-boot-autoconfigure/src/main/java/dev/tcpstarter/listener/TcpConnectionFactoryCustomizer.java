package dev.tcpstarter.listener;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * Customizes the Spring Integration server connection factory of each listener before it
 * starts, for socket options and settings the {@code tcp.listeners.*} properties do not
 * cover. Every bean of this type is applied, in {@link org.springframework.core.Ordered
 * order}, once per listener.
 */
@FunctionalInterface
public interface TcpConnectionFactoryCustomizer {

	/**
	 * Customize the factory of a listener.
	 * @param listenerName the name of the listener
	 * @param factory its Spring Integration server connection factory, not started
	 */
	void customize(String listenerName, AbstractServerConnectionFactory factory);

}
