package dev.tcpstarter.listener;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

import dev.tcpstarter.TcpException;

/**
 * What a session needs from the Spring Integration connection it runs on. Implemented by
 * the starter's subclasses of {@code TcpNetConnection} and {@code TcpNioConnection},
 * which carry their session so that no frame needs a lookup.
 *
 * @author tcp-spring-boot-starter
 */
interface SessionConnection {

	/**
	 * Encode and write one frame.
	 * @throws TcpException if the write fails; the connection is then closed
	 */
	void writeFrame(byte[] frame);

	/**
	 * Return the session of this connection.
	 */
	ConnectionSession session();

	/**
	 * Return the underlying connection.
	 */
	TcpConnectionSupport connection();

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
	 * Return the bytes received so far on the wire, or -1 if the transport does not count
	 * them.
	 */
	long bytesReceived();

	/**
	 * Return the bytes written so far on the wire, or -1 if the transport does not count
	 * them.
	 */
	long bytesSent();

	/**
	 * Return the frames written so far.
	 */
	long framesSent();

	/**
	 * Return when the current write started ({@link System#nanoTime()}), or 0 if no write
	 * is blocked.
	 */
	long writeStartedAt();

	/**
	 * Close the connection because a write did not complete in time.
	 */
	void abortWrite();

}
