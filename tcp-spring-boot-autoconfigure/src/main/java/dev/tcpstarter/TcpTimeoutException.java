package dev.tcpstarter;

import org.jspecify.annotations.Nullable;

/**
 * An operation of a {@code TcpClient} did not complete in time: the connect timeout, the
 * read timeout or the write timeout elapsed. The message names the timeout and its value.
 */
public class TcpTimeoutException extends TcpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message and a cause.
	 * @param message the detail message
	 * @param cause the cause, or {@code null}
	 */
	public TcpTimeoutException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
