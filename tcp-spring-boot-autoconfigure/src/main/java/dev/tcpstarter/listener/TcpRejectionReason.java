package dev.tcpstarter.listener;

/**
 * Why a connection was closed before it reached a connection service, as the
 * {@code reason} tag of {@code tcp.server.connections.rejected}.
 */
public enum TcpRejectionReason {

	/**
	 * The listener already had {@code max-connections} open connections.
	 */
	MAX_CONNECTIONS("max-connections"),

	/**
	 * The client address already had {@code max-connections-per-address} open
	 * connections.
	 */
	MAX_CONNECTIONS_PER_ADDRESS("max-connections-per-address"),

	/**
	 * The client address is outside {@code allowed-addresses} or inside
	 * {@code denied-addresses}.
	 */
	ADDRESS("address"),

	/**
	 * The TLS handshake failed or did not complete within {@code ssl.handshake-timeout}.
	 */
	TLS_HANDSHAKE("tls-handshake"),

	/**
	 * The PROXY protocol header was missing, malformed, or not complete within
	 * {@code proxy-protocol-timeout}, or came from a peer outside
	 * {@code trusted-proxies}.
	 */
	PROXY_PROTOCOL("proxy-protocol"),

	/**
	 * The {@code @OnConnect} method returned {@code null} or threw.
	 */
	ON_CONNECT("on-connect"),

	/**
	 * The listener was shutting down.
	 */
	SHUTDOWN("shutdown"),

	/**
	 * No thread could be had to serve the connection (the executor refused the task, or
	 * the JVM could not create a thread), or an accept failed because the process was out
	 * of file descriptors or memory; the accept is retried after a short back-off, each
	 * failed one counted.
	 */
	RESOURCES("resources");

	private final String tagValue;

	TcpRejectionReason(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the name used as the {@code reason} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
