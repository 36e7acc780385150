package dev.tcpstarter;

import org.jspecify.annotations.Nullable;

/**
 * An I/O error on a connection, such as a reset by the peer or a failed write. The
 * connection is closed after {@code @OnError}.
 */
public class TcpConnectionException extends TcpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message and a cause.
	 * @param message the detail message
	 * @param cause the cause, or {@code null}
	 */
	public TcpConnectionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
