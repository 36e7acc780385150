package dev.tcpstarter.listener.integration;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

import dev.tcpstarter.TcpException;

/**
 * What a session needs from the Spring Integration connection it runs on. Implemented by
 * the starter's subclasses of {@code TcpNetConnection} and {@code TcpNioConnection},
 * which carry their session so that no frame needs a lookup.
 */
interface SessionConnection {

	/**
	 * Encode and write one frame.
	 * @throws TcpException if the write fails; the connection is then closed
	 */
	void writeFrame(byte[] frame);

	/**
	 * Close the connection because this side decided to (a handler through
	 * {@code TcpCaller}, a drain), so that a read it interrupts is not reported as an
	 * error.
	 */
	void closeLocally();

	/**
	 * Return the session of this connection.
	 */
	ConnectionSession session();

	/**
	 * Return the underlying connection.
	 */
	TcpConnectionSupport connection();

	/**
	 * Return the address of the socket's peer.
	 */
	InetAddress peerAddress();

	/**
	 * Return the original client named by a PROXY protocol header, or {@code null}.
	 */
	default @Nullable InetSocketAddress proxiedSource() {
		return null;
	}

	/**
	 * Return whether input has been received and not yet handled.
	 */
	boolean hasUnreadInput();

	/**
	 * Return the bytes received so far.
	 */
	long bytesReceived();

	/**
	 * Return the write side of the connection.
	 */
	ConnectionWriter writer();

	/**
	 * Return the bytes written so far.
	 */
	default long bytesSent() {
		return writer().bytesSent();
	}

	/**
	 * Return the frames written so far.
	 */
	default long framesSent() {
		return writer().framesSent();
	}

	/**
	 * Return when the socket write in progress started ({@link System#nanoTime()}), or 0.
	 */
	default long writeStartedAt() {
		return writer().writeStartedAt();
	}

	/**
	 * Close the connection between two writes, never in the middle of one (see
	 * {@link ConnectionWriter#closeBetweenWrites}).
	 */
	default void closeBetweenWrites() {
		writer().closeBetweenWrites(connection()::close);
	}

	/**
	 * Close the connection because a write did not complete within the write timeout.
	 */
	void abortWrite();

	/**
	 * The connection has been admitted at accept: start serving it, where the transport
	 * does not do so on a reader thread of its own.
	 */
	default void admitted() {
	}

	/**
	 * Close the connection at accept, before any work is done for it: the listener is
	 * full, shutting down, or has no thread for it.
	 */
	void refuse();

	/**
	 * Return whether the connection was refused at accept.
	 */
	boolean isRefused();

}
