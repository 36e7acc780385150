package dev.tcpstarter.client;

import org.jspecify.annotations.Nullable;

/**
 * Matches the answers of a {@link TcpClient} to its requests by a key that both carry,
 * such as an ISO 8583 STAN, a FIX ClOrdID or a request id, so that a server may answer
 * pipelined requests in any order. Set it with
 * {@link TcpClient.Builder#correlation(TcpCorrelation)}, or name a bean of this type in
 * {@code tcp.clients.<name>.correlation}.
 * <p>
 * Keys are compared with {@link Object#equals(Object)}: return a {@code String}, a
 * number, or another value type. A frame whose key matches no pending request (server
 * push, a late answer to a request that timed out) is not an answer: it is counted as
 * unsolicited and handed to the client's service or to {@link TcpClient#readBytes()}.
 * <p>
 * Both methods run for every frame, on the connection's reader thread (responses) and on
 * the calling thread (requests): keep them fast and free of side effects.
 */
public interface TcpCorrelation {

	/**
	 * Return the key of a request about to be written.
	 * @param request the request frame
	 * @return its key, never {@code null}
	 */
	Object requestKey(byte[] request);

	/**
	 * Return the key of a frame read from the server.
	 * @param response the frame
	 * @return the key of the request it answers, or {@code null} if it answers none (a
	 * push frame)
	 */
	@Nullable Object responseKey(byte[] response);

}
