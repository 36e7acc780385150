package dev.tcpstarter.integration;

/**
 * The states of a {@link ConnectionSession}, in the only order they are entered.
 */
enum SessionState {

	/**
	 * Created with its connection; {@code @OnConnect} has not run.
	 */
	NEW,

	/**
	 * Serving the connection with its connection service.
	 */
	OPEN,

	/**
	 * A graceful stop found the session idle: frames read from now on are not handled,
	 * and the connection is being closed.
	 */
	STOPPED,

	/**
	 * The connection has ended; {@code @OnClose} has run (if it got a service).
	 */
	CLOSED

}
