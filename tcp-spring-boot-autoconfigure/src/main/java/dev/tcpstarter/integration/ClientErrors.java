package dev.tcpstarter.integration;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpFrameException;
import dev.tcpstarter.TcpTimeoutException;

/**
 * Turns what the JDK and Spring Integration throw into the {@link TcpException}s a
 * {@code TcpClient} throws, with messages that say what happened, to which server, and
 * what to change. Each error also has a kind, one of
 * {@link dev.tcpstarter.client.TcpClientStatistics#ERROR_KINDS}.
 */
final class ClientErrors {

	static final String CONNECT = "connect";

	static final String TLS = "tls";

	static final String TIMEOUT = "timeout";

	static final String CLOSED = "closed";

	static final String FRAME = "frame";

	static final String IO = "io";

	private ClientErrors() {
	}

	/**
	 * A failure to connect: refused, unknown host, timed out.
	 */
	static TcpException connectFailed(String target, Throwable failure, Duration connectTimeout) {
		Throwable cause = unwrap(failure);
		if (cause instanceof SocketTimeoutException) {
			return new TcpTimeoutException(
					"Could not connect to " + target + " within " + format(connectTimeout) + " (connect-timeout)",
					cause);
		}
		if (cause instanceof ConnectException) {
			return new TcpConnectionException("Could not connect to " + target
					+ ": connection refused; is the server running and listening on that port?", cause);
		}
		if (cause instanceof UnknownHostException) {
			return new TcpConnectionException(
					"Could not connect to " + target + ": unknown host '" + cause.getMessage() + "'", cause);
		}
		if (cause instanceof NoRouteToHostException) {
			return new TcpConnectionException("Could not connect to " + target + ": no route to host", cause);
		}
		return new TcpConnectionException("Could not connect to " + target + ": " + describe(cause), cause);
	}

	/**
	 * A TLS failure, during the handshake or reported by the server afterwards.
	 * @param target the server, for the message
	 * @param host the host name the certificate is checked against
	 */
	static TcpConnectionException tlsFailed(String target, String host, Throwable failure) {
		Throwable cause = unwrap(failure);
		for (Throwable current = cause; current != null; current = current.getCause()) {
			String message = String.valueOf(current.getMessage());
			if (current instanceof CertificateException
					&& (message.startsWith("No subject alternative") || message.startsWith("No name matching"))) {
				return new TcpConnectionException("TLS handshake with " + target
						+ " failed: hostname mismatch, the server's certificate is not valid for '" + host + "' ("
						+ message + "). Connect with a host name that the certificate lists, or turn hostname "
						+ "verification off (ssl.verify-hostname=false) if you trust the network.", cause);
			}
			if (current instanceof CertPathBuilderException || current instanceof CertPathValidatorException
					|| message.startsWith("PKIX path")) {
				return new TcpConnectionException(
						"TLS handshake with " + target + " failed: the server's certificate is untrusted (" + message
								+ "). Trust its issuer with ssl.trust-certificate or an ssl.bundle with a trust store.",
						cause);
			}
			if (current instanceof SSLException && (message.contains("bad_certificate")
					|| message.contains("certificate_required") || message.contains("unknown_ca"))) {
				return new TcpConnectionException("TLS with " + target + " failed: the server rejected the client "
						+ "certificate or requires one (" + message + "). Configure a client certificate that the "
						+ "server trusts with ssl.certificate and ssl.certificate-private-key, or an ssl.bundle "
						+ "with a key store.", cause);
			}
		}
		return new TcpConnectionException("TLS with " + target + " failed: " + describe(cause), cause);
	}

	/**
	 * A TLS handshake that did not complete within the handshake timeout.
	 */
	static TcpTimeoutException handshakeTimedOut(String target, Duration handshakeTimeout, Throwable failure) {
		return new TcpTimeoutException("TLS handshake with " + target + " did not complete within "
				+ format(handshakeTimeout) + " (handshake-timeout)", failure);
	}

	/**
	 * A read that timed out before any byte of what it reads arrived; the stream is still
	 * in step.
	 * @param what what was read, such as {@code a frame}, for the message
	 * @param timeoutName the setting the timeout came from, for the message
	 */
	static TcpTimeoutException readTimedOut(String target, Duration timeout, String timeoutName, String what,
			@Nullable Throwable failure) {
		return new TcpTimeoutException("No data from " + target + " within " + format(timeout) + " (" + timeoutName
				+ ") while reading " + what + "; the connection stays open", failure);
	}

	/**
	 * A read that timed out after part of what it reads arrived; the stream is out of
	 * step.
	 * @param partial the number of bytes that arrived
	 * @param what what was read, such as {@code a frame}, for the message
	 * @param timeoutName the setting the timeout came from, for the message
	 */
	static TcpTimeoutException partialRead(String target, long partial, Duration timeout, String timeoutName,
			String what, Throwable failure) {
		return new TcpTimeoutException(
				"Only " + partial + " bytes of " + what + " arrived from " + target + " within " + format(timeout)
						+ " (" + timeoutName + "); the connection was closed because the rest would be out of step",
				failure);
	}

	/**
	 * A request whose answer did not arrive within the read timeout.
	 * @param inOrder whether answers are matched in order, so that the connection is
	 * closed
	 */
	static TcpTimeoutException requestTimedOut(String target, Duration timeout, boolean inOrder) {
		return new TcpTimeoutException("No answer from " + target + " within " + format(timeout) + " (read-timeout)"
				+ (inOrder ? "; the connection was closed so that a late answer cannot reach a later request"
						: "; a late answer will be dropped as unsolicited"),
				null);
	}

