package dev.tcpstarter.integration;

import org.jspecify.annotations.Nullable;

/**
 * The one way text a peer sent (or may have put into an exception message: a TLS stack
 * quotes the server name a client asked for) reaches a log line or an exception message:
 * control characters (CR and LF among them, so that a peer cannot forge log lines) and
 * non-ASCII characters are escaped, and long text is truncated.
 * <p>
 * Public only because {@code dev.tcpstarter.push} quotes connection ids and group names
 * with it: not for applications.
 */
public final class PeerText {

	private static final int MAX_QUOTED_LENGTH = 64;

	private static final int MAX_MESSAGE_LENGTH = 1024;

	private PeerText() {
	}

	/**
	 * Quote peer text: in single quotes, escaped, at most 64 characters of it. Quotes and
	 * backslashes in it are escaped too, so that the quoted text is unambiguous.
	 * @param text the text as received
	 * @return the quoted text
	 */
	public static String quote(CharSequence text) {
		StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_QUOTED_LENGTH) + 8).append('\'');
		append(quoted, text, MAX_QUOTED_LENGTH, true);
		quoted.append('\'');
		return truncated(quoted, text, MAX_QUOTED_LENGTH).toString();
	}

	/**
	 * Escape a message that may contain peer text, such as that of an exception from a
	 * TLS stack or a socket: control and non-ASCII characters are escaped, and text
	 * beyond 1024 characters is cut. Printable ASCII stays as it is, so escaping an
	 * escaped message changes nothing.
	 * @param message the message, or {@code null}
	 * @return the escaped message ({@code "null"} for {@code null})
	 */
	public static String escape(@Nullable CharSequence message) {
		if (message == null) {
			return "null";
		}
		if (isSafe(message)) {
			return message.toString();
		}
		StringBuilder escaped = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_LENGTH) + 16);
		append(escaped, message, MAX_MESSAGE_LENGTH, false);
		return truncated(escaped, message, MAX_MESSAGE_LENGTH).toString();
	}

	/**
	 * Return an exception to log in place of {@code failure}: {@code failure} itself when
	 * no message of its chain needs escaping; otherwise a copy of the chain whose
	 * messages are escaped, each with the class name of its original and its stack trace.
	 * @param failure the exception
	 * @return what to log
	 */
	public static Throwable loggable(Throwable failure) {
		if (isSafeChain(failure)) {
			return failure;
		}
		return escapedCopy(failure, 0);
	}

	private static Throwable escapedCopy(Throwable failure, int depth) {
		Throwable cause = failure.getCause();
		EscapedException copy = new EscapedException(failure.getClass().getName() + ": " + escape(failure.getMessage()),
				(cause != null && cause != failure && depth < 16) ? escapedCopy(cause, depth + 1) : null);
		copy.setStackTrace(failure.getStackTrace());
		return copy;
	}

	private static boolean isSafeChain(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
			String message = cause.getMessage();
			if (message != null && !isSafe(message)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isSafe(CharSequence text) {
		if (text.length() > MAX_MESSAGE_LENGTH) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c >= 0x7f) {
				return false;
			}
		}
		return true;
	}

	private static void append(StringBuilder out, CharSequence text, int maxLength, boolean escapeQuotes) {
		int shown = Math.min(text.length(), maxLength);
		for (int i = 0; i < shown; i++) {
			char c = text.charAt(i);
			if (escapeQuotes && (c == '\\' || c == '\'')) {
				out.append('\\').append(c);
			}
			else if (c >= 0x20 && c < 0x7f) {
				out.append(c);
			}
			else if (c == '\r') {
				out.append("\\r");
			}
			else if (c == '\n') {
				out.append("\\n");
			}
			else if (c == '\t') {
				out.append("\\t");
			}
			else {
				out.append(String.format("\\u%04x", (int) c));
			}
		}
	}

	private static StringBuilder truncated(StringBuilder out, CharSequence text, int maxLength) {
		if (text.length() > maxLength) {
			out.append("... (").append(text.length()).append(" characters)");
		}
		return out;
	}

	/**
	 * A stand-in, in logs, for an exception whose message needed escaping.
	 */
	private static final class EscapedException extends Exception {

		private static final long serialVersionUID = 1L;

		EscapedException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

		@Override
		public String toString() {
			// the message starts with the original class name
			return String.valueOf(getMessage());
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
