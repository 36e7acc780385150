package dev.tcpstarter;

import org.jspecify.annotations.Nullable;

/**
 * Base of the unchecked exceptions that TCP services see: passed to {@code @OnError}
 * methods and thrown by {@link TcpCaller} writes.
 *
 * @see TcpFrameException
 * @see TcpConnectionException
 * @see TcpHandlerException
 * @see TcpConnectionClosedException
 */
public class TcpException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message.
	 * @param message the detail message
	 */
	public TcpException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a message and a cause.
	 * @param message the detail message
	 * @param cause the cause, or {@code null}
	 */
	public TcpException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
