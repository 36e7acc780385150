package dev.tcpstarter.integration;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The defaults that listeners and clients share, in one place: the listener definition's
 * builder and the client's builder start from them, and the properties classes document
 * them.
 */
public final class ConnectionDefaults {

	/**
	 * The framing: each read's bytes as they arrive.
	 */
	public static final String FRAMING = "raw";

	/**
	 * The size of the length prefix of {@code length-prefix} framing, in bytes.
	 */
	public static final int LENGTH_PREFIX_SIZE = 4;

	/**
	 * The largest frame accepted: 64 KiB.
	 */
	public static final int MAX_FRAME_SIZE = 64 * 1024;

	/**
	 * The charset of {@code String} payloads and writes.
	 */
	public static final Charset CHARSET = StandardCharsets.UTF_8;

	/**
	 * How long a write may block because the peer does not read.
	 */
	public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

	private ConnectionDefaults() {
	}

}
