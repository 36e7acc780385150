package dev.tcpstarter.listener;

import java.util.List;
import java.util.Optional;

/**
 * The server of a listener, as the rest of the application sees it (as Spring Boot's
 * {@code WebServer} is the running server of a web application): its settings, its port,
 * its live connections and its counters. Returned by {@link TcpListenerRegistry};
 * starting and stopping it is the registry's business.
 */
public interface TcpServer {

	/**
	 * Return the settings of this listener.
	 * @return the definition
	 */
	TcpListenerDefinition definition();

	/**
	 * Return the bean name of the {@code @TcpService} this listener serves.
	 * @return the bean name
	 */
	String serviceName();

	/**
	 * Return the bound port.
	 * @return the port, or -1 before the listener has bound it
	 */
	int port();

	/**
	 * Return whether the port is bound and new connections are accepted.
	 * @return {@code true} while accepting
	 */
	boolean isListening();

	/**
	 * Return whether the listener has been stopped for good.
	 * @return {@code true} once stopped
	 */
	boolean isClosed();

	/**
	 * Return the number of open connections, counted from accept, as
	 * {@code max-connections} counts them.
	 * @return the count
	 */
	int activeConnections();

	/**
	 * Return a snapshot of at most {@code limit} open connections.
	 * @param limit how many to return at most
	 * @return the connections
	 */
	List<TcpConnectionInfo> connections(int limit);

	/**
	 * Return the client addresses with the most open connections, most first.
	 * @param limit how many to return at most
	 * @return the addresses and their connection counts
	 */
	List<TcpAddressConnections> busiestAddresses(int limit);

	/**
	 * Close one connection; its {@code @OnClose} runs.
	 * @param connectionId the connection id
	 * @return whether a connection with that id was found
	 */
	boolean closeConnection(String connectionId);

	/**
	 * Return the counters of this listener, for metrics.
	 * @return the statistics
	 */
	TcpListenerStatistics statistics();

	/**
	 * Return the socket options read back from the first connection this listener
	 * accepted, after they were applied: what the operating system reports, such as the
	 * buffer sizes it chose (Linux reports twice the size set), and keepalive timers only
	 * where the platform supports them.
	 * @return the options, or empty before the first connection
	 */
	default Optional<TcpSocketOptions> acceptedSocketOptions() {
		return Optional.empty();
	}

}
