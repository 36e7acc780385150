package dev.tcpstarter.integration;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpException;

/**
 * The one way from a session back to its connection: write frames and close. The
 * transport hands it to the session when the connection opens; the session never calls
 * anything else of the transport.
 */
interface FrameWriter {

	/**
	 * Encode and write one frame, in order with every frame written or sent before. On
	 * the connection's own reader thread the frame is buffered and flushed once the input
	 * read so far has been handled; on any other thread it is flushed before this
	 * returns, which may block until the peer reads (at most {@code write-timeout}).
	 * @param frame the frame payload
	 * @throws TcpConnectionClosedException if the connection is closing or closed
	 * @throws TcpException if the write fails; the connection is then closed
	 */
	void write(byte[] frame);

	/**
	 * Queue one frame to be written by the connection, in order with every frame written
	 * or sent before, without blocking the caller. A frame sent after the connection
	 * closed is dropped; a failed write closes the connection.
	 * @param frame the frame payload
	 */
	void send(byte[] frame);

	/**
	 * Write out what this thread has buffered with {@link #write}: the reader thread
	 * calls it before it stops reading for another reason than a blocking read (waiting
	 * for room for more results, say).
	 * @throws TcpException if the write fails; the connection is then closed
	 */
	void flushBuffered();

	/**
	 * Close the connection, between two writes, never in the middle of one. Does nothing
	 * if it is closing already.
	 * @param reason why
	 */
	void close(CloseReason reason);

	/**
	 * Return whether frames can still be written: no close has been asked for.
	 * @return {@code true} while open
	 */
	boolean isOpen();

}
