package dev.tcpstarter;

import org.jspecify.annotations.Nullable;

/**
 * A write was attempted on a connection that is already closed, or a {@code TcpClient}
 * was used after its connection was closed.
 */
public class TcpConnectionClosedException extends TcpConnectionException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception for the given connection.
	 * @param connectionId the id of the closed connection
	 */
	public TcpConnectionClosedException(String connectionId) {
		super("Connection " + connectionId + " is closed", null);
	}

	/**
	 * Create an exception with a message and a cause.
	 * @param message the detail message
	 * @param cause the cause, or {@code null}
	 */
	public TcpConnectionClosedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
