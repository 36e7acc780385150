package dev.tcpstarter.push;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * One open connection as the {@link PushRegistry} sees it. The listener implements it for
 * each connection and reports it with {@link PushRegistry#opened(PushMember)} and
 * {@link PushRegistry#closed(PushMember)}.
 */
public interface PushMember {

	/**
	 * Return the connection id, unique across the instances of the application.
	 * @return the connection id
	 */
	String id();

	/**
	 * Return the name of the listener that accepted the connection.
	 * @return the listener name
	 */
	String listenerName();

	/**
	 * Queue one frame on the connection, to be written with the listener's framing as
	 * {@code TcpCaller.writeBytes} would. Asynchronous: it never blocks the calling
	 * thread, whatever the peer does; a write that fails later closes the connection. The
	 * array is shared by every member a push reaches and must not be modified.
	 * @param frame the frame payload
	 * @throws RuntimeException if the connection is already closed or the frame is not
	 * accepted; only this member is affected
	 */
	void send(byte[] frame);

	/**
	 * Return the charset of the listener, used for pushes sent as text (as
	 * {@code TcpCaller.write(String)} uses it).
	 * @return the charset, UTF-8 unless the listener sets another
	 */
	default Charset charset() {
		return StandardCharsets.UTF_8;
	}

}
