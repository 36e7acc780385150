package dev.tcpstarter.framing;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;

/**
 * Creates the built-in codecs by framing name.
 *
 * @author tcp-spring-boot-starter
 */
public final class Framings {

	/**
	 * Names of the built-in framings.
	 */
	public static final List<String> NAMES = List.of("raw", "lf", "crlf", "stx-etx", "length-prefix");

	private Framings() {
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
