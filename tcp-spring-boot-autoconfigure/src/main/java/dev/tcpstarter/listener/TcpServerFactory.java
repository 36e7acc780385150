package dev.tcpstarter.listener;

import dev.tcpstarter.integration.ConnectHandler;

/**
 * Creates the {@link TcpServer} that runs a listener: the transport behind the
 * {@link TcpListenerRegistry}, as a {@code WebServerFactory} is behind Spring Boot's web
 * servers. The starter's implementation runs on Spring Integration's server connection
 * factories.
 */
@FunctionalInterface
public interface TcpServerFactory {

	/**
	 * Create the server of a listener, not started.
	 * @param definition the listener's settings
	 * @param handler the {@code @OnConnect} handler of the service it serves
	 * @return the server
	 */
	TcpServer create(TcpListenerDefinition definition, ConnectHandler handler);

}
