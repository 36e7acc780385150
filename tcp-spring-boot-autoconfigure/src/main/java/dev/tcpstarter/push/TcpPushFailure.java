package dev.tcpstarter.push;

/**
 * Why a push, or part of one, was not delivered; the {@code reason} tag of
 * {@code tcp.push.failed}.
 */
public enum TcpPushFailure {

	/**
	 * The transport did not accept the push ({@code sendTo…} threw a
	 * {@link dev.tcpstarter.TcpException}): the broker is unreachable or too slow.
	 */
	BROKER("broker"),

	/**
	 * A message on the topic that is not a push envelope (someone else publishing),
	 * ignored.
	 */
	MALFORMED("malformed"),

	/**
	 * A message on the topic larger than {@code tcp.push.max-frame-size} allows, ignored.
	 */
	OVERSIZED("oversized"),

	/**
	 * A connection did not take a frame (it closed meanwhile, or its framing refused the
	 * frame); only that connection missed it.
	 */
	CONNECTION("connection");

	private final String tag;

	TcpPushFailure(String tag) {
		this.tag = tag;
	}

	/**
	 * Return the value of the {@code reason} tag.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
