package dev.tcpstarter.sample;

/**
 * Text that a peer sent, made safe to quote in a log line: whoever connects chooses these
 * bytes, so a line break in them would start a forged log line, and a megabyte of them
 * would fill the log.
 * <ul>
 * <li>CR, LF and tab become {@code \r}, {@code \n} and {@code \t}; other control
 * characters (C0, DEL, C1), Unicode format characters (bidirectional overrides,
 * zero-width characters), line and paragraph separators and unpaired surrogates become
 * {@code \}{@code uXXXX}; a backslash becomes two, so that the escaped text reads back
 * unambiguously;</li>
 * <li>only the first {@value #MAX_CHARS} characters are kept, followed by
 * {@code ...(n chars)}, the length of the whole text (ASCII: a log may not be
 * UTF-8).</li>
 * </ul>
 * The starter escapes the peer text its own log lines quote; this is for the lines an
 * application writes itself.
 */
final class LogText {

	/**
	 * How many characters of a peer's text a log line shows.
	 */
	static final int MAX_CHARS = 80;

	private LogText() {
	}

	/**
	 * Escape peer text and cut it to {@value #MAX_CHARS} characters.
	 * @param text the text as received, or {@code null}
	 * @return the text to log
	 */
	static String of(CharSequence text) {
		if (text == null) {
			return "null";
		}
		int length = text.length();
		int shown = Math.min(length, MAX_CHARS);
		if (shown < length && Character.isHighSurrogate(text.charAt(shown - 1))) {
			// never cut a surrogate pair in two
			shown--;
		}
		StringBuilder out = new StringBuilder(shown + 16);
		for (int i = 0; i < shown; i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				out.append(c).append(text.charAt(++i));
			}
			else {
				append(out, c);
			}
		}
		if (shown < length) {
			out.append("...(").append(length).append(" chars)");
		}
		return out.toString();
	}

	private static void append(StringBuilder out, char c) {
		switch (c) {
			case '\r' -> out.append("\\r");
			case '\n' -> out.append("\\n");
			case '\t' -> out.append("\\t");
			case '\\' -> out.append("\\\\");
			default -> {
				if (isUnsafe(c)) {
					out.append(String.format("\\u%04x", (int) c));
				}
				else {
					out.append(c);
				}
			}
		}
	}

	/**
	 * Return whether a code point must not reach a log line or a terminal as it is: a
	 * control character, a format character, a line or paragraph separator, or a
	 * surrogate that is not part of a pair.
	 * @param codePoint the code point (a lone surrogate as its {@code char} value)
	 * @return whether to escape or replace it
	 */
	static boolean isUnsafe(int codePoint) {
		if (Character.isISOControl(codePoint)
				|| (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
			return true;
		}
		int type = Character.getType(codePoint);
		return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
	}

}
