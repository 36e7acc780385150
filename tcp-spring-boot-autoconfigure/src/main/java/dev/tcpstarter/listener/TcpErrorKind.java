package dev.tcpstarter.listener;

/**
 * The kinds of connection errors, as the {@code kind} tag of {@code tcp.server.errors}.
 */
public enum TcpErrorKind {

	/**
	 * An {@code @OnBytes} method threw, or its asynchronous result failed.
	 */
	HANDLER("handler"),

	/**
	 * A frame was too large, malformed, or cut off by the end of the stream.
	 */
	FRAME("frame"),

	/**
	 * A read or write failed.
	 */
	IO("io"),

	/**
	 * A TLS handshake failed.
	 */
	TLS("tls"),

	/**
	 * More was queued for a peer than it read: the connection was closed (the application
	 * writes to it faster than it reads, typically pushes).
	 */
	SLOW_PEER("slow-peer");

	private final String tagValue;

	TcpErrorKind(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the name used as the {@code kind} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
