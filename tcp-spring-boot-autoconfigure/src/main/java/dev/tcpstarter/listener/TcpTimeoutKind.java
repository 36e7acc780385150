package dev.tcpstarter.listener;

/**
 * The timeouts that close open connections, as the {@code timeout} tag of
 * {@code tcp.server.connections.timed-out}.
 */
public enum TcpTimeoutKind {

	/**
	 * The peer sent nothing for {@code idle-timeout}.
	 */
	IDLE("idle"),

	/**
	 * A frame that had started did not arrive whole within {@code frame-timeout}.
	 */
	FRAME("frame"),

	/**
	 * A write was blocked for {@code write-timeout} because the peer did not read.
	 */
	WRITE("write");

	private final String tagValue;

	TcpTimeoutKind(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the name used as the {@code timeout} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
