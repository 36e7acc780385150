package dev.tcpstarter.client;

import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;

/**
 * Customizes the Spring Integration client connection factory of a {@link TcpClient}
 * before it connects, for socket options and settings the {@code tcp.clients.*}
 * properties do not cover. Every bean of this type is applied, in
 * {@link org.springframework.core.Ordered order}, once to each named client; clients
 * built in code take them from {@link TcpClient.Builder#customizers}.
 */
@FunctionalInterface
public interface TcpClientConnectionFactoryCustomizer {

	/**
	 * Customize the factory of a client.
	 * @param clientName the name of the client
	 * @param factory its Spring Integration client connection factory, not started
	 */
	void customize(String clientName, AbstractClientConnectionFactory factory);

}
