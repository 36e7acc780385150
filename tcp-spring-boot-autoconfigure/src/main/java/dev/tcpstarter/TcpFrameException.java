package dev.tcpstarter;

import org.jspecify.annotations.Nullable;

/**
 * A frame could not be decoded: it was larger than {@code max-frame-size}, malformed for
 * the listener's framing, or cut off by the peer. The connection is closed after
 * {@code @OnError}.
 */
public class TcpFrameException extends TcpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message and a cause.
	 * @param message the detail message
	 * @param cause the cause, or {@code null}
	 */
	public TcpFrameException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
