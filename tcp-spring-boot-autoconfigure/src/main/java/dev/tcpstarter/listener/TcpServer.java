package dev.tcpstarter.listener;

import java.util.concurrent.CompletableFuture;

/**
 * The server of one listener, as the {@link TcpListenerRegistry} runs it: bind, stop and
 * resume accepting, drain, close. Created by a {@link TcpServerFactory}.
 */
public interface TcpServer {

	/**
	 * Return the view of the running listener that the rest of the application sees.
	 * @return the listener
	 */
	TcpServerListener listener();

	/**
	 * Bind the port and start accepting connections; returns once the port is bound.
	 * @throws TcpPortInUseException if the port is in use
	 * @throws IllegalStateException if the listener could not start
	 */
	void start();

	/**
	 * Stop accepting new connections until {@link #resumeAccepting()}, releasing the port
	 * where the transport allows it; open connections keep being served.
	 */
	void pauseAccepting();

	/**
	 * Accept new connections again after {@link #pauseAccepting()}.
	 */
	void resumeAccepting();

	/**
	 * Close each connection once it has handled what it received, at the start of a
	 * graceful stop; new connections are no longer accepted.
	 * @return completes when no connection is left, or when {@code shutdown-timeout} has
	 * passed
	 */
	CompletableFuture<Void> drain();

	/**
	 * Close every connection (each gets its {@code @OnClose}) and release the port.
	 * @return completes once the connections' {@code @OnClose} calls have returned, or
	 * after a bounded wait for them
	 */
	CompletableFuture<Void> close();

}
