package dev.tcpstarter.integration;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.util.Assert;

/**
 * The built-in framings (their names, the checks of their settings, their codecs) and the
 * defaults of the frame settings that listeners and clients share, in one place: the
 * listener definition's builder and the client's builder start from these defaults and
 * apply these checks, and the properties classes document them.
 * <p>
 * Public only because those builders (in {@code dev.tcpstarter.listener} and
 * {@code dev.tcpstarter.client}) and the auto-configuration use it: not for applications.
 */
public final class Framings {

	/**
	 * Names of the built-in framings.
	 */
	public static final List<String> NAMES = List.of("raw", "lf", "crlf", "stx-etx", "length-prefix");

	/**
	 * The default framing: each read's bytes as they arrive.
	 */
	public static final String DEFAULT_FRAMING = "raw";

	/**
	 * The default size of the length prefix of {@code length-prefix} framing, in bytes.
	 */
	public static final int DEFAULT_LENGTH_PREFIX_SIZE = 4;

	/**
	 * The default largest frame accepted: 64 KiB.
	 */
	public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;

	/**
	 * The default charset of {@code String} payloads and writes.
	 */
	public static final Charset DEFAULT_CHARSET = StandardCharsets.UTF_8;

	/**
	 * How long writing a frame may block by default because the peer does not read.
	 */
	public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);

	// the largest array a JVM reliably allocates
	private static final int MAX_FRAME_SIZE = Integer.MAX_VALUE - 8;

	private Framings() {
	}

	/**
	 * Check the size of the length prefix of {@code length-prefix} framing.
	 * @param lengthPrefixSize the size in bytes
	 * @throws IllegalArgumentException unless it is 1, 2 or 4
	 */
	public static void checkLengthPrefixSize(int lengthPrefixSize) {
		Assert.isTrue(lengthPrefixSize == 1 || lengthPrefixSize == 2 || lengthPrefixSize == 4,
				"length-prefix-size must be 1, 2 or 4");
	}

	/**
	 * Check the largest frame a codec accepts.
	 * @param maxFrameSize the size in bytes
	 * @return the size as an {@code int}
	 * @throws IllegalArgumentException unless it is from 1 byte to 2 GB
	 */
	public static int checkMaxFrameSize(long maxFrameSize) {
		Assert.isTrue(maxFrameSize > 0 && maxFrameSize <= MAX_FRAME_SIZE, "max-frame-size must be from 1B to 2GB");
		return (int) maxFrameSize;
	}

	/**
	 * Create a new codec for a built-in framing.
	 * @param name the framing name, one of {@link #NAMES}
	 * @param maxFrameSize the largest frame accepted, in bytes
	 * @param lengthPrefixSize the prefix size for {@code length-prefix}
	 * @return a new codec, or {@code null} if {@code name} is not a built-in framing
	 */
	public static @Nullable AbstractByteArraySerializer create(String name, int maxFrameSize, int lengthPrefixSize) {
		AbstractByteArraySerializer codec = switch (name) {
			case "raw" -> new RawFraming();
			case "lf" -> DelimitedFraming.lf();
			case "crlf" -> DelimitedFraming.crlf();
			case "stx-etx" -> DelimitedFraming.stxEtx();
			case "length-prefix" -> new LengthPrefixFraming(lengthPrefixSize);
			default -> null;
		};
		if (codec != null) {
			codec.setMaxMessageSize(maxFrameSize);
		}
		return codec;
	}

}
