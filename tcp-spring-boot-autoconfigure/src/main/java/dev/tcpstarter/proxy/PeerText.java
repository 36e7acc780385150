package dev.tcpstarter.proxy;

/**
 * Quotes text a peer sent for a log line or an exception message: control characters (CR
 * and LF among them, so a peer cannot forge log lines) and non-ASCII characters are
 * escaped, and long text is truncated.
 */
public final class PeerText {

	private static final int MAX_LENGTH = 64;

	private PeerText() {
	}

	/**
	 * Quote peer text: in single quotes, escaped, at most 64 characters of it.
	 * @param text the text as received
	 * @return the quoted text
	 */
	public static String quote(CharSequence text) {
		StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8).append('\'');
		int shown = Math.min(text.length(), MAX_LENGTH);
		for (int i = 0; i < shown; i++) {
			char c = text.charAt(i);
			if (c == '\\' || c == '\'') {
				quoted.append('\\').append(c);
			}
			else if (c >= 0x20 && c < 0x7f) {
				quoted.append(c);
			}
			else if (c == '\r') {
				quoted.append("\\r");
			}
			else if (c == '\n') {
				quoted.append("\\n");
			}
			else {
				quoted.append(String.format("\\u%04x", (int) c));
			}
		}
		quoted.append('\'');
		if (text.length() > shown) {
			quoted.append("... (").append(text.length()).append(" characters)");
		}
		return quoted.toString();
	}

}
