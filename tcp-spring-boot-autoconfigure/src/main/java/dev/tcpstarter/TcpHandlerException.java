package dev.tcpstarter;

/**
 * A handler method threw, or the {@code CompletionStage} it returned completed
 * exceptionally. The original exception is the cause. The connection stays open.
 */
public class TcpHandlerException extends TcpException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message and a cause.
	 * @param message the detail message
	 * @param cause the exception the handler threw
	 */
	public TcpHandlerException(String message, Throwable cause) {
		super(message, cause);
	}

}
