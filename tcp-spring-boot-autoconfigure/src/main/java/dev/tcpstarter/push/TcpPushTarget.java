package dev.tcpstarter.push;

/**
 * What a push is addressed to; the {@code target} tag of {@code tcp.push.published}.
 */
public enum TcpPushTarget {

	/**
	 * Every connection in a group ({@link TcpPush#sendToGroup}).
	 */
	GROUP("group"),

	/**
	 * One connection by id ({@link TcpPush#sendToConnection}).
	 */
	CONNECTION("connection"),

	/**
	 * Every connection of a listener ({@link TcpPush#sendToListener}).
	 */
	LISTENER("listener");

	private final String tag;

	TcpPushTarget(String tag) {
		this.tag = tag;
	}

	/**
	 * Return the value of the {@code target} tag.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
