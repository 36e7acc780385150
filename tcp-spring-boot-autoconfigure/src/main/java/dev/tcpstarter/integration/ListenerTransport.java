package dev.tcpstarter.integration;

import java.time.Duration;

/**
 * What a listener's server needs of its transport beyond Spring Integration's factory:
 * implemented by the {@code net} and {@code nio} factories, each in its own way, so that
 * {@link IntegrationTcpServer} does not branch on which one it runs.
 */
interface ListenerTransport {

	/**
	 * Return the state of the factory's bind, to wait for the port.
	 * @return the bind state
	 */
	BindState bindState();

	/**
	 * Make the factory forget the connections closed since it last accepted one, so that
	 * a quiet listener lets go of them too.
	 */
	void forgetClosedConnections();

	/**
	 * Stop accepting while the listener is paused: {@code net} releases the port (and
	 * waits, at most {@code wait}, for its accept loop to end); {@code nio} keeps its
	 * port, and the paused listener refuses what it accepts.
	 * @param wait how long to wait for the accept loop
	 */
	void pauseAccepting(Duration wait);

	/**
	 * Accept again after {@link #pauseAccepting(Duration)}.
	 * @param listenerName the listener, for messages
	 * @param port the port to bind again
	 * @param wait how long to wait for the bind
	 * @throws RuntimeException if the port cannot be bound again
	 */
	void resumeAccepting(String listenerName, int port, Duration wait);

	/**
	 * Stop accepting for good, at the start of a graceful stop; open connections are
	 * served until they are drained.
	 * @param wait how long to wait for the accept loop
	 */
	void stopAccepting(Duration wait);

}
