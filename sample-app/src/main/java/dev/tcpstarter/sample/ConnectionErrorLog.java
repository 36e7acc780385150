package dev.tcpstarter.sample;

import org.apache.commons.logging.Log;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpHandlerException;

/**
 * What an {@code @OnError} method of an internet-facing service logs. Without one, the
 * starter logs every error of a connection at WARN, and a peer decides how many there
 * are: a reset connection, a line above {@code max-frame-size} or a peer that vanishes is
 * routine, counted by the starter's meters ({@code tcp.server.errors{kind}}), so it is
 * logged at DEBUG here; a failing handler is a bug of the service, logged at WARN at most
 * once a minute.
 */
final class ConnectionErrorLog {

	private final Log logger;

	private final OncePerMinuteLog handlerFailures;

	ConnectionErrorLog(Log logger) {
		this.logger = logger;
		this.handlerFailures = new OncePerMinuteLog(logger);
	}

	/**
	 * Log an error of a connection.
	 * @param error the error; the starter escapes the peer text its message quotes
	 * @param caller the connection
	 */
	void log(TcpException error, TcpCaller caller) {
		if (error instanceof TcpHandlerException) {
			this.handlerFailures.warn("Handler failed on connection " + caller.id() + ": " + error.getMessage());
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug("Connection " + caller.id() + ": " + error.getMessage());
		}
	}

}
