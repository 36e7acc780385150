package dev.tcpstarter.integration;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpFrameException;

/**
 * Why a connection ended: reported once by the transport to the session, and decides what
 * is counted and logged.
 */
enum CloseReason {

	/**
	 * The peer closed the connection (or shut down its output and everything it sent was
	 * handled).
	 */
	PEER_CLOSED,

	/**
	 * A handler closed it through {@code TcpCaller.close()}, or an operator through the
	 * actuator endpoint.
	 */
	LOCAL,

	/**
	 * Nothing arrived for {@code idle-timeout}.
	 */
	IDLE_TIMEOUT,

	/**
	 * A frame that had started did not arrive whole within {@code frame-timeout}.
	 */
	FRAME_TIMEOUT,

	/**
	 * A write was blocked for {@code write-timeout}: the peer does not read.
	 */
	WRITE_TIMEOUT,

	/**
	 * Asynchronous writes queued up beyond what the connection may buffer: the peer reads
	 * slower than the application writes to it.
	 */
	SLOW_PEER,

	/**
	 * A frame was malformed, too large, or cut off.
	 */
	FRAME_ERROR,

	/**
	 * A read or write failed.
	 */
	IO_ERROR,

	/**
	 * A graceful stop closed the connection once it had handled what it received.
	 */
	DRAINED,

	/**
	 * The listener closed, or the connection could not be served (no thread for it).
	 */
	SHUTDOWN,

	/**
	 * The connection was refused before any handler ran: at accept, or while its PROXY
	 * header or TLS handshake was read.
	 */
	REFUSED,

	/**
	 * {@code @OnConnect} returned {@code null} or threw.
	 */
	REJECTED;

	/**
	 * Return the reason for closing a connection after an error of its input.
	 * @param error the error
	 * @return {@link #FRAME_ERROR} for a bad frame, {@link #IO_ERROR} otherwise
	 */
	static CloseReason of(TcpException error) {
		return (error instanceof TcpFrameException) ? FRAME_ERROR : IO_ERROR;
	}

	/**
	 * Return whether this side decided the close: a read it interrupts is not an error.
	 */
	boolean isLocal() {
		return this != PEER_CLOSED && this != FRAME_ERROR && this != IO_ERROR;
	}

	/**
	 * Return whether what was written before the close still goes out: not when the
	 * connection is broken, refused, or its peer is not reading.
	 */
	boolean flushesOutput() {
		return this != IO_ERROR && this != WRITE_TIMEOUT && this != SLOW_PEER && this != REFUSED
				&& this != FRAME_TIMEOUT;
	}

}
