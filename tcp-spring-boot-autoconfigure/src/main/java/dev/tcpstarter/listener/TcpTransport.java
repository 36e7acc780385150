package dev.tcpstarter.listener;

/**
 * The Spring Integration server connection factory a listener runs on.
 */
public enum TcpTransport {

	/**
	 * {@code TcpNetServerConnectionFactory}: blocking sockets, one thread per connection
	 * (a virtual thread on Java 21+ with {@code spring.threads.virtual.enabled=true}).
	 */
	NET,

	/**
	 * {@code TcpNioServerConnectionFactory}: a selector and a shared thread pool.
	 */
	NIO

}
