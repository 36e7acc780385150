package dev.tcpstarter.integration;

import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tcpstarter.listener.TcpPortInUseException;

/**
 * Whether a server connection factory has bound its port. Spring Integration binds on its
 * accept thread after {@code start()} has returned, and reports a failure as an event:
 * the starter's factory subclasses complete this instead, so that starting a listener can
 * wait for the outcome.
 */
final class BindState {

	private volatile CompletableFuture<Integer> bound = new CompletableFuture<>();

	/**
	 * A new attempt to bind starts.
	 */
	void starting() {
		this.bound = new CompletableFuture<>();
	}

	/**
	 * The port is bound.
	 */
	void listening(int port) {
		this.bound.complete(port);
	}

	/**
	 * Binding failed, or the accept loop ended before it bound.
	 */
	void failed(Exception failure) {
		this.bound.completeExceptionally(failure);
	}

	/**
	 * Wait for the outcome of the current attempt.
	 * @param listenerName the listener, for messages
	 * @param port the port it binds, for messages
	 * @param timeout how long to wait
	 * @return the bound port
	 * @throws TcpPortInUseException if the port is in use
	 * @throws IllegalStateException if binding failed otherwise or took too long
	 */
	int await(String listenerName, int port, Duration timeout) {
		try {
			return this.bound.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof BindException) {
				throw new TcpPortInUseException(listenerName, port, cause);
			}
			throw new IllegalStateException(
					"TCP listener '" + listenerName + "' failed to start on port " + port + ": " + cause, cause);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("TCP listener '" + listenerName + "' failed to start on port " + port
					+ ": not bound within " + timeout.toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting TCP listener '" + listenerName + "'", ex);
		}
	}

}
