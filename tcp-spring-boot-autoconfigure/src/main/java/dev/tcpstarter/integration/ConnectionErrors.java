package dev.tcpstarter.integration;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpFrameException;
import dev.tcpstarter.TcpHandlerException;
import dev.tcpstarter.listener.TcpErrorKind;

/**
 * Turns what Spring Integration reports when a connection's read loop ends into what
 * handlers see: nothing for a normal end (peer closed between frames, idle timeout), a
 * {@link TcpFrameException} for a bad frame, a {@link TcpConnectionException} for other
 * I/O errors. Their messages may quote what the peer sent (a TLS stack quotes the server
 * name a client asked for, a codec its bytes): they are escaped (see {@link PeerText}),
 * so that no {@code @OnError} method or WARN line prints a line the peer forged. The
 * causes are kept as they are.
 */
final class ConnectionErrors {

	private ConnectionErrors() {
	}

	/**
	 * Describe a failure of {@code @OnBytes} or of the asynchronous result it returned.
	 * @param what {@code @OnBytes method} or {@code @OnBytes result of}
	 * @param type the connection service's type
	 * @param connectionId the connection
	 * @param cause the failure
	 * @return the error for {@code @OnError}
	 */
	static TcpHandlerException handlerFailed(String what, ConnectionServiceType type, String connectionId,
			Throwable cause) {
		return new TcpHandlerException(
				what + " " + type.describeOnBytes() + " failed on connection " + connectionId + ": " + cause, cause);
	}

	/**
	 * Classify the exception that ended a read.
	 * @return the error to report, or {@code null} for a normal end of the connection
	 */
	static @Nullable TcpException classify(Throwable failure, String connectionId) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof FramingException framing) {
				return new TcpFrameException(
						"Bad frame on connection " + connectionId + ": " + PeerText.escape(framing.getMessage()),
						framing);
			}
			if (cause instanceof SoftEndOfStreamException || cause instanceof EOFException
					|| cause instanceof SocketTimeoutException) {
				return null;
			}
			if (cause instanceof IOException) {
				return new TcpConnectionException(
						"I/O error on connection " + connectionId + ": " + PeerText.escape(cause.getMessage()), cause);
			}
		}
		return new TcpConnectionException(
				"Read failed on connection " + connectionId + ": " + PeerText.escape(failure.toString()), failure);
	}

	/**
	 * Return whether a read ended because the peer closed or shut down its output between
	 * frames.
	 */
	static boolean isEndOfStream(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SoftEndOfStreamException || cause instanceof EOFException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether a read ended because nothing arrived within the idle timeout.
	 */
	static boolean isTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the kind of an error, as the {@code kind} tag of the errors metric.
	 */
	static TcpErrorKind kind(TcpException error) {
		if (error instanceof TcpFrameException) {
			return TcpErrorKind.FRAME;
		}
		return (error instanceof TcpConnectionException) ? TcpErrorKind.IO : TcpErrorKind.HANDLER;
	}

}
