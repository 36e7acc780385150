package dev.tcpstarter.integration;

import java.net.InetAddress;

import dev.tcpstarter.listener.TcpConnectionInfo;

/**
 * One accepted connection, as the rest of the listener sees it whatever its transport
 * ({@link NetServerConnection} or {@link NioServerConnection}): what admission, the
 * connection table, the frame mapper and the housekeeping pass need. The transport drives
 * its {@link ConnectionSession}; nothing here calls back into it.
 */
interface ServerConnection extends ConnectionCounters {

	/**
	 * Return the connection id.
	 */
	String id();

	/**
	 * Return the address of the socket's peer.
	 */
	InetAddress peerAddress();

	/**
	 * Return the client address this connection is counted for by the address policies.
	 */
	AddressLease lease();

	/**
	 * Return the session of this connection.
	 */
	ConnectionSession session();

	/**
	 * The connection was admitted at accept: start serving it, where the transport does
	 * not do so on a reader thread of its own.
	 */
	void admitted();

	/**
	 * Hand a decoded frame to the session, on the thread that decoded it, in stream
	 * order.
	 * @param frame the frame
	 */
	void frameDecoded(byte[] frame);

	/**
	 * The codec failed on the thread that decoded it, before Spring Integration closes
	 * the connection.
	 * @param failure what the codec threw
	 */
	void decodeFailed(RuntimeException failure);

	/**
	 * Close the connection, between two writes; a write blocked longer than
	 * {@code write-timeout} is ended by closing the socket under it.
	 * @param reason why
	 */
	void close(CloseReason reason);

	/**
	 * During a graceful stop: close the connection if it has handled everything it
	 * received (no handler running, no result pending, no input waiting).
	 * @return whether it was closed
	 */
	boolean closeIfIdle();

	/**
	 * Close the connection if a write has been blocked, or a started frame incomplete,
	 * for longer than the listener allows.
	 * @param now {@link System#nanoTime()}
	 */
	void checkDeadlines(long now);

	/**
	 * Return a snapshot of this connection, for the actuator endpoint.
	 */
	TcpConnectionInfo info();

	// the session's counters, whatever the transport

	@Override
	default long framesReceived() {
		return session().framesReceived();
	}

	@Override
	default long onBytesCalls() {
		return session().onBytesCalls();
	}

	@Override
	default long onBytesNanos() {
		return session().onBytesNanos();
	}

}
