package dev.tcpstarter;

/**
 * A write was attempted on a connection that is already closed.
 *
 * @author tcp-spring-boot-starter
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

}
