package dev.tcpstarter.test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Helpers to render bytes and durations in assertion messages.
 */
final class Bytes {

	private static final int MAX_DESCRIBED = 256;

	private Bytes() {
	}

	/**
	 * Describe the given bytes as quoted text when they are printable UTF-8, else as hex.
	 * @param bytes the bytes to describe
	 * @return a description such as {@code "PONG\r\n" (6 bytes)} or
	 * {@code [3 bytes] 01 ff 02}
	 */
	static String describe(byte[] bytes) {
		String text = printableText(bytes);
		return (text != null) ? text + " (" + bytes.length + " bytes)" : "[" + bytes.length + " bytes] " + hex(bytes);
	}

	private static @Nullable String printableText(byte[] bytes) {
		if (bytes.length > MAX_DESCRIBED) {
			return null;
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '\r' -> quoted.append("\\r");
				case '\n' -> quoted.append("\\n");
				case '\t' -> quoted.append("\\t");
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (Character.isISOControl(c)) {
						return null;
					}
					quoted.append(c);
				}
			}
		}
		return quoted.append('"').toString();
	}

	static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < Math.min(bytes.length, MAX_DESCRIBED); i++) {
			hex.append((i > 0) ? " " : "").append(String.format("%02x", bytes[i]));
		}
		return (bytes.length > MAX_DESCRIBED) ? hex.append(" ...").toString() : hex.toString();
	}

	static String describe(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
