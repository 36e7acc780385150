package dev.tcpstarter.listener;

/**
 * The handler methods a listener calls, as named in metrics and observations.
 */
public enum TcpHandlerKind {

	/**
	 * The {@code @OnConnect} method of the service.
	 */
	ON_CONNECT("onConnect"),

	/**
	 * The {@code @OnBytes} method of a connection service.
	 */
	ON_BYTES("onBytes"),

	/**
	 * The {@code @OnClose} method of a connection service.
	 */
	ON_CLOSE("onClose"),

	/**
	 * The {@code @OnError} method of a connection service.
	 */
	ON_ERROR("onError");

	private final String tagValue;

	TcpHandlerKind(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the name used as the {@code handler} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
