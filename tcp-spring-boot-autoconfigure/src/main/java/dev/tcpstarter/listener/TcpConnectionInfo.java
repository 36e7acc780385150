package dev.tcpstarter.listener;

import java.time.Instant;

/**
 * A snapshot of one live connection, for the actuator endpoint.
 *
 * @param id the connection id
 * @param listener the listener name
 * @param remoteAddress the client address and port
 * @param openedAt when the connection was accepted
 * @param bytesReceived bytes received so far
 * @param bytesSent bytes sent so far
 * @param secure whether the connection uses TLS
 */
public record TcpConnectionInfo(String id, String listener, String remoteAddress, Instant openedAt, long bytesReceived,
		long bytesSent, boolean secure) {

}