	/**
	 * The end of a connection that in-order requests timed out on.
	 */
	static TcpTimeoutException closedAfterTimeout(String target, Duration timeout) {
		return new TcpTimeoutException("The connection to " + target
				+ " was closed after a request got no answer within " + format(timeout) + " (read-timeout)", null);
	}

	/**
	 * A write that the write-timeout watchdog aborted by closing the connection.
	 */
	static TcpTimeoutException writeTimedOut(String target, Duration writeTimeout, Throwable failure) {
		return new TcpTimeoutException("Write to " + target + " did not complete within " + format(writeTimeout)
				+ " (write-timeout): the peer is not reading. The connection was closed", failure);
	}

	/**
	 * A frame that the serializer refused before any of it was written.
	 */
	static TcpFrameException frameNotWritten(String target, FramingException failure) {
		return new TcpFrameException("Frame not written to " + target + ": " + failure.getMessage(), failure);
	}

	/**
	 * An operation that failed because {@code TcpClient.close()} closed the connection
	 * under it.
	 */
	static TcpConnectionClosedException closedDuringOperation(String target, Throwable failure) {
		return new TcpConnectionClosedException(
				"The connection to " + target + " was closed by close() during the operation", failure);
	}

	/**
	 * Classify a failed read or write that was not a timeout.
	 * @param operation {@code read} or {@code write}
	 * @param target the server, for the message
	 * @param failure the failure
	 * @param host the host name the certificate is checked against
	 * @param freshTls whether the connection uses TLS and has received nothing yet: a
	 * server that rejects the client certificate under TLS 1.3 closes it just after the
	 * handshake
	 * @return the error, paired with its kind
	 */
	static Classified ioFailed(String operation, String target, Throwable failure, String host, boolean freshTls) {
		Throwable cause = unwrap(failure);
		String hint = freshTls ? " just after the TLS handshake; the server may have rejected the client certificate "
				+ "or require one" : "";
		if (cause instanceof FramingException) {
			return new Classified(FRAME, new TcpFrameException(
					"Bad frame " + preposition(operation) + " " + target + ": " + cause.getMessage(), cause));
		}
		if (cause instanceof SoftEndOfStreamException || cause instanceof EOFException) {
			String detail = (cause instanceof EOFException) ? " (" + cause.getMessage() + ")" : "";
			return new Classified(CLOSED, closedByPeer(operation, target, detail + hint, cause));
		}
		if (cause instanceof SSLException) {
			return new Classified(TLS, tlsFailed(target, host, cause));
		}
		// Under TLS 1.3 a write can race the reader that receives the server's alert: the
		// socket is then already closed ("Connection or outbound has closed")
		if (cause instanceof SocketException && (isResetOrBrokenPipe(cause) || freshTls)) {
			return new Classified(CLOSED,
					closedByPeer(operation, target, " (" + cause.getMessage() + ")" + hint, cause));
		}
		return new Classified(IO, new TcpConnectionException(
				capitalize(operation) + " failed on the connection to " + target + ": " + describe(cause), cause));
	}

	private static TcpConnectionException closedByPeer(String operation, String target, String detail,
			Throwable cause) {
		return new TcpConnectionException(
				capitalize(operation) + " failed: the connection to " + target + " was closed by the peer" + detail,
				cause);
	}

	/**
	 * Return whether a failure is a timeout of a socket read.
	 */
	static boolean isTimeout(Throwable failure) {
		return unwrap(failure) instanceof SocketTimeoutException;
	}

	private static boolean isResetOrBrokenPipe(Throwable cause) {
		String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
		return message.contains("reset") || message.contains("broken pipe") || message.contains("aborted");
	}

	/**
	 * Return the exception behind Spring Integration's and the codecs' wrappers.
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while (isWrapper(current) && current.getCause() != null && current.getCause() != current) {
			current = current.getCause();
		}
		return current;
	}

	private static boolean isWrapper(Throwable failure) {
		if (failure instanceof UncheckedIOException) {
			return true;
		}
		return !(failure instanceof IOException) && !(failure instanceof SoftEndOfStreamException);
	}

	/**
	 * Format a duration for messages, as it would be written in properties:
	 * {@code 500ms}, {@code 30s}.
	 */
	static String format(Duration duration) {
		if (duration.isZero()) {
			return "0s (no limit)";
		}
		if (duration.toNanosPart() % 1_000_000 != 0) {
			return duration.toNanos() + "ns";
		}
		return (duration.toMillisPart() != 0) ? duration.toMillis() + "ms" : duration.toSeconds() + "s";
	}

	private static String describe(@Nullable Throwable cause) {
		if (cause == null) {
			return "unknown error";
		}
		return (cause.getMessage() != null) ? cause.getMessage() + " (" + cause.getClass().getSimpleName() + ")"
				: cause.getClass().getName();
	}

	private static String preposition(String operation) {
		return operation.startsWith("write") ? "for" : "from";
	}

	private static String capitalize(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/**
	 * An error and its kind.
	 *
	 * @param kind one of {@link dev.tcpstarter.client.TcpClientStatistics#ERROR_KINDS}
	 * @param error the exception to throw
	 */
	record Classified(String kind, TcpException error) {
	}

}
