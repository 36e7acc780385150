package dev.tcpstarter.client;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Live counters of one {@link TcpClient}, read by metrics. Totals are monotonic and cover
 * every connection the client has opened. Readers see sums that may lag by a frame.
 */
public interface TcpClientStatistics {

	/**
	 * Kinds of errors, as counted by {@link #errors(String)}: {@code connect} (refused,
	 * unknown host), {@code tls} (handshake or certificate failures), {@code timeout}
	 * (connect, read, request or write timeout), {@code closed} (closed or reset by the
	 * peer), {@code frame} (a frame that could not be decoded or encoded) and {@code io}
	 * (other I/O errors).
	 */
	List<String> ERROR_KINDS = List.of("connect", "tls", "timeout", "closed", "frame", "io");

	/**
	 * Outcomes of requests, as counted by {@link #requests(String)}: {@code success} (an
	 * answer arrived), {@code timeout} (none within the read timeout) and {@code error}
	 * (the request was refused, or its connection failed or closed first).
	 */
	List<String> REQUEST_OUTCOMES = List.of("success", "timeout", "error");

	/**
	 * Return the connections opened (connected, and past the TLS handshake) since the
	 * client was built.
	 * @return the count
	 */
	long connectionsOpened();

	/**
	 * Return the connections closed since the client was built, whoever closed them.
	 * @return the count
	 */
	long connectionsClosed();

	/**
	 * Return the bytes written to the network.
	 * @return the count
	 */
	long bytesSent();

	/**
	 * Return the bytes read from the network.
	 * @return the count
	 */
	long bytesReceived();

	/**
	 * Return the frames written.
	 * @return the count
	 */
	long framesSent();

	/**
	 * Return the frames read: answers, frames read by {@link TcpClient#readBytes()} and
	 * unsolicited frames; {@link TcpClient#readBytes(int)} counts bytes only.
	 * @return the count
	 */
	long framesReceived();

	/**
	 * Return the frames that answered no pending request: server push, late answers, keys
	 * that matched no request.
	 * @return the count
	 */
	long framesUnsolicited();

	/**
	 * Return the requests that ended with an outcome.
	 * @param outcome one of {@link #REQUEST_OUTCOMES}
	 * @return the count, 0 for an unknown outcome
	 */
	long requests(String outcome);

	/**
	 * Return the total time of the requests that ended with an outcome, from
	 * {@code requestAsync} to the end.
	 * @param outcome one of {@link #REQUEST_OUTCOMES}
	 * @param unit the unit of the result
	 * @return the total time, 0 for an unknown outcome
	 */
	double requestTime(String outcome, TimeUnit unit);

	/**
	 * Return the connections opened again in the background after one was lost.
	 * @param succeeded {@code true} for attempts that connected, {@code false} for those
	 * that failed
	 * @return the count
	 */
	long reconnects(boolean succeeded);

	/**
	 * Return the errors of a kind.
	 * @param kind one of {@link #ERROR_KINDS}
	 * @return the count, 0 for an unknown kind
	 */
	long errors(String kind);

}
