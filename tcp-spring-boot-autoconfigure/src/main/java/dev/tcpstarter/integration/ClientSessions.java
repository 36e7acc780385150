package dev.tcpstarter.integration;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;

/**
 * What a service sees of each connection that a {@code TcpClient} opens: the seam through
 * which {@code @TcpService(clients = "...")} beans run on outbound connections
 * ({@link ClientServiceSessions}), attached by the {@link TcpClientServiceRegistrar}.
 * <p>
 * The client calls {@link #open(TcpCaller)} for every connection it opens (the first and
 * every reconnect), on the connecting thread, after the TLS handshake and before it reads
 * a frame. Every call of the returned {@link Session} then happens on that connection's
 * reader thread, one at a time and in order, ending with exactly one
 * {@link Session#closed()}.
 */
@FunctionalInterface
interface ClientSessions {

	/**
	 * A connection opened. The caller writes on it; waiting there for the answer to a
	 * request would wait for the reader that has not started yet.
	 * @param caller the connection
	 * @return the session of the connection
	 * @throws RuntimeException to reject the connection, which is then closed without
	 * {@link Session#closed()}
	 */
	Session open(TcpCaller caller);

	/**
	 * One connection, as its reader thread reports it.
	 */
	interface Session {

		/**
		 * A frame that answers no pending request: server push, an answer that came after
		 * its request timed out, a frame with no request waiting.
		 * @param frame the frame
		 */
		void frameDecoded(byte[] frame);

		/**
		 * The connection failed (an I/O error, a frame that cannot be decoded, a write
		 * that timed out); {@link #closed()} follows.
		 * @param error the error
		 */
		void failed(TcpException error);

		/**
		 * The connection has ended, whoever closed it. Called once, last.
		 */
		void closed();

	}

}
